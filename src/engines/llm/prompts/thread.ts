/**
 * The `<thread>` section shared by the labelling prompts: posts with short local ids (p1, s1…)
 * so the model answers with ids that are cheap to write and checked against the input.
 */
import { detectLanguage } from "../../../util/language.js";
import type { Batch } from "../batches.js";

export interface ThreadIds {
  /** Local segment id (s1…) → segment id. */
  segments: Map<string, string>;
  /** Local post id (p1…) → post id. */
  posts: Map<string, string>;
  /** Segment id → local segment id. */
  localSegment: Map<string, string>;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The line a prompt opens its texts with when they are not in English (detected offline), so
 * the model writes names and summaries in the texts' language; none for English or too little text.
 */
export function languageNote(texts: readonly string[]): string | undefined {
  const language = detectLanguage(texts.join("\n"));
  return language && language.code !== "eng"
    ? `The texts are in ${language.name}: write every name and summary in ${language.name}.`
    : undefined;
}
const attr = (text: string) => text.replace(/["<>\n]/g, " ").slice(0, 60);

/**
 * The thread section of a batch and the local ids it used. A thread not in English says its
 * language (detected offline from the whole source), so the model reads and quotes it as written.
 */
export function renderThread(batch: Batch, sourceText: string): { text: string; ids: ThreadIds } {
  const ids: ThreadIds = { segments: new Map(), posts: new Map(), localSegment: new Map() };
  const localPost = new Map<string, string>();
  const language = detectLanguage(sourceText);
  const lines: string[] =
    language && language.code !== "eng"
      ? [
          `The thread is in ${language.name}: read it in ${language.name} and quote it exactly as written.`,
          `<thread language="${language.name}">`,
        ]
      : ["<thread>"];
  for (const entry of batch.posts) {
    let p = localPost.get(entry.post.id);
    if (p === undefined) {
      p = `p${localPost.size + 1}`;
      localPost.set(entry.post.id, p);
      ids.posts.set(p, entry.post.id);
    }
    const parent = entry.parent ? (localPost.get(entry.parent.id) ?? "an earlier post") : undefined;
    const author = entry.post.author ? ` author="${attr(entry.post.author)}"` : "";
    lines.push(`<post id="${p}"${author}${parent ? ` replies-to="${parent}"` : ""}>`);
    if (entry.context) lines.push(`<context>${oneLine(entry.context)}</context>`);
    for (const s of entry.segments) {
      const local = `s${ids.segments.size + 1}`;
      ids.segments.set(local, s.id);
      ids.localSegment.set(s.id, local);
      lines.push(`${local}: ${oneLine(sourceText.slice(s.span[0], s.span[1]))}`);
    }
    lines.push("</post>");
  }
  lines.push("</thread>");
  return { text: lines.join("\n"), ids };
}
