/**
 * A source whose posts are plain texts, each one argumentative unit: how the ArgKP evaluation and
 * the benchmark feed argument lists (no thread, no segmenter) to key point analysis.
 */
import type { Post, SourceDoc, Unit } from "../model/index.js";

const BY = { stage: "texts", version: "1.0.0", engine: "import" } as const;

/**
 * One post and one `claim` unit per text (texts separated by a blank line; spans exact).
 * @example const { source, units } = sourceFromTexts(["Uniforms reduce bullying."], "topic-1")
 */
export function sourceFromTexts(
  texts: readonly string[],
  id: string,
  options: { authors?: readonly (string | undefined)[]; confidence?: number; name?: string } = {},
): { source: SourceDoc; units: Unit[] } {
  const parts: string[] = [];
  const posts: Post[] = [];
  const units: Unit[] = [];
  let at = 0;
  texts.forEach((raw, index) => {
    const text = raw.replace(/\s+/g, " ").trim();
    const span: [number, number] = [at, at + text.length];
    const postId = `${id}:p${index}`;
    const author = options.authors?.[index];
    posts.push({
      id: postId,
      sourceId: id,
      index,
      span,
      bodySpans: [span],
      quotes: [],
      by: BY,
      ...(author ? { author } : {}),
    });
    units.push({
      id: `${id}:u${index}`,
      segmentId: `${id}:g${index}`,
      sourceId: id,
      postId,
      kind: "claim",
      confidence: options.confidence ?? 0.8,
      span,
      text,
      signals: [],
      by: BY,
    });
    parts.push(text);
    at += text.length + 2;
  });
  const source: SourceDoc = { id, name: options.name ?? id, format: "text", text: parts.join("\n\n"), posts };
  return { source, units };
}
