/**
 * Prompt `label-thread@1` (hybrid engine): the classic engine has segmented the posts and
 * proposed support/attack candidates; the model labels every segment's argumentative kind,
 * every candidate relation, and the stance of every reply towards the post it answers.
 */
import { z } from "zod";
import type { Prompt } from "../client.js";
import type { Batch } from "../batches.js";
import { renderThread, type ThreadIds } from "./thread.js";

export const PROMPT_ID = "label-thread@1";

export const UnitLabel = z.object({
  id: z.string(),
  kind: z.enum(["major-claim", "claim", "premise", "evidence", "none"]),
});
export const RelationLabel = z.object({ id: z.string(), label: z.enum(["support", "attack", "none"]) });
export const ReplyLabel = z.object({ id: z.string(), stance: z.enum(["support", "attack", "neutral"]) });
export const ThreadLabels = z.object({
  units: z.array(UnitLabel),
  relations: z.array(RelationLabel),
  replies: z.array(ReplyLabel),
});
export type ThreadLabels = z.infer<typeof ThreadLabels>;

/** A support/attack candidate between two segments of the batch. */
export interface Candidate {
  from: string;
  to: string;
}

export interface LabelThreadPrompt {
  prompt: Prompt;
  ids: ThreadIds & {
    /** Local relation id (r1…) → candidate. */
    relations: Map<string, Candidate>;
    /** Local post ids of the replies to label. */
    replies: Set<string>;
  };
}

const SYSTEM = "You are a careful annotator of argument structure. You answer with JSON only.";

const INSTRUCTIONS = `<instructions>
Annotate the argument structure of the discussion in <thread>. Each post lists its segments as "s<n>: text".
1. For every segment give its kind:
   major-claim: the main position the post argues for (at most one per post);
   claim: a contestable assertion; premise: a reason given for a claim;
   evidence: facts, data, examples or sources backing a claim; none: not argumentative (greetings, questions, asides).
2. For every candidate in <candidates> ("r<n>: s<a> -> s<b>"), say whether s<a> supports s<b>, attacks s<b>, or neither ("none").
3. For every post with replies-to, say whether it supports (agrees with), attacks (disagrees with) or is neutral to the post it answers.
Use only the ids given; include every segment, every candidate and every reply exactly once.
Answer as {"units":[{"id":"s1","kind":"claim"}],"relations":[{"id":"r1","label":"support"}],"replies":[{"id":"p2","stance":"attack"}]}.
</instructions>`;

/** Render the prompt of a batch with its candidate relations. */
export function renderLabelThread(
  batch: Batch,
  sourceText: string,
  candidates: readonly Candidate[],
): LabelThreadPrompt {
  const thread = renderThread(batch, sourceText);
  const relations = new Map<string, Candidate>();
  const lines: string[] = [];
  for (const c of candidates) {
    const a = thread.ids.localSegment.get(c.from);
    const b = thread.ids.localSegment.get(c.to);
    if (a === undefined || b === undefined) continue;
    const r = `r${relations.size + 1}`;
    relations.set(r, c);
    lines.push(`${r}: ${a} -> ${b}`);
  }
  const replies = new Set<string>();
  for (const [local, postId] of thread.ids.posts) {
    if (batch.posts.some((b) => b.post.id === postId && b.parent !== undefined)) replies.add(local);
  }
  const text = [
    INSTRUCTIONS,
    thread.text,
    `<candidates>\n${lines.length > 0 ? lines.join("\n") : "(none)"}\n</candidates>`,
  ].join("\n");
  return {
    prompt: {
      id: PROMPT_ID,
      stage: "label",
      system: SYSTEM,
      text,
      expectTokens: 10 * (thread.ids.segments.size + relations.size + replies.size) + 20,
    },
    ids: { ...thread.ids, relations, replies },
  };
}
