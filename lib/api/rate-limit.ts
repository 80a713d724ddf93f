/**
 * The per-token budget of the pull API: `limit` calls per clock hour (304s and 429s included: the
 * budget is what the polling comparison shows), reported with the IETF RateLimit header fields.
 * In memory, per process: a restart forgives the hour, and several instances each grant it.
 */
export type Budget = { limit: number; remaining: number; resetSeconds: number; allowed: boolean };

const HOUR_MS = 3_600_000;

export class HourlyBudget {
  private windows = new Map<string, { hour: number; used: number }>();
  constructor(private limit: number, private now: () => number = Date.now) {}

  /** `limit` overrides the default for this key (a token created with its own hourly limit). */
  take(key: string, limit = this.limit): Budget {
    return this.use(key, 1, limit);
  }

  /** The budget as it stands, spending nothing. */
  peek(key: string, limit = this.limit): Budget {
    return this.use(key, 0, limit);
  }

  private use(key: string, calls: number, limit: number): Budget {
    const now = this.now();
    const hour = Math.floor(now / HOUR_MS);
    let w = this.windows.get(key);
    if (!w || w.hour !== hour) {
      if (this.windows.size > 100_000) this.windows.clear(); // stale hours of many tokens
      w = { hour, used: 0 };
      this.windows.set(key, w);
    }
    const allowed = w.used + calls <= limit;
    if (allowed) w.used += calls;
    return { limit, remaining: Math.max(0, limit - w.used), resetSeconds: Math.ceil(((hour + 1) * HOUR_MS - now) / 1000), allowed };
  }
}

export function budgetHeaders(b: Budget): Record<string, string> {
  return { "RateLimit-Limit": String(b.limit), "RateLimit-Remaining": String(b.remaining), "RateLimit-Reset": String(b.resetSeconds) };
}
