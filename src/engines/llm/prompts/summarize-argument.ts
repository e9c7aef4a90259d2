/**
 * Prompt `summarize-argument@1` (hybrid and llm engines): for the best-ranked arguments, a thesis
 * paragraph that tells the story of the exchange and key claims as crisp headlines, each citing
 * the units (u1…) it summarises, so a reader can go from a headline to the sentences behind it.
 */
import { z } from "zod";
import type { Prompt } from "../client.js";
import { languageNote } from "./thread.js";

export const PROMPT_ID = "summarize-argument@1";

export const WrittenHeadline = z.object({ text: z.string().min(1), units: z.array(z.string()) });
export const WrittenArgument = z.object({
  id: z.string(),
  thesis: z.string().min(1),
  units: z.array(z.string()),
  headlines: z.array(WrittenHeadline),
});
export const WrittenArguments = z.object({ arguments: z.array(WrittenArgument) });
export type WrittenArguments = z.infer<typeof WrittenArguments>;

/** One argument as the prompt shows it: its units in role order. */
export interface ArgumentView {
  id: string;
  units: { id: string; role: "thesis" | "claim" | "evidence" | "objection" | "rebuttal"; text: string }[];
}

export interface SummarizePrompt {
  prompt: Prompt;
  /** Local argument id (a1…) → argument id; local unit id (u1…) → unit id, per argument. */
  arguments: Map<string, { id: string; units: Map<string, string> }>;
}

const SYSTEM =
  "You are an editor who writes clear, faithful summaries of debates. You answer with JSON only.";

const INSTRUCTIONS = `<instructions>
For every argument in <arguments>, write:
- "thesis": one paragraph (40-90 words) that tells the story of the argument: the position, its main reasons, and how objections were met. Write in your own words but add nothing the units do not say.
- "headlines": 2 to 5 key claims as crisp headlines (at most 15 words each), each with "units": the ids of the units it summarises (at least one).
- "units": the ids of the units the thesis paragraph draws on.
Use only the ids given. Answer as {"arguments":[{"id":"a1","thesis":"…","units":["u1"],"headlines":[{"text":"…","units":["u2","u3"]}]}]}.
</instructions>`;

const MAX_UNIT_CHARS = 320;
const oneLine = (text: string) => {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > MAX_UNIT_CHARS ? `${t.slice(0, MAX_UNIT_CHARS)}…` : t;
};

/** Render the prompt of a group of arguments. */
export function renderSummarize(views: readonly ArgumentView[]): SummarizePrompt {
  const note = languageNote(views.flatMap((v) => v.units.map((u) => u.text)));
  const lines: string[] = [INSTRUCTIONS, ...(note ? [note] : []), "<arguments>"];
  const map = new Map<string, { id: string; units: Map<string, string> }>();
  let units = 0;
  for (const view of views) {
    const a = `a${map.size + 1}`;
    const local = new Map<string, string>();
    map.set(a, { id: view.id, units: local });
    lines.push(`<argument id="${a}">`);
    for (const u of view.units) {
      const id = `u${local.size + 1}`;
      local.set(id, u.id);
      lines.push(`${id} (${u.role}): ${oneLine(u.text)}`);
      units++;
    }
    lines.push("</argument>");
  }
  lines.push("</arguments>");
  return {
    prompt: {
      id: PROMPT_ID,
      stage: "summarize",
      system: SYSTEM,
      text: lines.join("\n"),
      expectTokens: 200 * views.length + 4 * units,
    },
    arguments: map,
  };
}
