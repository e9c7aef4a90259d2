/**
 * Coherence of multi-author key points on the argmap-dev threads (gold units and relations): maps
 * each thread with the classic engine and, for every key point with members by two or more authors,
 * checks that every pair of members by different authors states the same claim. Two members are
 * the same point when their gold units are one unit, are linked by a gold support relation, or
 * support or attack the same gold unit with the same stance. A member that covers no gold unit
 * states no gold claim, so its point is not coherent.
 *
 *   npx tsx scripts/kp-coherence.ts [--data ../shared/data/argmap-dev/threads] [--list]
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { mapSources } from "../src/api.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const at = args.indexOf("--data");
const dir = at >= 0 ? args[at + 1]! : path.join(root, "..", "shared", "data", "argmap-dev", "threads");
if (!existsSync(dir)) {
  console.error(`kp-coherence: ${dir} not found (argmap-dev threads); nothing to score.`);
  process.exit(0);
}
const Gold = z.object({
  posts: z.array(z.string()),
  units: z.array(z.object({ id: z.string(), post: z.string(), start: z.number(), end: z.number() })),
  relations: z.array(z.object({ from: z.string(), to: z.string(), kind: z.enum(["support", "attack"]) })),
});
const Row = z.object({ id: z.string(), text: z.string() });

let multi = 0;
let coherent = 0;
for (const file of readdirSync(dir)
  .filter((f) => /^thread\d+\.jsonl$/.test(f))
  .sort()) {
  const gold = Gold.parse(
    JSON.parse(readFileSync(path.join(dir, file.replace(".jsonl", ".gold.json")), "utf8")),
  );
  const rows = readFileSync(path.join(dir, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => Row.parse(JSON.parse(l)));
  const map = await mapSources(path.join(dir, file), { jobs: 1 });
  const posts = map.sources.flatMap((s) => s.posts);
  const units = new Map(map.units.map((u) => [u.id, u]));
  const sourceText = new Map(map.sources.map((s) => [s.id, s.text]));
  const goldOfPost = new Map<string, typeof gold.units>();
  for (const g of gold.units) goldOfPost.set(g.post, [...(goldOfPost.get(g.post) ?? []), g]);
  const targets = new Map<string, Set<string>>(); // gold unit → "kind:target" it points at
  const linked = new Set<string>();
  for (const r of gold.relations) {
    targets.set(r.from, (targets.get(r.from) ?? new Set()).add(`${r.kind}:${r.to}`));
    if (r.kind === "support") linked.add(`${r.from}|${r.to}`).add(`${r.to}|${r.from}`);
  }
  /** The gold unit a map unit overlaps most (posts matched by order; offsets found by text). */
  const goldOf = (unitId: string): string | undefined => {
    const u = units.get(unitId)!;
    const index = posts.findIndex((p) => p.id === u.postId);
    const row = rows[index];
    if (!row) return undefined;
    const text = sourceText.get(u.sourceId)!.slice(u.span[0], u.span[1]);
    const start = row.text.indexOf(text);
    if (start < 0) return undefined;
    const end = start + text.length;
    let best: string | undefined;
    let bestOverlap = 0;
    for (const g of goldOfPost.get(row.id) ?? []) {
      const o = Math.min(end, g.end) - Math.max(start, g.start);
      if (o > bestOverlap) [best, bestOverlap] = [g.id, o];
    }
    return best;
  };
  const same = (a: string | undefined, b: string | undefined) => {
    if (!a || !b) return false;
    if (a === b || linked.has(`${a}|${b}`)) return true;
    const ta = targets.get(a) ?? new Set();
    for (const t of targets.get(b) ?? []) if (ta.has(t)) return true;
    return false;
  };
  const authorOf = (unitId: string) => posts.find((p) => p.id === units.get(unitId)!.postId)?.author ?? "";
  for (const k of map.keyPoints) {
    if (k.authorCount < 2) continue;
    multi++;
    const members = k.unitIds.map((id) => ({ id, gold: goldOf(id), author: authorOf(id) }));
    let ok = true;
    for (let i = 0; i < members.length && ok; i++)
      for (let j = i + 1; j < members.length && ok; j++)
        if (members[i]!.author !== members[j]!.author && !same(members[i]!.gold, members[j]!.gold))
          ok = false;
    if (ok) coherent++;
    if (args.includes("--list"))
      console.log(`${file} ${ok ? "coherent" : "mixed   "} [${k.authorCount} authors] ${k.text}`);
  }
}
console.log(
  `multi-author key points: ${multi}; all members state the same claim: ${coherent} (${multi === 0 ? "n/a" : (coherent / multi).toFixed(3)})`,
);
