/**
 * wink-eng-lite-web-model, loaded for less start-up time with the same result.
 *
 * The package's own loader parses its 3 MB core model JSON at `require` time, then deep-copies it
 * on every `core()` call (`JSON.parse(JSON.stringify(…))`, ≈35 ms) and decodes the base64 lexicon
 * one character at a time. For the model versions whose loader this mirrors (`MIRRORED`), the core
 * model is read once from its file and decoded with `Buffer`; the other parts (sentence, POS,
 * negation, entity and sentiment machines, lemmatiser) are the package's own modules. Any other
 * version, or a file layout that is not the expected one, gets the package's own loader, so a wink
 * upgrade can make start-up slower but never changes what wink sees. `wink-model.test.ts` checks
 * that the fast core equals the package's for the installed version.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type model from "wink-eng-lite-web-model";

export type WinkModel = typeof model;

const PACKAGE = "wink-eng-lite-web-model";
/** Versions whose `dist/read-core-model.js` and `dist/load-core-model.js` `readCoreModel` mirrors. */
const MIRRORED = /^1\.8\.\d+$/;
const CORE_JSON = "dist/languages/cur/models/eng-core-web-model.json";

const requireModule = createRequire(import.meta.url);

/** The packed layout of one feature: [offset, mask, shift, isList, isExtra, …]. */
type Layout = Record<string, number[]>;

interface FeatureData {
  list: string[];
  hash?: Record<string, number>;
  intrinsicSize?: number;
  index?: number;
  maxIndex?: number;
}

interface CoreModel {
  packing: { layout: Layout; efList?: string[] };
  features: Record<string, FeatureData> & {
    lexeme: FeatureData;
    posClusters: { list: (string | Set<number>)[] };
  };
  pos: { hash: Record<string, number> };
  lexicon: string | Uint32Array;
  xpansions: string | Uint32Array;
}

function words(base64: string): Uint32Array {
  const bytes = Buffer.from(base64, "base64");
  // A copy into its own buffer: `Buffer.from` may hand out a slice of a shared, unaligned pool.
  const out = new Uint32Array(bytes.byteLength >>> 2);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.byteLength));
  return out;
}

function hashOf(list: readonly string[]): Record<string, number> {
  const hash = Object.create(null) as Record<string, number>;
  for (let k = 0; k < list.length; k++) hash[list[k]!] = k;
  return hash;
}

/**
 * The core model as the package's `core()` returns it (read-core-model.js, then
 * load-core-model.js of wink-eng-lite-web-model 1.8), from one parse of the model file.
 */
export function readCoreModel(path: string): unknown {
  const core = JSON.parse(readFileSync(path, "utf8")) as CoreModel;
  const { packing, features, pos } = core;
  core.lexicon = words(core.lexicon as string);
  core.xpansions = words(core.xpansions as string);
  for (const f in packing.layout)
    if (packing.layout[f]![3] === 0) features[f]!.hash = hashOf(features[f]!.list);
  features.lexeme.hash = hashOf(features.lexeme.list);
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k++)
    clusters[k] = new Set((clusters[k] as string).split("_").map((e) => pos.hash[e] || 0));
  packing.efList = [];
  for (const f in packing.layout) {
    const layout = packing.layout[f]!;
    if (layout[3] === 0) {
      const feature = features[f]!;
      feature.intrinsicSize = feature.list.length;
      feature.index = feature.list.length;
      feature.maxIndex = layout[1]! >>> layout[2]!;
    }
    if (layout[4] === 1) packing.efList.push(f);
  }
  features.lexeme.intrinsicSize = features.lexeme.list.length;
  features.lexeme.index = features.lexeme.list.length;
  return core;
}

/** The installed model's version, or undefined when its package.json cannot be read. */
function installedVersion(): string | undefined {
  try {
    return (requireModule(`${PACKAGE}/package.json`) as { version?: unknown }).version as string;
  } catch {
    return undefined; // not resolvable this way: the package's own loader is used
  }
}

/** The English model for wink-nlp: the fast core where it is known to match, else the package's. */
export function loadWinkModel(): WinkModel {
  const version = installedVersion();
  if (version === undefined || !MIRRORED.test(version)) return requireModule(PACKAGE) as WinkModel;
  const part = (name: string): unknown => requireModule(`${PACKAGE}/dist/${name}.js`);
  const corePath = requireModule.resolve(`${PACKAGE}/${CORE_JSON}`);
  return {
    core: () => readCoreModel(corePath),
    sbd: part("load-sbd-model"),
    pos: part("load-pos-model"),
    ner: part("load-ner-model"),
    negation: part("load-negation-model"),
    sa: part("load-sa-model"),
    metaCER: part("load-cer-meta-model"),
    featureFn: part("feature"),
    addons: {
      stem: part("porter-stemmer"),
      lemmatize: part("lemmatize"),
      readabilityStats: part("readability-stats"),
      wordVectors: undefined,
    },
  } as unknown as WinkModel;
}
