import type { Store } from "@/lib/db/store";
import { log } from "@/lib/log/logger";

/** Why an inbound URL refused a request before storing it. */
export type RejectionReason = "too_large" | "rate_limited" | "malformed";

type Tally = { slug: string; reason: RejectionReason; count: number; lastAt: Date; lastDetail: string };

const FLUSH_MS = 2000;
const DETAIL_CHARS = 200;

/**
 * Counts refused inbound requests (413, 429, unparseable) per endpoint so the dashboard can say
 * why a provider's calls never showed up. The capture path only bumps a counter in memory (a flood
 * of 429s must stay as cheap as the 429 itself); the totals reach the database every few seconds,
 * keyed by slug so callers need no endpoint lookup. A crash loses at most the last interval's
 * counts, which is acceptable for a diagnostic figure.
 */
export class RejectionCounter {
  private pending = new Map<string, Tally>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private now: () => Date = () => new Date()) {}

  record(slug: string, reason: RejectionReason, detail: string) {
    const key = `${slug}\0${reason}`;
    const lastDetail = detail.length > DETAIL_CHARS ? `${detail.slice(0, DETAIL_CHARS - 1)}…` : detail;
    const t = this.pending.get(key);
    if (t) {
      t.count++;
      t.lastAt = this.now();
      t.lastDetail = lastDetail;
    } else this.pending.set(key, { slug, reason, count: 1, lastAt: this.now(), lastDetail });
  }

  /** Writes what was counted since the last flush, in one transaction. */
  async flush(store: Store): Promise<void> {
    if (!this.pending.size) return;
    const tallies = [...this.pending.values()];
    this.pending.clear();
    await store.addRejections(tallies);
  }

  start(store: Store) {
    this.timer = setInterval(() => void this.flush(store).catch((err) => log().error({ err }, "rejection counts not saved")), FLUSH_MS);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** "POST /stripe/events" for the detail line, from what the refusal knew about the request. */
export function describeRefused(method: string | undefined, path: string, extra?: string): string {
  return `${method ?? "?"} ${path}${extra ? `, ${extra}` : ""}`;
}
