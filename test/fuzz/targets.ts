/**
 * What the fuzzer feeds: every reader (through `readSource`, forced and by detection), the
 * segmenter, the importers and `parseMap`. A target turns bytes into a result and returns the
 * invariant violations of that result (empty when it is sound); it may throw.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { readArgKp } from "../../src/datasets/argkp.js";
import { renderAif } from "../../src/export/aif.js";
import { renderArgdown } from "../../src/export/argdown.js";
import { parseMap, renderJson } from "../../src/export/json.js";
import {
  importAif,
  importArgdown,
  importArgKp,
  importBrat,
  importCommentTable,
} from "../../src/import/index.js";
import { detectFormat, readSource } from "../../src/ingest/index.js";
import type { ArgumentMap, SourceDoc, SourceFormat } from "../../src/model/index.js";
import { SourceFormat as SourceFormatSchema } from "../../src/model/index.js";
import { segmentSources, winkSegmenter } from "../../src/segment/index.js";
import { sampleMap } from "../formats/fixtures.js";
import { mapViolations, segmentViolations, sourceDocViolations } from "../invariant-checks.js";
import * as gen from "./generators.js";
import { bytesOf } from "./mutate.js";

export type TargetGroup = "readers" | "segment" | "importers" | "parseMap";

export interface FuzzTarget {
  /** Kebab-case; prefixes the crash fixtures (`test/fixtures/fuzz/<name>-<hash>`). */
  readonly name: string;
  readonly group: TargetGroup;
  /** Structured inputs. */
  readonly arbitrary: fc.Arbitrary<string>;
  /** Seeds for the mutation fuzzer (fixtures and rendered maps). */
  seeds(): Uint8Array[];
  /** Why this input is not fuzzed yet (a known issue fixed elsewhere), or undefined. */
  skip?(input: Uint8Array): string | undefined;
  /**
   * Time budget per byte in µs when not the default 20: only for a third-party parser whose own
   * linear rate is higher (documented at the target).
   */
  readonly usPerByte?: number;
  /** Run one input; the invariant violations of the result. */
  run(input: Uint8Array): string[];
}

const root = new URL("../../", import.meta.url);

function filesIn(dir: string): string[] {
  const path = new URL(dir, root).pathname;
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(path, e.name))
    .sort();
}

let fixtureCache: { path: string; bytes: Uint8Array; format: SourceFormat | undefined }[] | undefined;
/** Every document fixture with the format it is detected as. */
function fixtures(): { path: string; bytes: Uint8Array; format: SourceFormat | undefined }[] {
  fixtureCache ??= [
    ...filesIn("test/fixtures/"),
    ...filesIn("examples/"),
    ...filesIn("src/eval/fixtures/cdcp-mini/"),
    ...filesIn("src/eval/fixtures/web-discourse-mini/"),
  ].map((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    let format: SourceFormat | undefined;
    try {
      format = detectFormat(new TextDecoder().decode(bytes), path);
    } catch {
      format = undefined; // a fixture of malformed input: still a good seed for every reader
    }
    return { path, bytes, format };
  });
  return fixtureCache;
}

/** Text of importer input: UTF-16 with a BOM (so lone surrogates survive), else UTF-8. */
export function textOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder().decode(bytes);
}

/** The files of a multi-file input; missing parts are empty. */
function partsOf(bytes: Uint8Array, n: number): string[] {
  const parts = textOf(bytes).split(gen.PART_SEPARATOR);
  const out = parts.slice(0, n - 1);
  out.push(parts.slice(n - 1).join(gen.PART_SEPARATOR));
  while (out.length < n) out.push("");
  return out;
}

/**
 * Deepest nesting the HTML generator makes: well past the reader's Readability depth budget
 * (`src/ingest/readers/html.ts`), so both the article path and the plain-text fallback are fuzzed.
 * Mutations splice and repeat fixtures, so deeper and wider pages reach the reader too.
 */
const HTML_GEN_DEPTH = 1000;

const EXT: Record<SourceFormat, string> = {
  text: "txt",
  markdown: "md",
  "thread-text": "txt",
  html: "html",
  hn: "json",
  reddit: "json",
  vtt: "vtt",
  srt: "srt",
  chat: "txt",
  csv: "csv",
  jsonl: "jsonl",
};

const ARBITRARY: Record<SourceFormat, fc.Arbitrary<string>> = {
  text: gen.plainText,
  markdown: gen.markdown,
  "thread-text": gen.threadText,
  html: gen.html(HTML_GEN_DEPTH),
  hn: gen.hnJson,
  reddit: gen.redditJson,
  vtt: gen.vtt,
  srt: gen.srt,
  chat: gen.chat,
  csv: gen.csv,
  jsonl: gen.jsonl,
};

/** Fixtures detected as `formats` first, then every other fixture. */
function seedsFor(formats: readonly (SourceFormat | undefined)[]): Uint8Array[] {
  const all = fixtures();
  return [
    ...all.filter((f) => formats.includes(f.format)),
    ...all.filter((f) => !formats.includes(f.format)),
  ].map((f) => f.bytes);
}

function readerTarget(format: SourceFormat): FuzzTarget {
  return {
    name: `reader-${format}`,
    group: "readers",
    arbitrary: ARBITRARY[format],
    seeds: () => seedsFor([format]),
    run(input) {
      const { doc } = readSource({ name: `fuzz.${EXT[format]}`, bytes: input }, { format });
      return sourceDocViolations(doc);
    },
  };
}

/** Format detection, by content alone and with a `.json` name, then the detected reader. */
const detectTarget: FuzzTarget = {
  name: "detect",
  group: "readers",
  arbitrary: fc.oneof(...Object.values(ARBITRARY)),
  seeds: () => seedsFor([]),
  run(input) {
    const out: string[] = [];
    for (const name of ["input", "input.json"]) {
      let doc: SourceDoc;
      try {
        doc = readSource({ name, bytes: input }).doc;
      } catch (error) {
        if (name === "input.json") continue; // a user error here is fine; other errors propagate
        throw error;
      }
      out.push(...sourceDocViolations(doc).map((v) => `${name} as ${doc.format}: ${v}`));
    }
    return out;
  },
};

const segmentTarget: FuzzTarget = {
  name: "segment",
  group: "segment",
  arbitrary: fc.oneof(gen.plainText, gen.threadText, gen.markdown, gen.chat, gen.vtt),
  seeds: () => seedsFor(["text", "markdown", "thread-text", "chat", "vtt", "srt"]),
  run(input) {
    const { doc } = readSource({ name: "input", bytes: input });
    // As the pipeline does: one model per process, a fresh lexicon scope per document.
    const { segments } = segmentSources([doc], winkSegmenter, { engine: "classic", report: () => {} });
    return segmentViolations([doc], segments);
  },
};

let sample: ArgumentMap | undefined;
const sampleMapOnce = (): ArgumentMap => (sample ??= sampleMap());

/** Imported maps hold gold annotations: their segments may overlap (see `SegmentCheckOptions`). */
const GOLD = { gold: true };

const importTargets: FuzzTarget[] = [
  {
    name: "import-aif",
    group: "importers",
    arbitrary: gen.aifJson,
    seeds: () => [
      bytesOf(renderAif(sampleMapOnce())),
      bytesOf(`${renderAif(sampleMapOnce())}${gen.PART_SEPARATOR}${sampleMapOnce().sources[0]!.text}`),
    ],
    run(input) {
      const [json, text] = partsOf(input, 2);
      return mapViolations(importAif(json!, text ? { text } : {}), GOLD);
    },
  },
  {
    name: "import-argdown",
    group: "importers",
    // @argdown/core's parser runs at 20–35 µs per byte on broken input (its error recovery),
    // linearly; `MAX_ARGDOWN_LENGTH` (64 KiB) bounds the total.
    usPerByte: 40,
    arbitrary: gen.argdown,
    seeds: () => [bytesOf(renderArgdown(sampleMapOnce()))],
    run(input) {
      const [source, text] = partsOf(input, 2);
      return mapViolations(importArgdown(source!, text ? { text } : {}), GOLD);
    },
  },
  {
    name: "import-brat",
    group: "importers",
    arbitrary: gen.brat,
    seeds: () => [
      bytesOf(
        `Cars pollute. Ban them. But shops need cars.${gen.PART_SEPARATOR}T1\tPremise 0 13\tCars pollute.\nT2\tClaim 14 23\tBan them.\nT3\tClaim 24 44\tBut shops need cars.\nR1\tsupports Arg1:T1 Arg2:T2\nR2\tattacks Arg1:T3 Arg2:T2\nA1\tStance T2 For\n#1\tAnnotatorNotes T1\tnote`,
      ),
    ],
    run(input) {
      const [text, ann] = partsOf(input, 2);
      return mapViolations(importBrat(text!, ann!), GOLD);
    },
  },
  {
    name: "import-csv",
    group: "importers",
    arbitrary: gen.csv,
    seeds: () => seedsFor(["csv"]).slice(0, 2),
    run(input) {
      return mapViolations(importCommentTable(textOf(input)), GOLD);
    },
  },
  {
    name: "import-argkp",
    group: "importers",
    arbitrary: gen.argkp,
    seeds: () => {
      const dir = "src/eval/fixtures/argkp-mini/";
      const read = (f: string): string => readFileSync(new URL(dir + f, root), "utf8");
      return ["dev", "train"].map((split) =>
        bytesOf(
          [`arguments_${split}.csv`, `key_points_${split}.csv`, `labels_${split}.csv`]
            .map(read)
            .join(gen.PART_SEPARATOR),
        ),
      );
    },
    run(input) {
      const [args, kps, labels] = partsOf(input, 3);
      const dir = mkdtempSync(join(tmpdir(), "argmap-fuzz-argkp-"));
      try {
        writeFileSync(join(dir, "arguments_fuzz.csv"), args!);
        writeFileSync(join(dir, "key_points_fuzz.csv"), kps!);
        writeFileSync(join(dir, "labels_fuzz.csv"), labels!);
        return mapViolations(importArgKp(readArgKp(dir, "fuzz")), GOLD);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

const parseMapTarget: FuzzTarget = {
  name: "parse-map",
  group: "parseMap",
  arbitrary: gen.mapLikeJson,
  seeds: () => [bytesOf(renderJson(sampleMapOnce()))],
  run(input) {
    return mapViolations(parseMap(textOf(input), "fuzz.json"));
  },
};

const FORMATS: readonly SourceFormat[] = SourceFormatSchema.options;

export const TARGETS: readonly FuzzTarget[] = [
  ...FORMATS.map(readerTarget),
  detectTarget,
  segmentTarget,
  ...importTargets,
  parseMapTarget,
];

/** Targets by name or group (`readers`, `segment`, `importers`, `parseMap`); all when empty. */
export function selectTargets(names: readonly string[]): FuzzTarget[] {
  if (names.length === 0) return [...TARGETS];
  const picked = TARGETS.filter((t) => names.includes(t.name) || names.includes(t.group));
  const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n || t.group === n));
  if (unknown.length > 0) throw new Error(`unknown fuzz target(s): ${unknown.join(", ")}`);
  return picked;
}
