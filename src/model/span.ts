import type { Span } from "./schema.js";

/** The text a span covers. */
export function sliceSpan(text: string, span: Span): string {
  return text.slice(span[0], span[1]);
}

export function spanLength(span: Span): number {
  return span[1] - span[0];
}

/** Length of the overlap of two spans (0 when disjoint). */
export function overlapLength(a: Span, b: Span): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

export function containsSpan(outer: Span, inner: Span): boolean {
  return outer[0] <= inner[0] && inner[1] <= outer[1];
}

/** Shrink a span so it starts and ends on non-whitespace (empty spans collapse to their start). */
export function trimSpan(text: string, span: Span): Span {
  let [start, end] = span;
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  return [start, end];
}
