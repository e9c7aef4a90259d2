/**
 * Prompt `extract-units@1` (llm engine): the model finds the argumentative units of the posts
 * itself, quoting each one verbatim, and relates them. Every quote is aligned to the source
 * before use (see `align.ts`); what cannot be aligned is dropped.
 */
import { z } from "zod";
import type { Prompt } from "../client.js";
import type { Batch } from "../batches.js";
import { renderThread, type ThreadIds } from "./thread.js";
import { ReplyLabel } from "./label-thread.js";

export const PROMPT_ID = "extract-units@1";

export const ExtractedUnit = z.object({
  id: z.string(),
  quote: z.string().min(1),
  kind: z.enum(["major-claim", "claim", "premise", "evidence"]),
});
export const ExtractedRelation = z.object({
  from: z.string(),
  to: z.string(),
  label: z.enum(["support", "attack"]),
});
export const ExtractedUnits = z.object({
  units: z.array(ExtractedUnit),
  relations: z.array(ExtractedRelation),
  replies: z.array(ReplyLabel),
});
export type ExtractedUnits = z.infer<typeof ExtractedUnits>;

export interface ExtractUnitsPrompt {
  prompt: Prompt;
  ids: ThreadIds & { replies: Set<string> };
}

const SYSTEM = "You are a careful annotator of argument structure. You answer with JSON only.";

const INSTRUCTIONS = `<instructions>
Find the argumentative units of the discussion in <thread>: claims, premises (reasons) and evidence.
Quote each unit verbatim from one segment ("s<n>: text"); never paraphrase, never join segments.
Kinds: major-claim (the main position of a post, at most one per post), claim, premise, evidence.
Give each unit an id u1, u2…; relate units with support or attack ("from" supports/attacks "to").
For every post with replies-to, say whether it supports, attacks or is neutral to the post it answers.
Answer as {"units":[{"id":"u1","quote":"…","kind":"claim"}],"relations":[{"from":"u2","to":"u1","label":"support"}],"replies":[{"id":"p2","stance":"attack"}]}.
</instructions>`;

/** Render the prompt of a batch. */
export function renderExtractUnits(batch: Batch, sourceText: string): ExtractUnitsPrompt {
  const thread = renderThread(batch, sourceText);
  const replies = new Set<string>();
  for (const [local, postId] of thread.ids.posts)
    if (batch.posts.some((b) => b.post.id === postId && b.parent !== undefined)) replies.add(local);
  const chars = batch.posts.reduce(
    (n, b) => n + b.segments.reduce((m, s) => m + s.span[1] - s.span[0], 0),
    0,
  );
  return {
    prompt: {
      id: PROMPT_ID,
      stage: "extract",
      system: SYSTEM,
      text: `${INSTRUCTIONS}\n${thread.text}`,
      // Quotes repeat about half the text, plus ids, kinds and relations.
      expectTokens: Math.ceil(chars / 8) + 20 * thread.ids.segments.size + 10 * replies.size + 20,
    },
    ids: { ...thread.ids, replies },
  };
}
