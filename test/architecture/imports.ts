/** The import graph of `src/` (relative imports of non-test modules), read from the sources. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { LAYERS } from "./layers.js";

export interface ImportEdge {
  from: string;
  to: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s*["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;

/** Every non-test `.ts` module under `dir`, relative to it, with forward slashes. */
export function sourceModules(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) stack.push(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts"))
        out.push(relative(dir, p).split("\\").join("/"));
    }
  }
  return out.sort();
}

export function importEdges(dir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceModules(dir)) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (spec.endsWith(".json")) continue;
      const target = relative(dir, resolve(dirname(join(dir, file)), spec.replace(/\.js$/, ".ts")));
      edges.push({ from: file, to: target.split("\\").join("/") });
    }
  }
  return edges;
}

/** The layer group a module belongs to: the longest matching prefix in `LAYERS`. */
export function groupOf(file: string): { group: string; rank: number } | undefined {
  let best: { group: string; rank: number } | undefined;
  LAYERS.forEach((groups, rank) => {
    for (const g of groups) {
      const hit = file === g || file.startsWith(g.endsWith(".ts") ? g : `${g}/`);
      if (hit && (!best || g.length > best.group.length)) best = { group: g, rank };
    }
  });
  return best;
}

/** Imports that go up or sideways between groups. */
export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = groupOf(e.from);
    const b = groupOf(e.to);
    if (!a || !b) {
      out.push(
        `${e.from} → ${e.to}: ${!a ? e.from : e.to} is in no layer (add it to test/architecture/layers.ts)`,
      );
      continue;
    }
    if (a.group === b.group) continue;
    if (b.rank >= a.rank) out.push(`${e.from} → ${e.to}: ${a.group} may not import ${b.group}`);
  }
  return out;
}

/** Import circles between modules (strongly connected components of two or more, or a self-import). Iterative Tarjan. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, []);
    if (!next.has(e.to)) next.set(e.to, []);
    next.get(e.from)!.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const succ = next.get(top.node)!;
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        if (component.length > 1 || succ.includes(top.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}
