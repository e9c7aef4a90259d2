/**
 * Prompt `name-key-points@2` (hybrid and llm engines): after the classic matcher has formed the
 * key points, a short self-contained name for each of the most argued ones, from a few member
 * quotes. The name is display text only: the key point keeps its id, members, counts and spans.
 */
import { z } from "zod";
import type { Prompt } from "../client.js";
import { languageNote } from "./thread.js";

// @2: a quote that repeats the point's own text is not sent again.
export const PROMPT_ID = "name-key-points@2";

/** Longest name kept (characters); longer answers are not names and are dropped. */
export const MAX_NAME_CHARS = 160;

export const NamedPoint = z.object({ id: z.string(), name: z.string().trim().min(3).max(MAX_NAME_CHARS) });
export const NamedPoints = z.object({ points: z.array(NamedPoint) });
export type NamedPoints = z.infer<typeof NamedPoints>;

/** One key point as the prompt shows it: its current text and a few member quotes. */
export interface KeyPointView {
  id: string;
  text: string;
  members: number;
  quotes: string[];
}

export interface NamePrompt {
  prompt: Prompt;
  /** Local id (k1…) → key point id. */
  points: Map<string, string>;
}

const SYSTEM =
  "You are an editor who names the points people make in a debate, faithfully. You answer with JSON only.";

const INSTRUCTIONS = `<instructions>
Each key point in <key-points> groups statements by different people that make the same point; its quotes are some of them.
For every key point, write "name": one short, self-contained sentence (at most 12 words) that states the point the quotes share, readable without the thread (no "this", "it" or "they" pointing outside the sentence). Add nothing the quotes do not say.
Use only the ids given. Answer as {"points":[{"id":"k1","name":"…"}]}.
</instructions>`;

const MAX_QUOTE_CHARS = 240;
const oneLine = (text: string) => {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > MAX_QUOTE_CHARS ? `${t.slice(0, MAX_QUOTE_CHARS)}…` : t;
};

const RETRY = `<note>
An earlier answer left these key points out or named them invalidly: name every one, 3 to ${MAX_NAME_CHARS} characters.
</note>`;

/**
 * Render the prompt of a group of key points; `retry` asks again for points an earlier answer
 * missed (a different prompt, so the cache does not return the same answer).
 */
export function renderNameKeyPoints(views: readonly KeyPointView[], retry = false): NamePrompt {
  const note = languageNote(views.flatMap((v) => [v.text, ...v.quotes]));
  const lines: string[] = [INSTRUCTIONS, ...(retry ? [RETRY] : []), ...(note ? [note] : []), "<key-points>"];
  const points = new Map<string, string>();
  for (const view of views) {
    const k = `k${points.size + 1}`;
    points.set(k, view.id);
    lines.push(`<key-point id="${k}" members="${view.members}">`);
    const point = oneLine(view.text);
    lines.push(`point: ${point}`);
    for (const q of view.quotes) if (oneLine(q) !== point) lines.push(`- ${oneLine(q)}`);
    lines.push("</key-point>");
  }
  lines.push("</key-points>");
  return {
    prompt: {
      id: PROMPT_ID,
      stage: "name",
      system: SYSTEM,
      text: lines.join("\n"),
      expectTokens: 24 * views.length,
    },
    points,
  };
}
