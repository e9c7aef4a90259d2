/**
 * Layout of the map overview, pure (no DOM): labels wrapped to a width, and node boxes packed in
 * rows so that no two boxes overlap. Nodes joined by edges are placed next to each other (a
 * breadth-first walk from the best-ranked node), so most edges are short; the rows are as wide as
 * makes the whole picture about the shape of the screen.
 */

/** Width of a text in pixels at the node's font (the browser measures with a canvas). */
export type MeasureText = (text: string) => number;

/**
 * Wrap `text` into lines no wider than `maxWidth`, at most `maxLines` (the last one cut with `…`).
 * A word wider than the line is cut. Iterative and linear in the words.
 *
 * @example wrapLabel("a b c", 10, (t) => t.length * 5, 3) // → ["a b", "c"]
 */
export function wrapLabel(text: string, maxWidth: number, measure: MeasureText, maxLines: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = "";
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    while (measure(word) > maxWidth && word.length > 1) {
      // A word too long for a line: fill the line with as much of it as fits.
      let cut = word.length - 1;
      while (cut > 1 && measure(word.slice(0, cut)) > maxWidth) cut--;
      if (line !== "") lines.push(line);
      lines.push(word.slice(0, cut));
      line = "";
      word = word.slice(cut);
    }
    const next = line === "" ? word : `${line} ${word}`;
    if (measure(next) <= maxWidth || line === "") line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 1 && measure(`${last}…`) > maxWidth) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.replace(/[\s,;:.]+$/u, "")}…`;
  return kept;
}

export interface LayoutBox {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface Placed {
  id: string;
  /** Centre of the box. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Gaps between boxes, in pixels: wide enough for an edge to pass between two boxes. */
export const GAP_X = 36;
export const GAP_Y = 44;

/** The order boxes are placed in: breadth-first from each not yet placed box, in the given order. */
function walkOrder(boxes: readonly LayoutBox[], edges: readonly LayoutEdge[]): LayoutBox[] {
  const index = new Map(boxes.map((b, i) => [b.id, i]));
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!index.has(e.from) || !index.has(e.to)) continue;
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    next.set(e.to, [...(next.get(e.to) ?? []), e.from]);
  }
  for (const list of next.values()) list.sort((a, b) => index.get(a)! - index.get(b)!);
  const seen = new Set<string>();
  const order: LayoutBox[] = [];
  for (const start of boxes) {
    if (seen.has(start.id)) continue;
    seen.add(start.id);
    const queue = [start.id];
    for (let q = 0; q < queue.length; q++) {
      const id = queue[q]!;
      order.push(boxes[index.get(id)!]!);
      for (const n of next.get(id) ?? [])
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
    }
  }
  return order;
}

/**
 * Place the boxes (best first) in rows, left to right and top to bottom, so no two overlap.
 * `aspect` is the screen's width over height; the rows are as wide as the widest box at least.
 *
 * @example packOverview([{ id: "a", width: 100, height: 40 }], [], 1.5)[0] // → { id: "a", x: 50, y: 20, … }
 */
export function packOverview(
  boxes: readonly LayoutBox[],
  edges: readonly LayoutEdge[],
  aspect: number,
): Placed[] {
  let area = 0;
  let widest = 0;
  for (const b of boxes) {
    area += (b.width + GAP_X) * (b.height + GAP_Y);
    widest = Math.max(widest, b.width);
  }
  const rowWidth = Math.max(widest, Math.sqrt(area * Math.max(0.3, aspect)));
  const placed: Placed[] = [];
  let row: LayoutBox[] = [];
  let x = 0;
  let y = 0;
  const flush = () => {
    let height = 0;
    for (const b of row) height = Math.max(height, b.height);
    let left = 0;
    for (const b of row) {
      placed.push({ id: b.id, x: left + b.width / 2, y: y + height / 2, width: b.width, height: b.height });
      left += b.width + GAP_X;
    }
    y += height + GAP_Y;
    row = [];
    x = 0;
  };
  for (const b of walkOrder(boxes, edges)) {
    if (row.length > 0 && x + b.width > rowWidth) flush();
    row.push(b);
    x += b.width + GAP_X;
  }
  if (row.length > 0) flush();
  return placed;
}
