/**
 * A log-bucketed histogram of durations in milliseconds: mergeable, and stored as sparse JSON
 * ({"<bucket>": count}), so push latencies can be aggregated in memory and per hour in the
 * database without keeping one value per request.
 *
 * Bucket 0 holds [0, 10 µs); bucket i >= 1 holds [10 µs · 1.05^(i-1), 10 µs · 1.05^i). A
 * percentile is reported as its bucket's geometric middle, so it is within 2.5 % of the true
 * value; 10 µs to 10 minutes (the longest latency anyone reports) spans about 370 buckets, of which
 * a real endpoint fills a few dozen. The maximum is kept exactly.
 */
const BASE_MS = 0.01;
const RATIO = 1.05;
const LOG_RATIO = Math.log(RATIO);

export type HistogramJson = Record<string, number>;

export function bucketOf(ms: number): number {
  if (!(ms >= BASE_MS)) return 0;
  // The epsilon keeps values exactly on a boundary (floating-point log) in the upper bucket.
  return Math.floor(Math.log(ms / BASE_MS) / LOG_RATIO + 1e-9) + 1;
}

/** The value a bucket stands for: its geometric middle (0 for the first). */
export function bucketValue(bucket: number): number {
  return bucket === 0 ? 0 : BASE_MS * RATIO ** (bucket - 1) * Math.sqrt(RATIO);
}

export class LatencyHistogram {
  readonly buckets = new Map<number, number>();
  count = 0;
  sumMs = 0;
  maxMs = 0;

  static from(json: { buckets: HistogramJson; count: number; sumMs: number; maxMs: number }): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [k, n] of Object.entries(json.buckets)) h.buckets.set(Number(k), n);
    h.count = json.count;
    h.sumMs = json.sumMs;
    h.maxMs = json.maxMs;
    return h;
  }

  add(ms: number): void {
    const v = Math.max(0, ms);
    const b = bucketOf(v);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.count++;
    this.sumMs += v;
    this.maxMs = Math.max(this.maxMs, v);
  }

  merge(other: LatencyHistogram): this {
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
    this.count += other.count;
    this.sumMs += other.sumMs;
    this.maxMs = Math.max(this.maxMs, other.maxMs);
    return this;
  }

  /** Nearest-rank percentile (0 < p <= 100); in the maximum's bucket, the exact maximum. Null when empty. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    const top = bucketOf(this.maxMs);
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b)!;
      if (seen >= rank) return b === top ? this.maxMs : bucketValue(b);
    }
    return this.maxMs;
  }

  toJson(): HistogramJson {
    return Object.fromEntries([...this.buckets].sort((a, b) => a[0] - b[0]).map(([b, n]) => [String(b), n]));
  }
}
