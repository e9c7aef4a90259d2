/**
 * The viewer's static files (built by `npm run build` into `dist/viewer/`). A request path is
 * served only when it names a regular file inside the folder by a plain path: no `..` or `.`
 * segments (encoded or not), no encoded slashes or backslashes, no NUL, no symlinks anywhere on
 * the way (the real path must be the path itself), and a known file type. Anything else is 404.
 */
import { promises as fs } from "node:fs";
import { extname, join, sep } from "node:path";
import { packagePath } from "../util/package-root/index.js";

/** Where `npm run build` puts the viewer. */
export const DEFAULT_STATIC_DIR = packagePath("dist/viewer/");

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/** The path's segments when it is a plain relative path, else undefined. */
export function safeSegments(pathname: string): string[] | undefined {
  // Encoded separators, encoded dots and backslashes are refused before decoding.
  if (/%(2f|5c|2e|00)/i.test(pathname) || pathname.includes("\\")) return undefined;
  // A malformed escape (`%zz`, `%ff` that is no UTF-8) names no file.
  if (/%(?![0-9a-f]{2})/i.test(pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const segments = decoded.split("/").filter((s) => s !== "");
  if (segments.length === 0) return ["index.html"];
  if (segments.some((s) => s === "." || s === ".." || s.startsWith("."))) return undefined;
  return segments;
}

/** Read a static file for a URL path, or undefined (the caller answers 404). */
export async function readStatic(root: string, pathname: string): Promise<StaticFile | undefined> {
  const segments = safeSegments(pathname);
  if (!segments) return undefined;
  const type = TYPES[extname(segments[segments.length - 1]!).toLowerCase()];
  if (type === undefined) return undefined;
  try {
    const realRoot = await fs.realpath(root);
    const path = join(realRoot, ...segments);
    if (!path.startsWith(realRoot + sep)) return undefined;
    // A symlink anywhere on the way makes the real path differ from the path.
    if ((await fs.realpath(path)) !== path) return undefined;
    const stat = await fs.lstat(path);
    if (!stat.isFile()) return undefined;
    return { body: await fs.readFile(path), type };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** File-system errors that mean "no such file here" (as opposed to a broken server). */
function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === "ENOENT" ||
    code === "ENOTDIR" ||
    code === "ELOOP" ||
    code === "EACCES" ||
    code === "ENAMETOOLONG"
  );
}
