/**
 * Hacker News reader: the Algolia item tree (`hn.algolia.com/api/v1/items/<id>`, nested
 * `children`) and the official Firebase item JSON (`/v0/item/<id>.json`: one item with `kids`, or
 * a JSON array or JSONL of items). Comment HTML is decoded to plain text with paragraphs and `>`
 * quotes kept. Dead, deleted and empty items are skipped (`hn/skipped-item`); their replies hang on
 * the nearest kept ancestor. `SourceDoc.text` is built from the items (story title and text first,
 * then comments depth-first), one blank line between posts.
 */
import { z } from "zod";
import { ArgmapError, provenance, type Diagnostic } from "../../model/index.js";
import { pushAll } from "../../util/array.js";
import { decodeHTML } from "../lazy.js";
import { looksLikeHn, looksLikeJson } from "./json-shape.js";
import type { ReadMeta, ReadResult, Reader } from "./reader.js";
import {
  buildThreadPosts,
  flattenTree,
  isoFromUnix,
  parseJson,
  skipDiagnostic,
  type ThreadItem,
  type TreeNode,
} from "./thread-items.js";

const nullableString = z.string().nullish();

const AlgoliaItem = z.object({
  id: z.number(),
  type: z.string().nullish(),
  author: nullableString,
  title: nullableString,
  url: nullableString,
  text: nullableString,
  created_at: nullableString,
  created_at_i: z.number().nullish(),
  children: z.array(z.unknown()).nullish(),
});

const FirebaseItem = z.object({
  id: z.number(),
  type: z.string().nullish(),
  by: nullableString,
  time: z.number().nullish(),
  title: nullableString,
  url: nullableString,
  text: nullableString,
  parent: z.number().nullish(),
  kids: z.array(z.number()).nullish(),
  dead: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
});
type FirebaseItem = z.infer<typeof FirebaseItem>;

const EXPECTED =
  "an Algolia item ({ id, author, text, children: [...] }), a Firebase item ({ id, by, time, text, kids }) or a JSON array / JSONL of Firebase items";

/**
 * Hacker News comment HTML → plain text: `<p>` → blank line, `<pre><code>` kept as lines, links →
 * their address when the shown text is cut short, other tags dropped, entities decoded.
 *
 * @example
 * hnHtmlToText("&gt; quoted<p>My answer &amp; more"); // "> quoted\n\nMy answer & more"
 */
export function hnHtmlToText(html: string): string {
  let s = html.replace(/\r\n?/g, "\n");
  s = s.replace(/<\/?pre>|<\/?code>/gi, "\n");
  s = s.replace(/<p\s*\/?>|<\/p>/gi, "\n\n").replace(/<br\s*\/?>/gi, "\n");
  s = s.replace(/<a\s[^>]*?href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, inner: string) =>
    /\.\.\.$|…$/.test(inner.trim()) ? href : inner,
  );
  s = s.replace(/<[^>]*>/g, "");
  s = decodeHTML(s);
  return s
    .split("\n")
    .map((l) => l.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const permalink = (id: number): string => `https://news.ycombinator.com/item?id=${id}`;

function storyText(title: string | null | undefined, html: string | null | undefined): string {
  const parts = [title?.trim() ?? "", html ? hnHtmlToText(html) : ""].filter((p) => p.length > 0);
  return parts.join("\n\n");
}

function malformed(name: string, what: string): ArgmapError {
  return new ArgmapError(
    "INPUT_MALFORMED",
    `${name}: the Hacker News reader expected ${EXPECTED}, but ${what}. Use --from to pick another reader.`,
    { input: name },
  );
}

function algoliaTree(root: unknown, name: string, skips: string[]): { roots: TreeNode[]; title?: string } {
  const first = AlgoliaItem.safeParse(root);
  if (!first.success) throw malformed(name, "the top-level object has no numeric `id`");
  let title: string | undefined;
  const convert = (raw: unknown): TreeNode | undefined => {
    const parsed = AlgoliaItem.safeParse(raw);
    if (!parsed.success) {
      skips.push("an item of unexpected shape");
      return undefined;
    }
    const it = parsed.data;
    const node: TreeNode = { key: String(it.id), children: [] };
    const isStory = it.title != null && it.title.length > 0;
    if (isStory && title === undefined) title = it.title ?? undefined;
    const text = isStory ? storyText(it.title, it.text) : it.text ? hnHtmlToText(it.text) : "";
    if (text.length === 0) node.skip = it.author == null ? "deleted" : "empty";
    else {
      const time = it.created_at ?? isoFromUnix(it.created_at_i);
      node.item = {
        text,
        ...(it.author ? { author: it.author } : {}),
        ...(time ? { time } : {}),
        url: isStory && it.url ? it.url : permalink(it.id),
      };
    }
    return node;
  };
  // Build iteratively so a deep tree does not overflow the stack.
  const rootNode = convert(root) as TreeNode;
  const stack: { raw: unknown; node: TreeNode }[] = [{ raw: root, node: rootNode }];
  while (stack.length > 0) {
    const { raw, node } = stack.pop() as { raw: unknown; node: TreeNode };
    const kids = AlgoliaItem.safeParse(raw).data?.children ?? [];
    for (const kid of kids) {
      const child = convert(kid);
      if (!child) continue;
      node.children.push(child);
      stack.push({ raw: kid, node: child });
    }
  }
  return { roots: [rootNode], ...(title !== undefined ? { title } : {}) };
}

function firebaseTree(
  raws: readonly unknown[],
  name: string,
  skips: string[],
  diagnostics: Diagnostic[],
  sourceId: string,
): { roots: TreeNode[]; title?: string } {
  const items: FirebaseItem[] = [];
  raws.forEach((raw, i) => {
    const parsed = FirebaseItem.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
    else if (raws.length === 1) throw malformed(name, "the object has no numeric `id`");
    else skips.push(`entry ${i + 1} (not an item)`);
  });
  if (items.length === 0) throw malformed(name, "no entry is an item with a numeric `id`");
  const nodes = new Map<number, { item: FirebaseItem; node: TreeNode }>();
  let title: string | undefined;
  for (const it of items) {
    if (nodes.has(it.id)) {
      skips.push(`item ${it.id} (a duplicate)`);
      continue;
    }
    const node: TreeNode = { key: String(it.id), children: [] };
    const isStory = it.title != null && it.title.length > 0;
    if (isStory && title === undefined && !it.deleted && !it.dead) title = it.title ?? undefined;
    const text = isStory ? storyText(it.title, it.text) : it.text ? hnHtmlToText(it.text) : "";
    if (it.deleted) node.skip = "deleted";
    else if (it.dead) node.skip = "dead";
    else if (text.length === 0) node.skip = "empty";
    else {
      const time = isoFromUnix(it.time);
      node.item = {
        text,
        ...(it.by ? { author: it.by } : {}),
        ...(time ? { time } : {}),
        url: isStory && it.url ? it.url : permalink(it.id),
      };
    }
    nodes.set(it.id, { item: it, node });
  }
  // Children in `kids` order where the parent lists them, else in input order.
  const roots: TreeNode[] = [];
  const attached = new Set<number>();
  for (const { item, node } of nodes.values()) {
    for (const kid of item.kids ?? []) {
      const child = nodes.get(kid);
      if (child && !attached.has(kid) && child.item.parent === item.id) {
        node.children.push(child.node);
        attached.add(kid);
      }
    }
  }
  let missingKids = 0;
  for (const { item, node } of nodes.values()) {
    if (attached.has(item.id)) continue;
    const parent = item.parent != null ? nodes.get(item.parent) : undefined;
    if (parent && parent.item.id !== item.id) {
      parent.node.children.push(node);
      attached.add(item.id);
    } else roots.push(node);
    missingKids += (item.kids ?? []).filter((k) => !nodes.has(k)).length;
  }
  if (missingKids > 0) {
    diagnostics.push({
      rule: "hn/replies-not-included",
      stage: "ingest",
      severity: "info",
      message: `${name}: ${missingKids} replies are listed in \`kids\` but not in the input; fetch them (or the Algolia item tree) to map them too.`,
      sourceId,
    });
  }
  // A cycle (a → b → a) leaves nodes unreachable from any root: take them as roots.
  const reached = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const n = stack.pop() as TreeNode;
    if (reached.has(n.key)) continue;
    reached.add(n.key);
    pushAll(stack, n.children);
  }
  for (const { node } of nodes.values()) if (!reached.has(node.key)) roots.push({ ...node, children: [] });
  return { roots, ...(title !== undefined ? { title } : {}) };
}

/** JSON value or JSONL lines of the input. */
function parseHnInput(text: string, name: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim().length > 0);
    if (lines.length > 1 && lines.every((l) => l.trimStart().startsWith("{") && l.trimEnd().endsWith("}"))) {
      try {
        return lines.map((l) => JSON.parse(l) as unknown);
      } catch {
        // Not JSONL after all: a pretty-printed object. Fall through to a whole-text parse.
      }
    }
  }
  return parseJson(text, name, "Hacker News");
}

export const hnReader: Reader = {
  format: "hn",
  name: "ingest/hn",
  version: "1.0.0",
  extensions: [".json", ".jsonl", ".ndjson"],
  mimeTypes: ["application/json", "application/x-ndjson"],
  detect: ({ head }) => looksLikeJson(head) && looksLikeHn(head),
  read(text: string, sourceId: string, meta?: ReadMeta): ReadResult {
    const name = meta?.name ?? "input";
    const value = parseHnInput(text, name);
    const diagnostics: Diagnostic[] = [];
    const skips: string[] = [];
    let tree: { roots: TreeNode[]; title?: string };
    if (Array.isArray(value)) {
      tree = firebaseTree(value, name, skips, diagnostics, sourceId);
    } else if (value !== null && typeof value === "object") {
      const obj = value as Record<string, unknown>;
      if ("children" in obj || "created_at" in obj || "author" in obj) tree = algoliaTree(obj, name, skips);
      else tree = firebaseTree([obj], name, skips, diagnostics, sourceId);
    } else throw malformed(name, `the input is a JSON ${value === null ? "null" : typeof value}`);
    for (const s of skips)
      diagnostics.push(skipDiagnostic("hn/skipped-item", `${name}: skipped ${s}.`, sourceId));
    const items: ThreadItem[] = flattenTree(tree.roots, (node) =>
      diagnostics.push(
        skipDiagnostic(
          "hn/skipped-item",
          `${name}: skipped item ${node.key} (${node.skip ?? "no text"}); its replies are kept under its parent.`,
          sourceId,
        ),
      ),
    );
    const built = buildThreadPosts(items, sourceId, provenance(hnReader, "classic"));
    return {
      posts: built.posts,
      text: built.text,
      ...(tree.title !== undefined ? { title: tree.title } : {}),
      siteName: "news.ycombinator.com",
      diagnostics,
    };
  },
};
