/**
 * Forward-only schema migrations for the SQLite corpus. `PRAGMA user_version` holds the version
 * of the schema in a file; opening a file runs every migration above it, each in its own
 * transaction. Never edit a released migration: add a new one. A frozen copy of every released
 * DDL lives in `test/store/history/` so each upgrade path is tested from every earlier version.
 */

export interface Migration {
  /** The `user_version` after this migration. */
  version: number;
  description: string;
  sql: string;
}

const V1 = `
CREATE TABLE runs (
  row INTEGER PRIMARY KEY,
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
  row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  locator TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  uri TEXT,
  format TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL,
  engine_key TEXT NOT NULL,
  run_row INTEGER REFERENCES runs(row) ON DELETE SET NULL,
  added_at TEXT NOT NULL,
  diagnostics TEXT NOT NULL
);
CREATE INDEX sources_name ON sources(name);

CREATE TABLE posts (
  row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row INTEGER NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  author TEXT,
  time TEXT,
  parent_id TEXT,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  body_spans TEXT NOT NULL,
  quotes TEXT NOT NULL,
  by TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX posts_source ON posts(source_row, idx);
CREATE INDEX posts_author ON posts(author);

CREATE TABLE segments (
  row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row INTEGER NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
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
  row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row INTEGER NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  segment_id TEXT NOT NULL,
  post_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  confidence REAL NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  signals TEXT NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX units_source ON units(source_row, ord);
CREATE INDEX units_post ON units(post_id);

CREATE TABLE relations (
  row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_row INTEGER NOT NULL REFERENCES sources(row) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  level TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  confidence REAL NOT NULL,
  source_id TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  signals TEXT NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX relations_source ON relations(source_row, ord);

CREATE TABLE maps (
  row INTEGER PRIMARY KEY,
  name TEXT UNIQUE,
  created_at TEXT NOT NULL,
  run_row INTEGER REFERENCES runs(row) ON DELETE SET NULL,
  source_ids TEXT NOT NULL,
  map TEXT NOT NULL
);

CREATE TABLE key_points (
  row INTEGER PRIMARY KEY,
  map_row INTEGER NOT NULL REFERENCES maps(row) ON DELETE CASCADE,
  id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  stance TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (map_row, id)
);
CREATE INDEX key_points_id ON key_points(id);

CREATE VIRTUAL TABLE posts_fts USING fts5(body, content='posts', content_rowid='row', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts(rowid, body) VALUES (new.row, new.body);
END;
CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, body) VALUES ('delete', old.row, old.body);
END;

CREATE VIRTUAL TABLE units_fts USING fts5(text, content='units', content_rowid='row', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER units_ai AFTER INSERT ON units BEGIN
  INSERT INTO units_fts(rowid, text) VALUES (new.row, new.text);
END;
CREATE TRIGGER units_ad AFTER DELETE ON units BEGIN
  INSERT INTO units_fts(units_fts, rowid, text) VALUES ('delete', old.row, old.text);
END;

CREATE VIRTUAL TABLE key_points_fts USING fts5(text, content='key_points', content_rowid='row', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER key_points_ai AFTER INSERT ON key_points BEGIN
  INSERT INTO key_points_fts(rowid, text) VALUES (new.row, new.text);
END;
CREATE TRIGGER key_points_ad AFTER DELETE ON key_points BEGIN
  INSERT INTO key_points_fts(key_points_fts, rowid, text) VALUES ('delete', old.row, old.text);
END;
`;

/** Earlier maps of a name, kept when a newer one replaces it (for `argmap diff` and `--since`). */
const V2 = `
ALTER TABLE maps ADD COLUMN history_of TEXT;
CREATE INDEX maps_history ON maps(history_of, row);
`;

/** Every migration, in order; the last one's version is the current schema version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "sources, posts, segments, units, relations, maps, key points, runs; FTS5 indexes",
    sql: V1,
  },
  { version: 2, description: "maps.history_of: earlier maps of a name kept as its history", sql: V2 },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
