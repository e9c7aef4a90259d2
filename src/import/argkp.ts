/**
 * ArgKP (IBM key point matching) import: one source per topic whose text is the topic followed
 * by its arguments (one post each); the topic is the major claim, each argument a claim that
 * supports (stance 1) or attacks (stance -1) it; key points become KeyPoints whose matches are
 * the arguments labelled 1.
 */
import type { ArgKpSplit } from "../datasets/argkp.js";
import type { ArgumentMap } from "../model/index.js";
import {
  buildImportedMap,
  mergeMaps,
  type ImportedPost,
  type ImportedUnit,
  type ImportSpec,
} from "./build.js";

const STAGE = "import/argkp";

/**
 * Convert a read ArgKP split (see `readArgKp`) into a map.
 *
 * @example
 * importArgKp(readArgKp("../shared/data/argkp-2021", "dev")).sources.length // topics
 */
export function importArgKp(split: ArgKpSplit): ArgumentMap {
  const topics = [
    ...new Set([...split.arguments.map((a) => a.topic), ...split.keyPoints.map((k) => k.topic)]),
  ];
  const matches = new Map<string, string[]>();
  for (const l of split.labels)
    if (l.label === 1) matches.set(l.kpId, [...(matches.get(l.kpId) ?? []), l.argId]);
  return mergeMaps(
    topics.map((topic) => {
      const args = split.arguments.filter((a) => a.topic === topic);
      let text = topic;
      const posts: ImportedPost[] = [{ span: [0, topic.length] }];
      const units: ImportedUnit[] = [{ key: "topic", span: [0, topic.length], kind: "major-claim" }];
      for (const a of args) {
        text += "\n\n";
        const span: [number, number] = [text.length, text.length + a.text.length];
        text += a.text;
        posts.push({ span, parentIndex: 0 });
        units.push({ key: a.id, span, kind: "claim", signals: [`stance:${a.stance > 0 ? "pro" : "con"}`] });
      }
      const argIds = new Set(args.map((a) => a.id));
      const keyPoints: NonNullable<ImportSpec["keyPoints"]> = split.keyPoints
        .filter((k) => k.topic === topic)
        .map((k) => {
          const matched = (matches.get(k.id) ?? []).filter((id) => argIds.has(id));
          const first = units.find((u) => u.key === matched[0]);
          return {
            id: k.id,
            text: k.text,
            span: first?.span ?? [0, 0],
            unitKeys: matched,
            authorCount: matched.length,
            postCount: matched.length,
            coverage: args.length > 0 ? matched.length / args.length : 0,
            stance: k.stance > 0 ? "pro" : "con",
          };
        });
      return buildImportedMap({
        stage: STAGE,
        name: topic,
        title: topic,
        format: "thread-text",
        text,
        posts,
        units,
        relations: args.map((a) => ({ kind: a.stance > 0 ? "support" : "attack", from: a.id, to: "topic" })),
        keyPoints,
        diagnostics: [],
      });
    }),
  );
}
