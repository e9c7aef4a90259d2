/**
 * The embedded corpus store: one SQLite file (better-sqlite3), WAL journal, foreign keys,
 * forward-only migrations (`./migrations.ts`), FTS5 indexes over post, unit and key point text.
 *
 * Reliability rules it keeps:
 * - a file that is not SQLite, not an argmap corpus, or fails `PRAGMA quick_check` is refused
 *   with `STORE_UNREADABLE` before anything is written to it;
 * - a file from a newer argmap (`user_version` above ours) is refused with `STORE_TOO_NEW`;
 * - every write is one `BEGIN IMMEDIATE` transaction, retried with backoff on `SQLITE_BUSY`
 *   (after the connection's own `busy_timeout`), so concurrent writers queue instead of failing;
 * - a killed process leaves each source fully present or absent (SQLite's atomic commit).
 *
 * @example
 * const store = openSqliteStore("argmap.db");
 * if (!store.hasSource(doc.id, engineKeyOf(run))) store.putAnalysis(analyseSource(doc, opts), run);
 * const hits = store.search("nuclear power", { kind: "claim", limit: 10 });
 * store.close();
 */
import fs from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import {
  ArgmapError,
  ArgumentMap,
  Diagnostic,
  KeyPoint,
  Post,
  Provenance,
  Quote,
  Relation,
  Segment,
  SourceDoc,
  Span,
  Unit,
  UnitKind,
} from "../model/index.js";
import type { SourceAnalysis } from "../model/index.js";
import type { Migration } from "./migrations.js";
import { MIGRATIONS } from "./migrations.js";
import type {
  AnalysisFilter,
  CorpusStore,
  PutResult,
  RunInfo,
  SearchFilters,
  SearchHit,
  SearchItemType,
  StoredItem,
  StoredMapInfo,
  StoredSource,
} from "./port.js";
import { engineKeyOf, SEARCH_ITEM_TYPES } from "./port.js";

export interface SqliteStoreOptions {
  /** Integrity check on open: `quick` (default, `PRAGMA quick_check`), `full` (`integrity_check`) or `none`. */
  check?: "quick" | "full" | "none";
  /** How long one statement waits for a lock held by another connection (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Extra attempts of a whole transaction that still got `SQLITE_BUSY` (default 8). */
  retries?: number;
  /** Open without writing anything; the file must exist and be at the current schema version. */
  readonly?: boolean;
  /** `full` (default) syncs every commit; `normal` survives process crashes but not power loss. */
  synchronous?: "full" | "normal";
  /** For tests: the migration list to apply (default: all of `MIGRATIONS`). */
  migrations?: readonly Migration[];
  /** For tests: the clock. */
  now?: () => Date;
  /** For tests: cap the file at this many pages (never below its current size), to play a full disk. */
  maxPageCount?: number;
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

function sqliteCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string")
    return error.code;
  return undefined;
}

function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** The file system refused a write: read-only file, folder or mount. */
function isReadOnly(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN");
}

/** The disk refused a write: full (`SQLITE_FULL`) or an I/O error such as a file-size limit. */
function isDiskFailure(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR"));
}

/** Why a writable open cannot write: the file or its folder (journal files live there) is read-only. */
function notWritableReason(path: string, existed: boolean): string | undefined {
  const folder = dirname(path);
  for (const [target, what] of existed
    ? ([
        [path, "the file"],
        [folder, "its folder"],
      ] as const)
    : ([[folder, "its folder"]] as const)) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      return `${what} is read-only (${sqliteCode(error) ?? (error as Error).message})`;
    }
  }
  return undefined;
}

function readOnlyError(path: string, why: string, cause?: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_UNWRITABLE",
    `cannot write to the corpus '${path}': ${why}. Nothing was changed; make it writable or pass another --db path.`,
    { input: path, cause },
  );
}

/**
 * Open a corpus read-only from a copy in memory: for a WAL-mode file in a folder where SQLite
 * cannot create its shared-memory file (a read-only folder or mount). Refused when the file has
 * committed changes still in its `-wal` file, which this copy would miss.
 */
function openSnapshot(path: string, cause: unknown): Database.Database {
  let walSize = 0;
  try {
    walSize = fs.statSync(`${path}-wal`).size;
  } catch (error) {
    if (sqliteCode(error) !== "ENOENT") throw unreadable(path, `its -wal file cannot be read`, error);
  }
  if (walSize > 0)
    throw unreadable(
      path,
      `its latest changes are still in '${path}-wal' and the folder is read-only, so SQLite cannot read them (${(cause as Error).message}); open it once where the folder is writable`,
      cause,
    );
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (error) {
    throw unreadable(path, `it cannot be read (${(error as Error).message})`, error);
  }
  // Bytes 18–19 say "WAL mode"; an in-memory copy has no WAL, so mark it as a rollback-journal file.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  try {
    return new Database(bytes, { readonly: true });
  } catch (error) {
    throw unreadable(path, `SQLite cannot open it (${(error as Error).message})`, error);
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function unreadable(path: string, why: string, cause?: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_UNREADABLE",
    `cannot use '${path}' as an argmap corpus: ${why}. The file was not changed; pass another --db path.`,
    { input: path, cause },
  );
}

/** Look at the file before SQLite touches it: a directory or a non-SQLite file is refused. */
function checkFileHeader(path: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (error) {
    if (sqliteCode(error) === "ENOENT") return false;
    throw unreadable(path, `it cannot be read (${(error as Error).message})`, error);
  }
  if (stat.isDirectory()) throw unreadable(path, "it is a directory");
  if (stat.size === 0) return true;
  const head = Buffer.alloc(100);
  let read: number;
  try {
    const fd = fs.openSync(path, "r");
    try {
      read = fs.readSync(fd, head, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw unreadable(path, `it cannot be read (${(error as Error).message})`, error);
  }
  if (read < 100 || !head.subarray(0, 16).equals(SQLITE_HEADER)) {
    throw unreadable(path, "it is not a SQLite database (wrong file header)");
  }
  return true;
}

// ---- row shapes and JSON column schemas --------------------------------------------------------

const SpanList = z.array(Span);
const QuoteList = z.array(Quote);
const StringList = z.array(z.string());
const DiagnosticList = z.array(Diagnostic);
const StringRecord = z.record(z.string(), z.string());

function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ArgmapError("STORE_UNREADABLE", `the corpus holds malformed JSON in ${what}.`, {
      cause: error,
    });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ArgmapError(
      "STORE_UNREADABLE",
      `the corpus holds an invalid ${what}: ${result.error.message}`,
      {
        cause: result.error,
      },
    );
  }
  return result.data;
}

interface SourceRow {
  row: number;
  id: string;
  locator: string;
  name: string;
  uri: string | null;
  format: string;
  title: string | null;
  text: string;
  engine_key: string;
  added_at: string;
  diagnostics: string;
}

interface PostRow {
  row: number;
  id: string;
  source_row: number;
  idx: number;
  author: string | null;
  time: string | null;
  parent_id: string | null;
  span_start: number;
  span_end: number;
  body_spans: string;
  quotes: string;
  by: string;
  body: string;
}

interface SegmentRow {
  id: string;
  post_id: string;
  idx: number;
  kind: string;
  span_start: number;
  span_end: number;
  by: string;
}

interface UnitRow {
  id: string;
  segment_id: string;
  post_id: string;
  kind: string;
  confidence: number;
  span_start: number;
  span_end: number;
  text: string;
  signals: string;
  by: string;
}

interface RelationRow {
  id: string;
  kind: string;
  level: string;
  from_id: string;
  to_id: string;
  confidence: number;
  source_id: string;
  span_start: number;
  span_end: number;
  signals: string;
  by: string;
}

interface HitRow {
  id: string;
  span_start: number;
  span_end: number;
  text: string;
  fts_row: number;
  score: number;
  source_id: string;
  source_name: string | null;
  author?: string | null;
  post_id?: string | null;
  kind?: string;
  stance?: string;
  map_row?: number;
}

function postBody(text: string, bodySpans: readonly Span[]): string {
  return bodySpans.map(([a, b]) => text.slice(a, b)).join("\n");
}

/** Turn free text into an FTS5 query: every word quoted (no syntax errors), all words required. */
export function toFtsQuery(query: string): string | undefined {
  const words = query.match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return undefined;
  return words.map((w) => `"${w}"`).join(" ");
}

/** Open (creating or migrating when needed) a SQLite corpus file. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  return new SqliteStore(path, options);
}

export class SqliteStore implements CorpusStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly retries: number;
  private readonly now: () => Date;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.retries = options.retries ?? 8;
    this.now = options.now ?? (() => new Date());
    const migrations = options.migrations ?? MIGRATIONS;
    const target = migrations.length ? migrations[migrations.length - 1]!.version : 0;
    const inMemory = path === ":memory:";
    const existed = inMemory ? false : checkFileHeader(path);
    if (!existed && options.readonly) {
      throw new ArgmapError(
        "DATA_NOT_FOUND",
        `no corpus at '${path}'. Run 'argmap add' first or check --db.`,
        {
          input: path,
        },
      );
    }
    if (!inMemory && !options.readonly) {
      const why = notWritableReason(path, existed);
      if (why !== undefined) throw readOnlyError(path, why);
    }
    let db: Database.Database;
    try {
      db = new Database(path, {
        readonly: options.readonly ?? false,
        fileMustExist: options.readonly ?? false,
      });
    } catch (error) {
      throw unreadable(path, `SQLite cannot open it (${(error as Error).message})`, error);
    }
    if (options.readonly && !inMemory) {
      // A WAL file needs a shared-memory file next to it; in a read-only folder SQLite cannot make
      // one, so read a snapshot instead (reads need no write access at all).
      try {
        db.pragma("user_version", { simple: true });
      } catch (error) {
        if (!isReadOnly(error)) {
          db.close();
          throw isBusy(error)
            ? this.busyErrorFor(path, error)
            : unreadable(path, `SQLite cannot read it (${(error as Error).message})`, error);
        }
        db.close();
        db = openSnapshot(path, error);
      }
    }
    this.db = db;
    try {
      if (options.maxPageCount !== undefined)
        this.db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      const version = this.readVersion(path);
      if (version > target) {
        throw new ArgmapError(
          "STORE_TOO_NEW",
          `'${path}' was written by a newer argmap (corpus schema v${version}; this argmap knows up to v${target}). ` +
            `Upgrade argmap to use it; it is never migrated down.`,
          { input: path },
        );
      }
      if (existed) this.checkIntegrity(path, options.check ?? "quick", version);
      if (options.readonly) {
        if (version < target) {
          throw new ArgmapError(
            "STORE_UNREADABLE",
            `'${path}' is at schema v${version} and must be upgraded to v${target}; open it writable once.`,
            { input: path },
          );
        }
      } else {
        this.guardWrite(() => this.withRetry(() => this.db.pragma("journal_mode = WAL")));
        this.db.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
        this.migrate(migrations);
      }
      this.db.pragma("foreign_keys = ON");
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private readVersion(path: string): number {
    try {
      return Number(this.db.pragma("user_version", { simple: true }));
    } catch (error) {
      if (isBusy(error)) throw this.busyError(error);
      throw unreadable(path, `SQLite cannot read it (${(error as Error).message})`, error);
    }
  }

  private checkIntegrity(path: string, check: "quick" | "full" | "none", version: number): void {
    if (version === 0) {
      // A SQLite file that is not (yet) a corpus: only an empty one may become one.
      const tables = this.db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
      if (tables.n > 0) throw unreadable(path, "it is a SQLite database but not an argmap corpus");
    }
    if (check === "none") return;
    let result: string[];
    try {
      const rows = this.db.pragma(check === "full" ? "integrity_check" : "quick_check") as Record<
        string,
        unknown
      >[];
      result = rows.map((r) => String(Object.values(r)[0]));
    } catch (error) {
      if (isBusy(error)) throw this.busyError(error);
      throw unreadable(path, `it is corrupt (${(error as Error).message})`, error);
    }
    if (result.length !== 1 || result[0] !== "ok") {
      throw unreadable(path, `it is corrupt (${result.slice(0, 3).join("; ")})`);
    }
  }

  private migrate(migrations: readonly Migration[]): void {
    const pending = () => {
      const v = Number(this.db.pragma("user_version", { simple: true }));
      return migrations.filter((m) => m.version > v);
    };
    if (pending().length === 0) return;
    this.write(() => {
      // Re-read inside the lock: another process may have migrated meanwhile.
      for (const m of pending()) {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }
    });
  }

  private busyError(cause: unknown): ArgmapError {
    return this.busyErrorFor(this.path, cause);
  }

  private busyErrorFor(path: string, cause: unknown): ArgmapError {
    return new ArgmapError(
      "STORE_BUSY",
      `the corpus '${path}' stayed locked by another process; nothing was written. Try again.`,
      { input: path, cause },
    );
  }

  /** Turn the file system's refusals (read-only, disk full, I/O error) into clear user errors. */
  private guardWrite<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (isReadOnly(error))
        throw readOnlyError(this.path, `SQLite cannot write it (${(error as Error).message})`, error);
      if (isDiskFailure(error))
        throw new ArgmapError(
          "STORE_UNWRITABLE",
          `cannot write to the corpus '${this.path}': the disk refused the write (${(error as Error).message}). ` +
            `This change was rolled back; everything stored before is intact. Free some space (or raise the file size limit) and run again.`,
          { input: this.path, cause: error },
        );
      throw error;
    }
  }

  private withRetry<T>(fn: () => T): T {
    for (let attempt = 0; ; attempt++) {
      try {
        return fn();
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (attempt >= this.retries) throw this.busyError(error);
        sleepMs(Math.min(2000, 20 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  /** Run `fn` as one `BEGIN IMMEDIATE` transaction, retried on SQLITE_BUSY. */
  private write<T>(fn: () => T): T {
    const tx = this.db.transaction(fn);
    return this.guardWrite(() => this.withRetry(() => tx.immediate()));
  }

  /** `PRAGMA integrity_check` rows (`["ok"]` when healthy). */
  integrityCheck(): string[] {
    const rows = this.db.pragma("integrity_check") as Record<string, unknown>[];
    return rows.map((r) => String(Object.values(r)[0]));
  }

  get schemaVersion(): number {
    return Number(this.db.pragma("user_version", { simple: true }));
  }

  // ---- writes ----------------------------------------------------------------------------------

  hasSource(contentHash: string, engineKey: string): boolean {
    const row = this.db
      .prepare("SELECT 1 FROM sources WHERE id = ? AND engine_key = ?")
      .get(contentHash, engineKey);
    return row !== undefined;
  }

  private insertRun(kind: "add" | "map", run: RunInfo): number {
    const info = this.db
      .prepare(
        `INSERT INTO runs (kind, started_at, engine, engine_version, engine_key, models, options, timings, diagnostics)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        kind,
        this.now().toISOString(),
        run.engine,
        run.engineVersion,
        engineKeyOf(run),
        JSON.stringify(run.models),
        JSON.stringify(run.options ?? {}),
        JSON.stringify(run.timings ?? {}),
        JSON.stringify(run.diagnostics ?? []),
      );
    return Number(info.lastInsertRowid);
  }

  private deleteSourceRows(rows: readonly number[]): void {
    // Children first and explicitly, so the FTS delete triggers run for every row.
    for (const table of ["relations", "units", "segments", "posts"]) {
      const stmt = this.db.prepare(`DELETE FROM ${table} WHERE source_row = ?`);
      for (const row of rows) stmt.run(row);
    }
    const stmt = this.db.prepare("DELETE FROM sources WHERE row = ?");
    for (const row of rows) stmt.run(row);
  }

  putAnalysis(analysis: SourceAnalysis, run: RunInfo): PutResult {
    const { source } = analysis;
    const locator = source.uri ?? source.name;
    const engineKey = engineKeyOf(run);
    const text = source.text;
    return this.write(() => {
      const old = this.db
        .prepare("SELECT row, id FROM sources WHERE id = ? OR locator = ?")
        .all(source.id, locator) as { row: number; id: string }[];
      this.deleteSourceRows(old.map((o) => o.row));
      const runRow = this.insertRun("add", run);
      const sourceRow = Number(
        this.db
          .prepare(
            `INSERT INTO sources (id, locator, name, uri, format, title, text, engine_key, run_row, added_at, diagnostics)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            source.id,
            locator,
            source.name,
            source.uri ?? null,
            source.format,
            source.title ?? null,
            text,
            engineKey,
            runRow,
            this.now().toISOString(),
            JSON.stringify(analysis.diagnostics),
          ).lastInsertRowid,
      );
      const insertPost = this.db.prepare(
        `INSERT INTO posts (id, source_row, idx, author, time, parent_id, span_start, span_end, body_spans, quotes, by, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of source.posts) {
        insertPost.run(
          p.id,
          sourceRow,
          p.index,
          p.author ?? null,
          p.time ?? null,
          p.parentId ?? null,
          p.span[0],
          p.span[1],
          JSON.stringify(p.bodySpans),
          JSON.stringify(p.quotes),
          JSON.stringify(p.by),
          postBody(text, p.bodySpans),
        );
      }
      const insertSegment = this.db.prepare(
        `INSERT INTO segments (id, source_row, ord, post_id, idx, kind, span_start, span_end, by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      analysis.segments.forEach((s, ord) => {
        if (s.text !== text.slice(s.span[0], s.span[1])) {
          throw new ArgmapError(
            "INTERNAL",
            `segment ${s.id} text does not match its span; refusing to store it.`,
          );
        }
        insertSegment.run(
          s.id,
          sourceRow,
          ord,
          s.postId,
          s.index,
          s.kind,
          s.span[0],
          s.span[1],
          JSON.stringify(s.by),
        );
      });
      const insertUnit = this.db.prepare(
        `INSERT INTO units (id, source_row, ord, segment_id, post_id, kind, confidence, span_start, span_end, text, signals, by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      analysis.units.forEach((u, ord) => {
        insertUnit.run(
          u.id,
          sourceRow,
          ord,
          u.segmentId,
          u.postId,
          u.kind,
          u.confidence,
          u.span[0],
          u.span[1],
          u.text,
          JSON.stringify(u.signals),
          JSON.stringify(u.by),
        );
      });
      const insertRelation = this.db.prepare(
        `INSERT INTO relations (id, source_row, ord, kind, level, from_id, to_id, confidence, source_id, span_start, span_end, signals, by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      analysis.relations.forEach((r, ord) => {
        insertRelation.run(
          r.id,
          sourceRow,
          ord,
          r.kind,
          r.level,
          r.from,
          r.to,
          r.confidence,
          r.sourceId,
          r.span[0],
          r.span[1],
          JSON.stringify(r.signals),
          JSON.stringify(r.by),
        );
      });
      return { sourceId: source.id, runId: runRow, replaced: old.map((o) => o.id) };
    });
  }

  private resolveSources(key: string): SourceRow[] {
    const exact = this.db
      .prepare("SELECT * FROM sources WHERE id = ? OR locator = ?")
      .all(key, key) as SourceRow[];
    if (exact.length > 0) return exact;
    return this.db.prepare("SELECT * FROM sources WHERE name = ?").all(key) as SourceRow[];
  }

  removeSource(idOrName: string): number {
    return this.write(() => {
      const rows = this.resolveSources(idOrName);
      if (rows.length > 1 && rows.every((r) => r.id !== idOrName && r.locator !== idOrName)) {
        throw new ArgmapError(
          "USAGE",
          `'${idOrName}' names ${rows.length} sources (${rows.map((r) => r.locator).join(", ")}); remove one by its id or uri.`,
        );
      }
      this.deleteSourceRows(rows.map((r) => r.row));
      return rows.length;
    });
  }

  putMap(map: ArgumentMap, run: RunInfo, options: { name?: string } = {}): number {
    return this.write(() => {
      if (options.name !== undefined) {
        const old = this.db.prepare("SELECT row FROM maps WHERE name = ?").all(options.name) as {
          row: number;
        }[];
        for (const o of old) {
          this.db.prepare("DELETE FROM key_points WHERE map_row = ?").run(o.row);
          this.db.prepare("DELETE FROM maps WHERE row = ?").run(o.row);
        }
      }
      const runRow = this.insertRun("map", run);
      const mapRow = Number(
        this.db
          .prepare("INSERT INTO maps (name, created_at, run_row, source_ids, map) VALUES (?, ?, ?, ?, ?)")
          .run(
            options.name ?? null,
            this.now().toISOString(),
            runRow,
            JSON.stringify(map.sources.map((s) => s.id)),
            JSON.stringify(map),
          ).lastInsertRowid,
      );
      const insert = this.db.prepare(
        `INSERT INTO key_points (map_row, id, source_id, stance, span_start, span_end, text, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const k of map.keyPoints) {
        insert.run(mapRow, k.id, k.sourceId, k.stance, k.span[0], k.span[1], k.text, JSON.stringify(k));
      }
      return mapRow;
    });
  }

  // ---- reads -----------------------------------------------------------------------------------

  private readAnalysis(s: SourceRow): SourceAnalysis {
    const posts = (
      this.db.prepare("SELECT * FROM posts WHERE source_row = ? ORDER BY idx, row").all(s.row) as PostRow[]
    ).map((p) => this.toPost(p, s.id));
    const source = SourceDoc.parse({
      id: s.id,
      name: s.name,
      ...(s.uri !== null ? { uri: s.uri } : {}),
      format: s.format,
      ...(s.title !== null ? { title: s.title } : {}),
      text: s.text,
      posts,
    });
    const segments = (
      this.db.prepare("SELECT * FROM segments WHERE source_row = ? ORDER BY ord").all(s.row) as SegmentRow[]
    ).map((r) =>
      Segment.parse({
        id: r.id,
        sourceId: s.id,
        postId: r.post_id,
        index: r.idx,
        kind: r.kind,
        span: [r.span_start, r.span_end],
        text: s.text.slice(r.span_start, r.span_end),
        by: parseJson(Provenance, r.by, "segment provenance"),
      }),
    );
    const units = (
      this.db.prepare("SELECT * FROM units WHERE source_row = ? ORDER BY ord").all(s.row) as UnitRow[]
    ).map((r) => this.toUnit(r, s.id));
    const relations = (
      this.db.prepare("SELECT * FROM relations WHERE source_row = ? ORDER BY ord").all(s.row) as RelationRow[]
    ).map((r) => this.toRelation(r));
    return {
      source,
      segments,
      units,
      relations,
      diagnostics: parseJson(DiagnosticList, s.diagnostics, "source diagnostics"),
    };
  }

  private toPost(p: PostRow, sourceId: string): Post {
    return Post.parse({
      id: p.id,
      sourceId,
      index: p.idx,
      ...(p.author !== null ? { author: p.author } : {}),
      ...(p.time !== null ? { time: p.time } : {}),
      ...(p.parent_id !== null ? { parentId: p.parent_id } : {}),
      span: [p.span_start, p.span_end],
      bodySpans: parseJson(SpanList, p.body_spans, "post body spans"),
      quotes: parseJson(QuoteList, p.quotes, "post quotes"),
      by: parseJson(Provenance, p.by, "post provenance"),
    });
  }

  private toUnit(r: UnitRow, sourceId: string): Unit {
    return Unit.parse({
      id: r.id,
      segmentId: r.segment_id,
      sourceId,
      postId: r.post_id,
      kind: r.kind,
      confidence: r.confidence,
      span: [r.span_start, r.span_end],
      text: r.text,
      signals: parseJson(StringList, r.signals, "unit signals"),
      by: parseJson(Provenance, r.by, "unit provenance"),
    });
  }

  private toRelation(r: RelationRow): Relation {
    return Relation.parse({
      id: r.id,
      kind: r.kind,
      level: r.level,
      from: r.from_id,
      to: r.to_id,
      confidence: r.confidence,
      sourceId: r.source_id,
      span: [r.span_start, r.span_end],
      signals: parseJson(StringList, r.signals, "relation signals"),
      by: parseJson(Provenance, r.by, "relation provenance"),
    });
  }

  loadAnalyses(filter: AnalysisFilter = {}): SourceAnalysis[] {
    let rows = this.db.prepare("SELECT * FROM sources ORDER BY row").all() as SourceRow[];
    if (filter.sourceIds) {
      const wanted = new Set(filter.sourceIds);
      rows = rows.filter((r) => wanted.has(r.id) || wanted.has(r.name) || wanted.has(r.locator));
    }
    if (filter.query !== undefined) {
      const fts = toFtsQuery(filter.query);
      if (fts === undefined) return [];
      const matching = new Set(
        (
          this.db
            .prepare(
              `SELECT source_row FROM posts WHERE row IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH @q)
               UNION SELECT source_row FROM units WHERE row IN (SELECT rowid FROM units_fts WHERE units_fts MATCH @q)`,
            )
            .all({ q: fts }) as { source_row: number }[]
        ).map((r) => r.source_row),
      );
      rows = rows.filter((r) => matching.has(r.row));
    }
    // One read transaction: a consistent snapshot even while another process writes.
    return this.db.transaction(() => rows.map((r) => this.readAnalysis(r)))();
  }

  private toStoredSource(s: SourceRow): StoredSource {
    const count = (table: string) =>
      (this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE source_row = ?`).get(s.row) as { n: number })
        .n;
    return {
      id: s.id,
      name: s.name,
      ...(s.uri !== null ? { uri: s.uri } : {}),
      format: s.format,
      ...(s.title !== null ? { title: s.title } : {}),
      engineKey: s.engine_key,
      addedAt: s.added_at,
      posts: count("posts"),
      segments: count("segments"),
      units: count("units"),
      relations: count("relations"),
      chars: s.text.length,
    };
  }

  listSources(): StoredSource[] {
    return this.db.transaction(() =>
      (this.db.prepare("SELECT * FROM sources ORDER BY row").all() as SourceRow[]).map((s) =>
        this.toStoredSource(s),
      ),
    )();
  }

  getItem(id: string): StoredItem | undefined {
    return this.db.transaction((): StoredItem | undefined => {
      const sources = this.resolveSources(id);
      if (sources.length === 1) return { type: "source", source: this.toStoredSource(sources[0]!) };
      const sourceOf = (row: number) =>
        this.db.prepare("SELECT id, text FROM sources WHERE row = ?").get(row) as {
          id: string;
          text: string;
        };
      const post = this.db.prepare("SELECT * FROM posts WHERE id = ?").get(id) as PostRow | undefined;
      if (post) {
        const s = sourceOf(post.source_row);
        return {
          type: "post",
          sourceId: s.id,
          item: this.toPost(post, s.id),
          text: s.text.slice(post.span_start, post.span_end),
        };
      }
      const seg = this.db.prepare("SELECT * FROM segments WHERE id = ?").get(id) as
        (SegmentRow & { source_row: number }) | undefined;
      if (seg) {
        const s = sourceOf(seg.source_row);
        const item = Segment.parse({
          id: seg.id,
          sourceId: s.id,
          postId: seg.post_id,
          index: seg.idx,
          kind: seg.kind,
          span: [seg.span_start, seg.span_end],
          text: s.text.slice(seg.span_start, seg.span_end),
          by: parseJson(Provenance, seg.by, "segment provenance"),
        });
        return { type: "segment", sourceId: s.id, item };
      }
      const unit = this.db.prepare("SELECT * FROM units WHERE id = ?").get(id) as
        (UnitRow & { source_row: number }) | undefined;
      if (unit) {
        const s = sourceOf(unit.source_row);
        return { type: "unit", sourceId: s.id, item: this.toUnit(unit, s.id) };
      }
      const rel = this.db.prepare("SELECT * FROM relations WHERE id = ?").get(id) as
        (RelationRow & { source_row: number }) | undefined;
      if (rel) return { type: "relation", sourceId: sourceOf(rel.source_row).id, item: this.toRelation(rel) };
      const kp = this.db
        .prepare("SELECT map_row, data FROM key_points WHERE id = ? ORDER BY map_row DESC LIMIT 1")
        .get(id) as { map_row: number; data: string } | undefined;
      if (kp)
        return { type: "key-point", mapId: kp.map_row, item: parseJson(KeyPoint, kp.data, "key point") };
      return undefined;
    })();
  }

  getMap(key?: number | string): ArgumentMap | undefined {
    const row = (
      key === undefined
        ? this.db.prepare("SELECT map FROM maps ORDER BY row DESC LIMIT 1").get()
        : typeof key === "number"
          ? this.db.prepare("SELECT map FROM maps WHERE row = ?").get(key)
          : this.db.prepare("SELECT map FROM maps WHERE name = ?").get(key)
    ) as { map: string } | undefined;
    return row ? parseJson(ArgumentMap, row.map, "map") : undefined;
  }

  listMaps(): StoredMapInfo[] {
    const rows = this.db
      .prepare(
        `SELECT m.row, m.name, m.created_at, m.source_ids, (SELECT count(*) FROM key_points k WHERE k.map_row = m.row) AS kps,
                json_array_length(m.map, '$.arguments') AS args
         FROM maps m ORDER BY m.row`,
      )
      .all() as {
      row: number;
      name: string | null;
      created_at: string;
      source_ids: string;
      kps: number;
      args: number;
    }[];
    return rows.map((r) => ({
      id: r.row,
      ...(r.name !== null ? { name: r.name } : {}),
      createdAt: r.created_at,
      sourceIds: parseJson(StringList, r.source_ids, "map source ids"),
      keyPoints: r.kps,
      arguments: r.args,
    }));
  }

  /** Engine runs recorded in the corpus, newest first. */
  listRuns(
    limit = 20,
  ): { id: number; kind: string; startedAt: string; engineKey: string; models: Record<string, string> }[] {
    const rows = this.db
      .prepare("SELECT row, kind, started_at, engine_key, models FROM runs ORDER BY row DESC LIMIT ?")
      .all(limit) as { row: number; kind: string; started_at: string; engine_key: string; models: string }[];
    return rows.map((r) => ({
      id: r.row,
      kind: r.kind,
      startedAt: r.started_at,
      engineKey: r.engine_key,
      models: parseJson(StringRecord, r.models, "run models"),
    }));
  }

  search(query: string, filters: SearchFilters = {}): SearchHit[] {
    const fts = toFtsQuery(query);
    const limit = Math.max(1, Math.floor(filters.limit ?? 20));
    if (fts === undefined) return [];
    const kind = filters.kind;
    const unitKind = kind !== undefined && UnitKind.safeParse(kind).success ? (kind as UnitKind) : undefined;
    const itemType =
      kind !== undefined && (SEARCH_ITEM_TYPES as readonly string[]).includes(kind)
        ? (kind as SearchItemType)
        : undefined;
    const want = (t: SearchItemType): boolean => {
      if (filters.stance !== undefined) return t === "key-point";
      if (unitKind !== undefined) return t === "unit";
      if (itemType !== undefined) return t === itemType;
      return true;
    };
    const hits: SearchHit[] = [];
    const params: Record<string, string | number> = { q: fts, limit };
    const sourceClause =
      filters.source !== undefined ? "AND (s.id = @source OR s.name = @source OR s.locator = @source)" : "";
    if (filters.source !== undefined) params.source = filters.source;
    if (filters.author !== undefined) params.author = filters.author;
    // Snippets only for the rows that make the cut: snippet() on every match is the slow part.
    const snippetOf = (table: string, row: number): string => {
      const r = this.db
        .prepare(
          `SELECT snippet(${table}, 0, '[', ']', '…', 16) AS s FROM ${table} WHERE ${table} MATCH ? AND rowid = ?`,
        )
        .get(fts, row) as { s: string } | undefined;
      return r?.s ?? "";
    };

    return this.db.transaction(() => {
      if (want("post")) {
        const rows = this.db
          .prepare(
            `SELECT p.id, p.span_start, p.span_end, p.body AS text, p.author, s.id AS source_id, s.name AS source_name,
                    p.row AS fts_row, bm25(posts_fts) AS score
             FROM posts_fts JOIN posts p ON p.row = posts_fts.rowid JOIN sources s ON s.row = p.source_row
             WHERE posts_fts MATCH @q ${sourceClause} ${filters.author !== undefined ? "AND p.author = @author" : ""}
             ORDER BY score LIMIT @limit`,
          )
          .all(params) as HitRow[];
        for (const r of rows)
          hits.push({ ...this.hitBase("post", r, snippetOf("posts_fts", r.fts_row)), postId: r.id });
      }
      if (want("unit")) {
        const kindClause =
          unitKind !== undefined ? "AND u.kind = @kind" : itemType === "unit" ? "" : "AND u.kind <> 'none'";
        const rows = this.db
          .prepare(
            `SELECT u.id, u.span_start, u.span_end, u.text, u.kind, u.post_id, p.author, s.id AS source_id, s.name AS source_name,
                    u.row AS fts_row, bm25(units_fts) AS score
             FROM units_fts JOIN units u ON u.row = units_fts.rowid JOIN sources s ON s.row = u.source_row
             LEFT JOIN posts p ON p.id = u.post_id
             WHERE units_fts MATCH @q ${sourceClause} ${kindClause} ${filters.author !== undefined ? "AND p.author = @author" : ""}
             ORDER BY score LIMIT @limit`,
          )
          .all(unitKind !== undefined ? { ...params, kind: unitKind } : params) as HitRow[];
        for (const r of rows) {
          hits.push({
            ...this.hitBase("unit", r, snippetOf("units_fts", r.fts_row)),
            unitKind: r.kind as UnitKind,
            ...(r.post_id ? { postId: r.post_id } : {}),
          });
        }
      }
      if (want("key-point") && filters.author === undefined) {
        const rows = this.db
          .prepare(
            `SELECT k.id, k.span_start, k.span_end, k.text, k.stance, k.map_row, k.source_id, s.name AS source_name,
                    k.row AS fts_row, bm25(key_points_fts) AS score
             FROM key_points_fts JOIN key_points k ON k.row = key_points_fts.rowid LEFT JOIN sources s ON s.id = k.source_id
             WHERE key_points_fts MATCH @q AND k.map_row = (SELECT max(row) FROM maps)
               ${filters.source !== undefined ? "AND (k.source_id = @source OR s.name = @source OR s.locator = @source)" : ""}
               ${filters.stance !== undefined ? "AND k.stance = @stance" : ""}
             ORDER BY score LIMIT @limit`,
          )
          .all(filters.stance !== undefined ? { ...params, stance: filters.stance } : params) as HitRow[];
        for (const r of rows) {
          hits.push({
            ...this.hitBase("key-point", r, snippetOf("key_points_fts", r.fts_row)),
            stance: r.stance as SearchHit["stance"] & string,
            mapId: r.map_row!,
          });
        }
      }
      return hits.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id)).slice(0, limit);
    })();
  }

  private hitBase(type: SearchItemType, r: HitRow, snippet: string): SearchHit {
    return {
      type,
      id: r.id,
      sourceId: r.source_id,
      sourceName: r.source_name ?? r.source_id,
      ...(r.author ? { author: r.author } : {}),
      span: [r.span_start, r.span_end],
      text: r.text,
      snippet,
      score: r.score,
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
