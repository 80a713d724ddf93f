/**
 * One poller of a fixed interval over one window of captured traffic. Pure: times are whole
 * milliseconds, `times` sorted ascending and inside [startMs, endMs) (model.ts checks both).
 *
 * Conventions shared by both phase modes:
 * - A poll at tick τ returns every event with time in (τ - I, τ]: an event is seen at the first
 *   tick at or after its time, so an event exactly on a tick is seen by that tick with delay 0.
 * - The window's polls are its ticks in [startMs, endMs), plus one more when the last event came
 *   after the last of those ticks: that event is only seen by the first tick after the window, and
 *   counting that poll keeps every event seen exactly once and non-empty polls <= polls.
 * - Consecutive events share a poll when no tick lies between them (bursts share, gaps do not).
 */

export type DelayStats = { meanMs: number; p95Ms: number; maxMs: number };

export type PollWindow = {
  /** Polls made over the window (an expectation in random-phase mode, so not always whole). */
  polls: number;
  /** Polls that returned at least one event. */
  nonEmptyPolls: number;
  /** Detection delays of the window's events; null when the window has none. */
  delays: DelayStats | null;
};

/**
 * Expectation over a uniformly random tick phase, computed exactly (a real poller starts at an
 * arbitrary moment). With the phase uniform on [0, I):
 * - each event's delay is uniform on [0, I), whatever the other events do, so the pooled delays are
 *   uniform too: mean I/2, p95 0.95·I, max I (the supremum, never quite reached);
 * - a tick falls inside an interval of length g with probability min(g / I, 1), so the expected
 *   number of non-empty polls is 1 + Σ min(gap_i / I, 1) over consecutive event gaps;
 * - the expected number of ticks in [startMs, endMs) is exactly (endMs - startMs) / I, and the
 *   extra poll after the window happens when no tick lies in [last event, endMs).
 * The caller's emptyShare is then a ratio of expectations (the long-run share), not the expectation
 * of a ratio; the two differ only for windows a few intervals long.
 */
export function randomPhaseWindow(times: readonly number[], startMs: number, endMs: number, intervalMs: number): PollWindow {
  const ticks = (endMs - startMs) / intervalMs;
  const n = times.length;
  if (n === 0) return { polls: ticks, nonEmptyPolls: 0, delays: null };
  let nonEmptyPolls = 1;
  for (let i = 1; i < n; i++) nonEmptyPolls += Math.min((times[i] - times[i - 1]) / intervalMs, 1);
  const noTickAfterLast = Math.max(0, 1 - (endMs - times[n - 1]) / intervalMs);
  return {
    polls: ticks + noTickAfterLast,
    nonEmptyPolls,
    delays: { meanMs: intervalMs / 2, p95Ms: 0.95 * intervalMs, maxMs: intervalMs },
  };
}

export type FixedPhaseWindow = PollWindow & {
  /** The non-empty ticks in time order with how many events each returned (for a chart of ticks
   *  over traffic; empty ticks are every other phaseMs + k·I and are not listed). */
  ticks: { atMs: number; events: number }[];
  /** Each event's real delay, in the order of `times`. */
  delaysMs: number[];
};

/**
 * Deterministic: ticks at phaseMs + k·I for every integer k (phaseMs may be any time, e.g. the
 * moment a real poller started). Delays are the real ones; p95 is the nearest-rank percentile, so
 * it is always one of the events' actual delays.
 */
export function fixedPhaseWindow(times: readonly number[], startMs: number, endMs: number, intervalMs: number, phaseMs: number): FixedPhaseWindow {
  // Index of the first tick at or after t. Exact for whole-millisecond inputs: when t - phaseMs is
  // a multiple of I the quotient is an integer that floating-point division represents exactly.
  const tickIndex = (t: number) => Math.ceil((t - phaseMs) / intervalMs);
  const firstK = tickIndex(startMs);
  const endK = tickIndex(endMs);
  const ticks: { atMs: number; events: number }[] = [];
  const delaysMs: number[] = [];
  let lastK = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    const k = tickIndex(t);
    const at = phaseMs + k * intervalMs;
    delaysMs.push(at - t);
    if (k === lastK) ticks[ticks.length - 1].events++;
    else ticks.push({ atMs: at, events: 1 });
    lastK = k;
  }
  const extra = lastK >= endK ? 1 : 0;
  return { polls: endK - firstK + extra, nonEmptyPolls: ticks.length, delays: delayStats(delaysMs), ticks, delaysMs };
}

function delayStats(delaysMs: readonly number[]): DelayStats | null {
  if (delaysMs.length === 0) return null;
  const sorted = [...delaysMs].sort((a, b) => a - b);
  const sum = sorted.reduce((s, d) => s + d, 0);
  return {
    meanMs: sum / sorted.length,
    p95Ms: sorted[Math.ceil((95 * sorted.length) / 100) - 1], // integer arithmetic: no 0.95·n rounding
    maxMs: sorted[sorted.length - 1],
  };
}
