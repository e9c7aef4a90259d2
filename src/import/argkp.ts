/**
 * ArgKP (IBM key point matching) import: one source per topic whose text is the topic followed
 * by its arguments (one post each); the topic is the major claim, each argument a claim that
 * supports (stance 1) or attacks (stance -1) it; key points become KeyPoints whose matches are
 * the arguments labelled 1.
 */
import type { ArgKpSplit } from "../datasets/argkp.js";
import type { ArgumentMap, Diagnostic } from "../model/index.js";
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
  // A repeated label row counts once (a key point cannot cover more arguments than there are).
  const matches = new Map<string, Set<string>>();
  for (const l of split.labels)
    if (l.label === 1) matches.set(l.kpId, (matches.get(l.kpId) ?? new Set()).add(l.argId));
  const diagnostics: Diagnostic[] = [];
  const skip = (what: string, id: string, why: string): false => {
    diagnostics.push({
      rule: "import/argkp-row",
      stage: STAGE,
      severity: "warning",
      message: `${what} ${id} ${why}; skipped.`,
    });
    return false;
  };
  // Argument and key point ids are unique (the first row wins) and arguments have text.
  const argIdsSeen = new Set<string>();
  const allArgs = split.arguments.filter((a) => {
    if (argIdsSeen.has(a.id)) return skip("argument", a.id, "is listed twice");
    argIdsSeen.add(a.id);
    if (a.text.trim() === "") return skip("argument", a.id, "has no text");
    return true;
  });
  const kpIdsSeen = new Set<string>();
  const allKeyPoints = split.keyPoints.filter((k) => {
    if (kpIdsSeen.has(k.id)) return skip("key point", k.id, "is listed twice");
    kpIdsSeen.add(k.id);
    return true;
  });
  const map = mergeMaps(
    topics.map((topic) => {
      const args = allArgs.filter((a) => a.topic === topic);
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
      const keyPoints: NonNullable<ImportSpec["keyPoints"]> = allKeyPoints
        .filter((k) => k.topic === topic)
        .map((k) => {
          const matched = [...(matches.get(k.id) ?? [])].filter((id) => argIds.has(id));
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
  return { ...map, diagnostics: [...diagnostics, ...map.diagnostics] };
}
