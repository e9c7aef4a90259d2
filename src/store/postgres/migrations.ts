/**
 * Forward-only schema migrations for the PostgreSQL corpus, the same story as SQLite's
 * (`../sqlite/migrations.ts`): each migration is literal SQL with a version; the table
 * `argmap_schema` records every version applied; opening a database applies the pending ones in
 * one transaction under an advisory lock (so two processes opening a new database at once migrate
 * it once), and a database at a newer version than this argmap knows is refused. Never edit a
 * released migration: add a new one.
 *
 * Full-text search: each searchable table has a `tsv tsvector` column with a GIN index, written
 * by the store from the text with diacritics removed (`foldDiacritics` in `./search.ts`), under
 * the text search configuration `argmap_english`: English snowball stemming without a stop-word
 * list, so every word can be searched, as in the SQLite store (porter, no stop words). The GIN
 * indexes keep a small pending list (`gin_pending_list_limit = 256` kB instead of 4 MB): new rows
 * are merged into the index in small batches, so a search right after a burst of adds does not
 * scan megabytes of unmerged entries (store bench, 20k posts: search median 75 ms → 6.5 ms at the
 * same add throughput; `fastupdate = off` gave 13.6 ms but halved add throughput).
 */

export interface Migration {
  /** The schema version after this migration. */
  version: number;
  description: string;
  sql: string;
}

const V1 = `
CREATE TEXT SEARCH DICTIONARY argmap_english_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION argmap_english (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION argmap_english
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH argmap_english_stem;

CREATE TABLE runs (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('add', 'map')),
  started_at TEXT NOT NULL,
  engine TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  engine_key TEXT NOT NULL,
  models TEXT NOT NULL,
  options TEXT NOT NULL,
  timings TEXT NOT NULL,
  diagnostics TEXT NOT NULL
);

CREATE TABLE sources (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  locator TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  uri TEXT,
  format TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL,
  engine_key TEXT NOT NULL,
  run_row BIGINT REFERENCES runs(row) ON DELETE SET NULL,
  added_at TEXT NOT NULL,
  diagnostics TEXT NOT NULL
);
CREATE INDEX sources_name ON sources(name);
CREATE INDEX sources_id_engine ON sources(id, engine_key);

CREATE TABLE posts (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row BIGINT NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  author TEXT,
  time TEXT,
  parent_id TEXT,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  body_spans TEXT NOT NULL,
  quotes TEXT NOT NULL,
  by TEXT NOT NULL,
  body TEXT NOT NULL,
  tsv TSVECTOR NOT NULL
);
CREATE INDEX posts_source ON posts(source_row, idx);
CREATE INDEX posts_author ON posts(author);
CREATE INDEX posts_tsv ON posts USING GIN (tsv) WITH (gin_pending_list_limit = 256);

CREATE TABLE segments (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row BIGINT NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  post_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  kind TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX segments_source ON segments(source_row, ord);

CREATE TABLE units (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row BIGINT NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  segment_id TEXT NOT NULL,
  post_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  confidence DOUBLE PRECISION NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  signals TEXT NOT NULL,
  by TEXT NOT NULL,
  tsv TSVECTOR NOT NULL
);
CREATE INDEX units_source ON units(source_row, ord);
CREATE INDEX units_post ON units(post_id);
CREATE INDEX units_tsv ON units USING GIN (tsv) WITH (gin_pending_list_limit = 256);

CREATE TABLE relations (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row BIGINT NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  level TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  confidence DOUBLE PRECISION NOT NULL,
  source_id TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  signals TEXT NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX relations_source ON relations(source_row, ord);

CREATE TABLE maps (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT UNIQUE,
  created_at TEXT NOT NULL,
  run_row BIGINT REFERENCES runs(row) ON DELETE SET NULL,
  source_ids TEXT NOT NULL,
  arguments INTEGER NOT NULL,
  map TEXT NOT NULL
);

CREATE TABLE key_points (
  row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  map_row BIGINT NOT NULL REFERENCES maps(row) ON DELETE CASCADE,
  id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  stance TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  data TEXT NOT NULL,
  tsv TSVECTOR NOT NULL,
  UNIQUE (map_row, id)
);
CREATE INDEX key_points_id ON key_points(id);
CREATE INDEX key_points_tsv ON key_points USING GIN (tsv) WITH (gin_pending_list_limit = 256);
`;

/** Earlier maps of a name, kept when a newer one replaces it (for `argmap diff` and `--since`). */
const V2 = `
ALTER TABLE maps ADD COLUMN history_of TEXT;
CREATE INDEX maps_history ON maps(history_of, row);
`;

/** Every migration, in order; the last one's version is the current schema version. */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "sources, posts, segments, units, relations, maps, key points, runs; tsvector + GIN indexes",
    sql: V1,
  },
  { version: 2, description: "maps.history_of: earlier maps of a name kept as its history", sql: V2 },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/** Tables of the corpus schema: a database holding any of them without `argmap_schema` is refused. */
export const CORPUS_TABLES = [
  "runs",
  "sources",
  "posts",
  "segments",
  "units",
  "relations",
  "maps",
  "key_points",
];
