/**
 * Reddit reader: the `/comments/<id>.json` response, `[submission Listing, comments Listing]`,
 * with nested `replies`. The submission (title + self text) is the root post; comments follow
 * depth-first. Deleted and removed comments are skipped (`reddit/skipped-comment`), their replies
 * kept under the nearest kept ancestor; `more` stubs (comments not in the file) are reported with
 * their counts (`reddit/more-comments`). Text is Reddit Markdown with `&amp;`, `&lt;`, `&gt;`
 * decoded; `SourceDoc.text` is the posts' texts joined with blank lines.
 */
import { z } from "zod";
import { ArgmapError, provenance, type Diagnostic } from "../../model/index.js";
import { pushAll } from "../../util/array.js";
import { decodeHTML } from "../lazy.js";
import { looksLikeJson, looksLikeReddit } from "./json-shape.js";
import type { ReadMeta, ReadResult, Reader } from "./reader.js";
import {
  buildThreadPosts,
  flattenTree,
  isoFromUnix,
  parseJson,
  skipDiagnostic,
  type TreeNode,
} from "./thread-items.js";

const Thing = z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) });
type Thing = z.infer<typeof Thing>;
const Listing = z.object({ kind: z.literal("Listing"), data: z.object({ children: z.array(z.unknown()) }) });
const Response = z.tuple([Listing, Listing]);

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const GONE = new Set(["[deleted]", "[removed]"]);
const SITE = "https://www.reddit.com";

/** Count the `t1` comments in a Reddit response (for accounting checks). */
export function countRedditComments(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) pushAll(stack, v as unknown[]);
    else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.kind === "t1") n++;
      for (const x of Object.values(o)) if (x !== null && typeof x === "object") stack.push(x);
    }
  }
  return n;
}

export const redditReader: Reader = {
  format: "reddit",
  name: "ingest/reddit",
  version: "1.0.0",
  extensions: [".json"],
  mimeTypes: ["application/json"],
  detect: ({ head }) => looksLikeJson(head) && looksLikeReddit(head),
  read(text: string, sourceId: string, meta?: ReadMeta): ReadResult {
    const name = meta?.name ?? "input";
    const value = parseJson(text, name, "Reddit");
    const parsed = Response.safeParse(value);
    if (!parsed.success) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `${name}: the Reddit reader expected the /comments/<id>.json response, a JSON array of two Listings ([{ kind: "Listing", data: { children: [submission] } }, { kind: "Listing", data: { children: [comments] } }]), but got ${Array.isArray(value) ? `an array of ${value.length}` : typeof value}. Use --from to pick another reader.`,
        { input: name },
      );
    }
    const diagnostics: Diagnostic[] = [];
    const [submissionListing, commentListing] = parsed.data;
    const submission = Thing.safeParse(submissionListing.data.children[0]).data;
    let title: string | undefined;
    let moreCount = 0;
    let moreStubs = 0;
    let oddThings = 0;
    let anonymous = 0;

    const toNode = (thing: Thing): TreeNode => {
      const d = thing.data;
      const id = str(d.name) ?? str(d.id) ?? `${thing.kind}-anon-${anonymous++}`;
      const node: TreeNode = { key: id, children: [] };
      const author = str(d.author);
      const time = isoFromUnix(d.created_utc);
      const permalink = str(d.permalink);
      const base = {
        ...(author && !GONE.has(author) ? { author } : {}),
        ...(time ? { time } : {}),
        ...(permalink ? { url: permalink.startsWith("http") ? permalink : SITE + permalink } : {}),
      };
      if (thing.kind === "t3") {
        const t = str(d.title);
        title = t;
        const self = str(d.selftext);
        const parts = [t, self && !GONE.has(self.trim()) ? decodeHTML(self) : undefined].filter(
          (p): p is string => p !== undefined,
        );
        if (parts.length === 0) node.skip = "no title or text";
        else
          node.item = {
            ...base,
            text: parts.join("\n\n"),
            ...(str(d.url) ? { url: str(d.url) as string } : {}),
          };
      } else {
        const body = str(d.body);
        if (body === undefined) node.skip = "empty";
        else if (GONE.has(body.trim())) node.skip = body.trim().slice(1, -1);
        else node.item = { ...base, text: decodeHTML(body) };
      }
      return node;
    };

    const commentRoots: TreeNode[] = [];
    // Iterative walk over nested `replies` Listings.
    const stack: { children: unknown[]; into: TreeNode[] }[] = [
      { children: commentListing.data.children, into: commentRoots },
    ];
    while (stack.length > 0) {
      const { children, into } = stack.pop() as { children: unknown[]; into: TreeNode[] };
      for (const raw of children) {
        const thing = Thing.safeParse(raw).data;
        if (!thing) {
          oddThings++;
          continue;
        }
        if (thing.kind === "more") {
          const count = typeof thing.data.count === "number" ? thing.data.count : 0;
          moreStubs++;
          moreCount += count;
          continue;
        }
        if (thing.kind !== "t1") {
          oddThings++;
          continue;
        }
        const node = toNode(thing);
        into.push(node);
        const replies = Listing.safeParse(thing.data.replies).data;
        if (replies) stack.push({ children: replies.data.children, into: node.children });
      }
    }
    let roots: TreeNode[];
    if (submission && submission.kind === "t3") {
      const root = toNode(submission);
      root.children = commentRoots;
      roots = [root];
    } else {
      roots = commentRoots;
      diagnostics.push(
        skipDiagnostic(
          "reddit/no-submission",
          `${name}: no submission in the first Listing; comments only.`,
          sourceId,
        ),
      );
    }
    const items = flattenTree(roots, (node) =>
      diagnostics.push(
        skipDiagnostic(
          "reddit/skipped-comment",
          `${name}: skipped ${node.key} (${node.skip ?? "no text"}); its replies are kept under its parent.`,
          sourceId,
        ),
      ),
    );
    if (moreStubs > 0) {
      diagnostics.push({
        rule: "reddit/more-comments",
        stage: "ingest",
        severity: "info",
        message: `${name}: ${moreCount} more comments behind ${moreStubs} "load more" stubs are not in the file; fetch them to map them too.`,
        sourceId,
      });
    }
    if (oddThings > 0) {
      diagnostics.push(
        skipDiagnostic(
          "reddit/unknown-item",
          `${name}: ignored ${oddThings} entries that are not comments.`,
          sourceId,
        ),
      );
    }
    const built = buildThreadPosts(items, sourceId, provenance(redditReader, "classic"));
    return {
      posts: built.posts,
      text: built.text,
      ...(title !== undefined ? { title } : {}),
      siteName: "reddit.com",
      diagnostics,
    };
  },
};
