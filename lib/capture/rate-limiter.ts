/**
 * Per-endpoint token bucket: `perMinute` tokens, refilled continuously. In memory, because the
 * embedded mode is one process; a restart forgives everyone, which is acceptable for a limiter.
 */
type Bucket = { tokens: number; updated: number };

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(private now: () => number = Date.now) {}

  /** 0 when allowed (and a token is taken), else seconds until the next token. */
  take(key: string, perMinute: number): number {
    const now = this.now();
    const ratePerMs = perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: perMinute, updated: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.updated) * ratePerMs);
    b.updated = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000));
  }
}
