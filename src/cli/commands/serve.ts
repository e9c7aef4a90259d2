import { availableParallelism } from "node:os";
import { basename, resolve } from "node:path";
import { mapSources } from "../../api.js";
import { resolveEngine } from "../../engines/registry.js";
import { ArgmapError } from "../../model/index.js";
import { buildMap } from "../../pipeline/index.js";
import {
  Catalog,
  DEFAULT_MAX_BODY_BYTES,
  resolveAccess,
  SearchPool,
  startServer,
} from "../../serve/index.js";
import type { CorpusStore } from "../../store/index.js";
import type { Command } from "../command.js";
import { openCorpus } from "../corpus.js";
import { positiveNumber } from "../input-options.js";
import { resolveInputs } from "./map.js";

/** A corpus with no stored map gets one built at start-up when it has at most this many posts. */
const MAX_POSTS_TO_MAP_AT_START = 50_000;

/** Build the in-memory "corpus" map of a store that has none, when it is small enough. */
async function mapStoreIfNoMaps(
  store: CorpusStore,
  catalog: Catalog,
  log: (s: string) => void,
): Promise<void> {
  if ((await store.listMaps()).length > 0) return;
  const sources = await store.listSources();
  if (sources.length === 0) return;
  let posts = 0;
  for (const s of sources) posts += s.posts;
  if (posts > MAX_POSTS_TO_MAP_AT_START) {
    log(`argmap serve: the corpus has no stored map; run 'argmap export --db …' once to build one.`);
    return;
  }
  const engine = await resolveEngine("classic");
  catalog.addMap("corpus", await buildMap(await store.loadAnalyses(), { engine }));
}

/** Search workers for a file corpus (two at most: searches are CPU-bound); none for other targets. */
async function searchPoolFor(
  db: unknown,
  cwd: string,
  log: (s: string) => void,
): Promise<SearchPool | undefined> {
  if (typeof db !== "string" || db === ":memory:" || /^[a-z][a-z0-9+.-]+:\/\//i.test(db)) return undefined;
  try {
    return await SearchPool.start(resolve(cwd, db), Math.max(1, Math.min(2, availableParallelism() - 1)));
  } catch (error) {
    log(`argmap serve: searching on the server's thread (no search workers: ${(error as Error).message})`);
    return undefined;
  }
}

export const serveCommand: Command = {
  name: "serve",
  usage: "[files…] [--db argmap.db] [--port 4173] [--host 127.0.0.1 --token T]",
  options: [
    { name: "db", type: "string", description: "serve the maps, sources and search of this corpus database" },
    {
      name: "port",
      short: "p",
      type: "string",
      default: "4173",
      description: "port to listen on (0: any free one)",
    },
    {
      name: "host",
      type: "string",
      default: "127.0.0.1",
      description:
        "address to listen on; beyond loopback a token is required (one is made if --token is absent)",
    },
    { name: "token", type: "string", description: "every request must carry this token (16+ characters)" },
    {
      name: "max-body",
      type: "string",
      default: String(DEFAULT_MAX_BODY_BYTES),
      description: "largest text POST /api/map accepts, in bytes",
    },
  ],
  async run({ values, positionals }, io) {
    const log = (line: string) => void io.stderr.write(`${line}\n`);
    const port = values.port === "0" ? 0 : Math.floor(positiveNumber(values, "port"));
    if (port > 65535) throw new ArgmapError("USAGE", `--port must be at most 65535 (got ${port}).`);
    const maxBody = Math.floor(positiveNumber(values, "max-body"));
    const host = typeof values.host === "string" ? values.host : "127.0.0.1";
    const access = resolveAccess(host, typeof values.token === "string" ? values.token : undefined);
    if (positionals.length === 0 && typeof values.db !== "string")
      throw new ArgmapError(
        "USAGE",
        "nothing to serve: give files to map and/or --db argmap.db (see argmap serve --help).",
      );
    const store =
      typeof values.db === "string" ? await openCorpus(values, io, { readonly: true }) : undefined;
    let pool: SearchPool | undefined;
    try {
      pool = await searchPoolFor(values.db, io.cwd, log);
      const catalog = new Catalog(store, pool ? (q, f) => pool!.search(q, f) : undefined);
      if (positionals.length > 0) {
        const inputs = resolveInputs(positionals, io);
        const map = await mapSources(inputs, { engine: "classic" });
        catalog.addMap(positionals.map((p) => basename(p)).join(", "), map);
      }
      if (store) await mapStoreIfNoMaps(store, catalog, log);
      const server = await startServer({
        catalog,
        host,
        port,
        maxBodyBytes: maxBody,
        log,
        ...(access.token !== undefined ? { token: access.token } : {}),
      });
      log(`argmap serve: listening on ${server.url} (Ctrl-C stops)`);
      if (access.generated && access.token !== undefined) {
        log(`argmap serve: token ${access.token}`);
        log(`argmap serve: open ${server.url}?token=${access.token}`);
      }
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await server.close();
      log("argmap serve: stopped");
    } finally {
      await pool?.close();
      await store?.close();
    }
    return 0;
  },
};
