import { setTimeout as sleep } from "node:timers/promises";
import { CliError, EXIT } from "./errors";

/** Doubling waits from `baseMs`, capped: 1 s, 2 s, 4 s ... 30 s for the server; shorter for a local target. */
export function retryDelay(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Waits `ms`, or less when `signal` aborts (then resolves false). */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export type RetryOptions = {
  /** Stop retrying after this long without reaching the server (0: never). */
  giveUpAfterMs: number;
  /** Says that (and why) the server is being retried. */
  onRetry: (reason: string, attempt: number, delayMs: number) => void;
  /** Says the server answers again after failures. */
  onRecovered: () => void;
  signal: AbortSignal;
};

export class StoppedError extends Error {}

/**
 * Retrying the server after failures (refused, unreachable, 5xx, 429): waits 1, 2, 4 ... 30 s,
 * saying so each time, until it answers or `giveUpAfterMs` has passed since the first failure
 * (then exit code 5).
 */
export class ServerRetry {
  private attempt = 0;
  private since: number | null = null;

  constructor(private opts: RetryOptions) {}

  async failed(reason: string, waitMs?: number): Promise<void> {
    this.attempt++;
    this.since ??= Date.now();
    const elapsed = Date.now() - this.since;
    if (this.opts.giveUpAfterMs > 0 && elapsed >= this.opts.giveUpAfterMs) {
      throw new CliError(`Gave up after ${Math.round(elapsed / 1000)} s: ${reason}.`, EXIT.unreachable);
    }
    const delay = waitMs ?? retryDelay(this.attempt, 1000, 30_000);
    this.opts.onRetry(reason, this.attempt, delay);
    if (!(await pause(delay, this.opts.signal))) throw new StoppedError("stopped");
  }

  succeeded() {
    if (this.attempt > 0) this.opts.onRecovered();
    this.attempt = 0;
    this.since = null;
  }
}
