/**
 * The pair scores of one clustering run. Each phase first asks for every pair it will need in one
 * batch (`prefetch`), then reads them synchronously (`get`): the port stays async and batched,
 * the algorithm stays a plain loop, and no pair is scored twice.
 */
import type { KeyPointScorer, ScorePair } from "./scorer.js";

export class PairScores {
  private readonly textIds = new Map<string, number>();
  private readonly scores = new Map<number, number>();

  constructor(private readonly scorer: KeyPointScorer) {}

  private key(a: string, b: string): number {
    return this.idOf(a) * 0x4000000 + this.idOf(b); // exact below 2^26 distinct texts per run
  }

  private idOf(text: string): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.textIds.size;
      this.textIds.set(text, id);
    }
    return id;
  }

  /** Score the pairs not scored yet in this run, in one batch. */
  async prefetch(pairs: Iterable<ScorePair>): Promise<void> {
    const missing: ScorePair[] = [];
    const keys: number[] = [];
    const queued = new Set<number>();
    for (const pair of pairs) {
      const key = this.key(pair[0], pair[1]);
      if (this.scores.has(key) || queued.has(key)) continue;
      queued.add(key);
      missing.push(pair);
      keys.push(key);
    }
    if (missing.length === 0) return;
    const values = await this.scorer.scoreBatch(missing);
    if (values.length !== missing.length)
      throw new RangeError(`scoreBatch returned ${values.length} scores for ${missing.length} pairs`);
    for (let i = 0; i < keys.length; i++) this.scores.set(keys[i]!, values[i]!);
  }

  /**
   * Score pairs for one use, without keeping them: pairs already kept are read, the others scored
   * in one batch (each distinct pair once) and dropped with the returned lookup. For the bulk of
   * (unit, shortlisted candidate) pairs, which only the matching step reads.
   */
  async scoreOnce(pairs: Iterable<ScorePair>): Promise<{ get(argument: string, keyPoint: string): number }> {
    const missing: ScorePair[] = [];
    const local = new Map<number, number>();
    for (const pair of pairs) {
      const key = this.key(pair[0], pair[1]);
      if (this.scores.has(key) || local.has(key)) continue;
      local.set(key, missing.length);
      missing.push(pair);
    }
    const values = missing.length > 0 ? await this.scorer.scoreBatch(missing) : new Float64Array(0);
    if (values.length !== missing.length)
      throw new RangeError(`scoreBatch returned ${values.length} scores for ${missing.length} pairs`);
    return {
      get: (argument, keyPoint) => {
        const key = this.key(argument, keyPoint);
        const at = local.get(key);
        return at !== undefined ? values[at]! : this.get(argument, keyPoint);
      },
    };
  }

  /** The score of a prefetched pair. */
  get(argument: string, keyPoint: string): number {
    const s = this.scores.get(this.key(argument, keyPoint));
    if (s === undefined)
      throw new Error(`cluster: pair scored without a prefetch: ${argument} | ${keyPoint}`);
    return s;
  }
}
