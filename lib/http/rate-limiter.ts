/**
 * Token buckets by key: `perMinute` tokens refilled continuously, up to `burst` (default: one
 * minute's worth). In memory, because the embedded mode is one process; a restart forgives
 * everyone, which is acceptable for a limiter. Used per endpoint on the inbound path and per
 * address / account for sign-in.
 */
type Bucket = { tokens: number; updated: number; burst: number; ratePerMs: number };

// Past this many keys, buckets that have refilled completely are dropped (they hold no state a
// fresh bucket would not), so a stream of new keys (addresses, emails) cannot grow memory forever.
const SWEEP_AT = 50_000;

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(private now: () => number = Date.now) {}

  /** 0 when allowed (and a token is taken), else seconds until the next token. */
  take(key: string, perMinute: number, burst = perMinute): number {
    const b = this.refill(key, perMinute, burst);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.secondsUntilToken(b);
  }

  /** Like `take` without taking: 0 when a token is available, else seconds until there is one. */
  wait(key: string, perMinute: number, burst = perMinute): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    return this.refill(key, perMinute, burst).tokens >= 1 ? 0 : this.secondsUntilToken(b);
  }

  private refill(key: string, perMinute: number, burst: number): Bucket {
    const now = this.now();
    const ratePerMs = perMinute / 60_000;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(now);
      b = { tokens: burst, updated: now, burst, ratePerMs };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + (now - b.updated) * ratePerMs);
    b.updated = now;
    b.burst = burst;
    b.ratePerMs = ratePerMs;
    return b;
  }

  private secondsUntilToken(b: Bucket): number {
    return Math.max(1, Math.ceil((1 - b.tokens) / b.ratePerMs / 1000));
  }

  private sweep(now: number) {
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.updated) * b.ratePerMs >= b.burst) this.buckets.delete(key);
  }
}
