/**
 * Synthetic `SourceAnalysis` values for store tests, the crash driver and the store benchmark:
 * a thread of posts made of given sentences, one segment and one unit per sentence, a reply
 * relation per post. Spans are exact (`text.slice(span) === text`), ids are content-hash based
 * like the real ingest's.
 */
import { createHash } from "node:crypto";
import type { SourceAnalysis } from "../../src/pipeline/analyse.js";
import type { Post, Provenance, Relation, Segment, Unit, UnitKind } from "../../src/model/index.js";
import type { RunInfo } from "../../src/store/port.js";
import { seededRandom } from "../../src/util/random.js";

export const SYNTHETIC_RUN: RunInfo = {
  engine: "classic",
  engineVersion: "0.0.0-test",
  models: { units: "test-1" },
  options: { synthetic: true },
  timings: { analyse: 1 },
};

const BY: Provenance = { stage: "synthetic", version: "1", engine: "classic" };
const KINDS: UnitKind[] = ["claim", "premise", "evidence", "none", "major-claim"];

export interface SyntheticPost {
  author?: string;
  sentences: string[];
}

/** Build one source's analysis from posts of sentences. */
export function syntheticAnalysis(
  name: string,
  posts: SyntheticPost[],
  opts: { uri?: string } = {},
): SourceAnalysis {
  let text = "";
  const layout: { span: [number, number]; sentences: [number, number][] }[] = [];
  for (const p of posts) {
    if (text.length > 0) text += "\n\n";
    const start = text.length;
    const sentences: [number, number][] = [];
    p.sentences.forEach((s, i) => {
      if (i > 0) text += " ";
      sentences.push([text.length, text.length + s.length]);
      text += s;
    });
    layout.push({ span: [start, text.length], sentences });
  }
  const sourceId = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const postsOut: Post[] = [];
  const segments: Segment[] = [];
  const units: Unit[] = [];
  const relations: Relation[] = [];
  layout.forEach((l, i) => {
    const postId = `${sourceId}:p${i}`;
    const author = posts[i]!.author;
    postsOut.push({
      id: postId,
      sourceId,
      index: i,
      ...(author !== undefined ? { author } : {}),
      ...(i > 0 ? { parentId: `${sourceId}:p0` } : {}),
      span: l.span,
      bodySpans: [l.span],
      quotes: [],
      by: BY,
    });
    l.sentences.forEach((span, j) => {
      const segId = `${postId}.s${j}`;
      const segText = text.slice(span[0], span[1]);
      segments.push({ id: segId, sourceId, postId, index: j, kind: "sentence", span, text: segText, by: BY });
      units.push({
        id: `${segId}.u`,
        segmentId: segId,
        sourceId,
        postId,
        kind: KINDS[(i + j) % KINDS.length]!,
        confidence: 0.5 + ((i * 7 + j * 3) % 5) / 10,
        span,
        text: segText,
        signals: j === 0 ? ["first-sentence"] : [],
        by: BY,
      });
    });
    if (i > 0) {
      relations.push({
        id: `${sourceId}:r${i}`,
        kind: "reply",
        level: "post",
        from: postId,
        to: `${sourceId}:p0`,
        confidence: 1,
        sourceId,
        span: l.span,
        signals: ["thread-structure"],
        by: BY,
      });
    }
  });
  return {
    source: {
      id: sourceId,
      name,
      ...(opts.uri ? { uri: opts.uri } : {}),
      format: "thread-text",
      text,
      posts: postsOut,
    },
    segments,
    units,
    relations,
    diagnostics: [],
  };
}

export { seededRandom };

const WORDS = (
  "energy nuclear solar wind cost safety waste carbon climate policy school uniform students freedom " +
  "expression discipline bullying price tax income health care market vaccine risk evidence study data " +
  "reason because therefore however people should must never always cheap expensive clean dangerous"
).split(" ");

/** Deterministic sentences from a seed: for tests that need no real text. */
export function generatedPosts(seed: number, postCount: number, sentencesPerPost = 3): SyntheticPost[] {
  const rand = seededRandom(seed);
  const pick = () => WORDS[Math.floor(rand() * WORDS.length)]!;
  return Array.from({ length: postCount }, (_, i) => ({
    author: `user${Math.floor(rand() * 20)}`,
    sentences: Array.from({ length: sentencesPerPost }, (_, j) => {
      const n = 5 + Math.floor(rand() * 8);
      const words = Array.from({ length: n }, pick);
      return `${words.join(" ")} ${seed}x${i}x${j}.`;
    }),
  }));
}

/** A three-author thread about energy that the store tests search and filter. */
export const energyThread = (): SourceAnalysis =>
  syntheticAnalysis(
    "energy-thread.txt",
    [
      {
        author: "alice",
        sentences: ["Nuclear power is the safest source of energy.", "Deaths per terawatt hour are lowest."],
      },
      {
        author: "bob",
        sentences: ["Nuclear waste stays dangerous for millennia.", "Storage sites keep leaking."],
      },
      {
        author: "carol",
        sentences: ["Solar panels got ninety percent cheaper.", "Nuclear plants take decades to build."],
      },
    ],
    { uri: "file:///threads/energy-thread.txt" },
  );
