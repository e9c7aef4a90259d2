/**
 * Shared by the structured thread readers (Hacker News, Reddit, comment tables): turns a list of
 * items (plain text, author, time, parent) into posts over a text built by joining the items'
 * texts with blank lines. Quote lines (`>`) become the post's quotes, linked to the parent (or a
 * further ancestor) when their words appear there; the other lines make the body spans.
 */
import {
  ArgmapError,
  type Diagnostic,
  type Post,
  type Provenance,
  type Quote,
  type Span,
} from "../../model/index.js";
import { linesSpan, quoteText, splitLines, wordNorms, wordTokens, type Line } from "../lines.js";

/** One comment (or the story) in reading order: every parent comes before its children. */
export interface ThreadItem {
  key: string;
  parentKey?: string;
  text: string;
  author?: string;
  time?: string;
  url?: string;
}

const QUOTE_LINE = /^[ \t]{0,3}>/;
/** How many ancestors a quote is looked for in. */
const QUOTE_ANCESTORS = 4;

/** Build the text and posts of a structured thread. Items with empty text must be dropped by the caller. */
export function buildThreadPosts(
  items: readonly ThreadItem[],
  sourceId: string,
  by: Provenance,
): { text: string; posts: Post[] } {
  const parts: string[] = [];
  let length = 0;
  const posts: Post[] = [];
  const indexOf = new Map<string, number>();
  for (const item of items) {
    const body = item.text.replace(/\r\n?/g, "\n").trim();
    if (body.length === 0) continue;
    if (parts.length > 0) {
      parts.push("\n\n");
      length += 2;
    }
    const start = length;
    parts.push(body);
    length += body.length;
    const parentIndex = item.parentKey !== undefined ? indexOf.get(item.parentKey) : undefined;
    const p = posts.length;
    indexOf.set(item.key, p);
    const bodySpans: Span[] = [];
    const quotes: Quote[] = [];
    let run: Line[] = [];
    let runQuote = false;
    const flush = (): void => {
      if (run.length === 0) return;
      const [s, e] = linesSpan(body, run);
      if (e > s) {
        if (runQuote) {
          const qt = quoteText(run);
          if (qt.length > 0) quotes.push({ span: [start + s, start + e], text: qt, score: 0 });
        } else bodySpans.push([start + s, start + e]);
      }
      run = [];
    };
    for (const line of splitLines(body)) {
      if (line.blank) {
        flush();
        continue;
      }
      const q = QUOTE_LINE.test(line.text);
      if (q !== runQuote) flush();
      runQuote = q;
      run.push(line);
    }
    flush();
    posts.push({
      id: `${sourceId}:p${p}`,
      sourceId,
      index: p,
      ...(item.author !== undefined ? { author: item.author } : {}),
      ...(item.time !== undefined ? { time: item.time } : {}),
      ...(item.url !== undefined ? { url: item.url } : {}),
      ...(parentIndex !== undefined ? { parentId: `${sourceId}:p${parentIndex}` } : {}),
      span: [start, start + body.length],
      bodySpans,
      quotes,
      by,
    });
  }
  const text = parts.join("");
  // Link quotes to the ancestor whose own words contain them.
  const byId = new Map(posts.map((p) => [p.id, p]));
  for (const post of posts) {
    for (const quote of post.quotes) {
      let at = post.parentId !== undefined ? byId.get(post.parentId) : undefined;
      for (let n = 0; at && n < QUOTE_ANCESTORS; n++) {
        const found = findWords(text, at, quote.text);
        if (found) {
          quote.targetPostId = at.id;
          quote.targetSpan = found;
          quote.score = 1;
          break;
        }
        at = at.parentId !== undefined ? byId.get(at.parentId) : undefined;
      }
    }
  }
  return { text, posts };
}

/** Span of the first run of the post's body words equal to the words of `quote`. */
export function findWords(text: string, post: Post, quote: string): Span | undefined {
  const want = wordNorms(quote);
  if (want.length === 0) return undefined;
  for (const [s, e] of post.bodySpans) {
    const tokens = wordTokens(text, s, e);
    outer: for (let i = 0; i + want.length <= tokens.length; i++) {
      for (let k = 0; k < want.length; k++) if (tokens[i + k]?.norm !== want[k]) continue outer;
      const first = tokens[i];
      const last = tokens[i + want.length - 1];
      if (first && last) return [first.start, last.end];
    }
  }
  return undefined;
}

/** A tree node as the tree readers see it, before flattening. */
export interface TreeNode {
  key: string;
  /** Text, author etc.; `undefined` when the node is skipped (deleted, dead, empty). */
  item?: Omit<ThreadItem, "key" | "parentKey">;
  /** Why the node is skipped (for the diagnostic). */
  skip?: string;
  children: TreeNode[];
}

/**
 * Depth-first, iterative (deep threads do not overflow the stack). Skipped nodes are reported and
 * their replies hang on the nearest kept ancestor.
 */
export function flattenTree(roots: readonly TreeNode[], report: (node: TreeNode) => void): ThreadItem[] {
  const out: ThreadItem[] = [];
  const stack: { node: TreeNode; parentKey: string | undefined }[] = [];
  for (let i = roots.length - 1; i >= 0; i--)
    stack.push({ node: roots[i] as TreeNode, parentKey: undefined });
  while (stack.length > 0) {
    const { node, parentKey } = stack.pop() as { node: TreeNode; parentKey: string | undefined };
    let keyForChildren = parentKey;
    if (node.item && node.item.text.trim().length > 0) {
      out.push({ key: node.key, ...(parentKey !== undefined ? { parentKey } : {}), ...node.item });
      keyForChildren = node.key;
    } else report(node);
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i] as TreeNode, parentKey: keyForChildren });
  }
  return out;
}

/** Parse JSON or fail with INPUT_MALFORMED naming the input and the reader. */
export function parseJson(text: string, name: string, reader: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${name}: not valid JSON, so the ${reader} reader cannot read it (${(cause as Error).message}). Is the file cut short?`,
      { input: name, cause },
    );
  }
}

/** A diagnostic about one skipped item. */
export function skipDiagnostic(rule: string, message: string, sourceId: string): Diagnostic {
  return { rule, stage: "ingest", severity: "info", message, sourceId };
}

/** Unix seconds → ISO 8601 (undefined for missing or absurd values). */
export function isoFromUnix(seconds: unknown): string | undefined {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > 1e11)
    return undefined;
  return new Date(seconds * 1000).toISOString();
}
