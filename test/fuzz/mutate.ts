/**
 * A deterministic byte-level mutation fuzzer: byte flips, interesting bytes and Unicode, deletion,
 * truncation, splicing with another seed, repetition blow-up, deep nesting and line shuffles.
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const encoder = new TextEncoder();
export const bytesOf = (s: string): Uint8Array => encoder.encode(s);

const INTERESTING_BYTES = [
  0x00, 0x0a, 0x0d, 0x09, 0x20, 0x22, 0x27, 0x2c, 0x3a, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x5c, 0x2d, 0x23,
  0x2a, 0x7f, 0x80, 0xbf, 0xc0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xfe, 0xff,
];

/** Strings that break naive text handling: controls, bidi, BOM, surrogates, CR/LF, markup. */
const INTERESTING_STRINGS = [
  "\u0000",
  "\r\n",
  "\r",
  "\n\n",
  "\uFEFF",
  "\u202E",
  "\u2066",
  "\u200B",
  "\u200D",
  "\u2028",
  "e\u0301",
  "😀",
  "👩‍👩‍👧",
  "\uFFFD",
  "\xA0",
  " --> ",
  "00:00:01.000 --> 00:00:02.000",
  "WEBVTT\n\n",
  "> ",
  ">> ",
  "\n> ",
  "wrote:",
  "@",
  "```",
  "# ",
  "- ",
  "1. ",
  "|",
  "<v Ann>",
  "<br>",
  "&amp;",
  "&#x0;",
  "&#1114112;",
  "<!--",
  "<script>",
  "]]>",
  '"',
  '""',
  '\\"',
  "\\u0000",
  "\\ud800",
  "null",
  "[]",
  "{}",
  '"children":[',
  '"kids":[1,2,3]',
  '"parent":0',
  '"replies":""',
  "1e309",
  "-0",
  "9007199254740993",
  "[A]: ",
  "<A>: ",
  "\n  + ",
  "\n  - ",
  "#claim",
  "{span: [0, 1]}",
  "T1\tClaim 0 5\t",
  "R1\tsupports Arg1:T1 Arg2:T2",
  "[12:00] ann: ",
];
const INTERESTING_ENCODED = INTERESTING_STRINGS.map(bytesOf);
/** CESU-style lone surrogate bytes and overlong forms, invalid in UTF-8. */
const INVALID_UTF8 = [
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xc0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x80],
].map((b) => Uint8Array.from(b));

/** Open/close pairs for deep nesting. */
const NESTING: [string, string][] = [
  ["[", "]"],
  ['{"a":', "}"],
  ['{"children":[', "]}"],
  ['{"data":{"replies":{"data":{"children":[', "]}}}}"],
  ["<div>", "</div>"],
  ["<b>", ""],
  ["> ", ""],
  ["(", ")"],
  ["**", "**"],
  ["<v a>", "</v>"],
  ["  + [x]: ", "\n"],
];

export interface MutateOptions {
  /** Largest input produced, in bytes. */
  maxBytes: number;
  /** Most repetitions or nesting levels a single mutation adds. */
  maxRepeat: number;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function insertAt(input: Uint8Array, at: number, piece: Uint8Array, remove = 0): Uint8Array {
  return concat([input.subarray(0, at), piece, input.subarray(at + remove)]);
}

function repeat(piece: Uint8Array, times: number): Uint8Array {
  const out = new Uint8Array(piece.length * times);
  for (let i = 0; i < times; i++) out.set(piece, i * piece.length);
  return out;
}

/** How many repetitions, skewed towards small counts with occasional blow-ups. */
function count(rng: Rng, max: number): number {
  const r = rng.next();
  if (r < 0.6) return 2 + rng.int(8);
  if (r < 0.9) return 10 + rng.int(200);
  return 1 + rng.int(max);
}

type Mutation = (
  input: Uint8Array,
  rng: Rng,
  pool: readonly Uint8Array[],
  options: MutateOptions,
) => Uint8Array;

const MUTATIONS: { name: string; weight: number; apply: Mutation }[] = [
  {
    name: "flip",
    weight: 3,
    apply: (input, rng) => {
      if (input.length === 0) return input;
      const out = input.slice();
      const n = 1 + rng.int(4);
      for (let i = 0; i < n; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    },
  },
  {
    name: "byte",
    weight: 2,
    apply: (input, rng) => {
      if (input.length === 0) return Uint8Array.of(rng.pick(INTERESTING_BYTES));
      const out = input.slice();
      out[rng.int(out.length)] = rng.pick(INTERESTING_BYTES);
      return out;
    },
  },
  {
    name: "insert-unicode",
    weight: 3,
    apply: (input, rng) =>
      insertAt(
        input,
        rng.int(input.length + 1),
        rng.chance(0.8) ? rng.pick(INTERESTING_ENCODED) : rng.pick(INVALID_UTF8),
      ),
  },
  {
    name: "delete",
    weight: 2,
    apply: (input, rng) => {
      if (input.length === 0) return input;
      const at = rng.int(input.length);
      return insertAt(input, at, new Uint8Array(0), 1 + rng.int(Math.min(64, input.length - at)));
    },
  },
  {
    name: "truncate",
    weight: 2,
    apply: (input, rng) => input.subarray(0, rng.int(input.length + 1)),
  },
  {
    name: "splice",
    weight: 2,
    apply: (input, rng, pool) => {
      const other = rng.pick(pool);
      if (other.length === 0) return input;
      const from = rng.int(other.length);
      const piece = other.subarray(from, from + 1 + rng.int(Math.min(512, other.length - from)));
      const at = rng.int(input.length + 1);
      return insertAt(input, at, piece, rng.chance(0.5) ? rng.int(Math.min(512, input.length - at) + 1) : 0);
    },
  },
  {
    name: "repeat",
    weight: 2,
    apply: (input, rng, _pool, options) => {
      if (input.length === 0) return input;
      const at = rng.int(input.length);
      const piece = input.subarray(at, at + 1 + rng.int(Math.min(64, input.length - at)));
      const times = Math.min(count(rng, options.maxRepeat), Math.floor(options.maxBytes / piece.length));
      return insertAt(input, at, repeat(piece, Math.max(1, times)));
    },
  },
  {
    name: "nest",
    weight: 1,
    apply: (input, rng, _pool, options) => {
      const [open, close] = rng.pick(NESTING);
      const depth = count(rng, options.maxRepeat);
      const at = rng.int(input.length + 1);
      const end = at + rng.int(Math.min(64, input.length - at) + 1);
      return concat([
        input.subarray(0, at),
        repeat(bytesOf(open), depth),
        input.subarray(at, end),
        repeat(bytesOf(close), depth),
        input.subarray(end),
      ]);
    },
  },
  {
    name: "lines",
    weight: 1,
    apply: (input, rng) => {
      const lines = new TextDecoder().decode(input).split("\n");
      if (lines.length < 2) return input;
      const i = rng.int(lines.length);
      const j = rng.int(lines.length);
      const r = rng.int(3);
      if (r === 0) [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      else if (r === 1) lines.splice(i, 1);
      else lines.splice(i, 0, lines[j]!);
      return bytesOf(lines.join(rng.chance(0.2) ? "\r\n" : "\n"));
    },
  },
];
const TOTAL_WEIGHT = MUTATIONS.reduce((n, m) => n + m.weight, 0);

function pickMutation(rng: Rng): Mutation {
  let r = rng.next() * TOTAL_WEIGHT;
  for (const m of MUTATIONS) {
    r -= m.weight;
    if (r < 0) return m.apply;
  }
  return MUTATIONS[0]!.apply;
}

/** One to four stacked mutations of `input`, spliced from `pool` where needed, capped in size. */
export function mutate(
  input: Uint8Array,
  rng: Rng,
  pool: readonly Uint8Array[],
  options: MutateOptions = { maxBytes: 256 * 1024, maxRepeat: 5000 },
): Uint8Array {
  let out = input;
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) {
    out = pickMutation(rng)(out, rng, pool, options);
    if (out.length > options.maxBytes) out = out.subarray(0, options.maxBytes);
  }
  return out;
}
