import { Stance, UnitKind } from "../../model/index.js";
import type { SearchFilters } from "../../store/index.js";
import { groupSearchHits, SEARCH_ITEM_TYPES } from "../../store/index.js";
import type { Command } from "../command.js";
import { ArgmapError } from "../../model/index.js";
import { dbOption, openCorpus, TEXT_OR_JSON } from "../corpus.js";
import { positiveNumber } from "../input-options.js";

export const searchCommand: Command = {
  name: "search",
  usage: '"<query>" [--db argmap.db] [--source s] [--author a] [--stance pro|con|neutral] [--kind k]',
  options: [
    dbOption,
    { name: "source", type: "string", description: "only this source (id, name or uri)" },
    { name: "author", type: "string", description: "only posts (and their units) by this author" },
    {
      name: "stance",
      type: "string",
      choices: Stance.options,
      description: "only key points with this stance",
    },
    {
      name: "kind",
      type: "string",
      choices: [...SEARCH_ITEM_TYPES, ...UnitKind.options],
      description: "item type or unit kind",
    },
    { name: "limit", short: "n", type: "string", default: "20", description: "most hits to show" },
    TEXT_OR_JSON,
  ],
  async run({ values, positionals }, io) {
    const query = positionals.join(" ").trim();
    if (query.length === 0) throw new ArgmapError("USAGE", 'no query given. Usage: argmap search "<query>"');
    const filters: SearchFilters = { limit: Math.floor(positiveNumber(values, "limit")) };
    if (typeof values.source === "string") filters.source = values.source;
    if (typeof values.author === "string") filters.author = values.author;
    if (typeof values.stance === "string") filters.stance = values.stance as Stance;
    if (typeof values.kind === "string") filters.kind = values.kind as SearchFilters["kind"];
    const store = await openCorpus(values, io, { readonly: true });
    try {
      // One entry per sentence: a post hit folds into the unit hits of that post.
      const hits = groupSearchHits(await store.search(query, filters));
      if (values.format === "json") {
        io.stdout.write(JSON.stringify(hits, null, 2) + "\n");
      } else {
        for (const h of hits) {
          const what =
            h.type === "unit" ? h.unitKind : h.type === "key-point" ? `key point (${h.stance})` : "post";
          const who = (h.author ? ` by ${h.author}` : "") + (h.postMatched ? " (its post matches too)" : "");
          io.stdout.write(
            `${what}${who} — ${h.sourceName} [${h.span[0]}, ${h.span[1]}) ${h.id}\n  ${h.snippet.replace(/\s+/g, " ")}\n`,
          );
        }
        if (hits.length === 0) io.stderr.write("argmap: no matches\n");
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
