/**
 * Long-polling over one window: the client always holds one request open; the server answers it
 * when events arrive (a wake-up) or after `waitMs` with nothing (a time-out), and the client asks
 * again at once. Pure; `times` sorted ascending inside [startMs, endMs).
 *
 * Approximations (each errs towards fewer requests by well under one per wake-up):
 * - Events arriving within one round trip of the event that woke an answer share it: that is the
 *   time the client needs to receive the answer and ask again. Strictly they would be returned by
 *   the next request at once (one more answer); grouping them is the usual batching simplification.
 * - The client's first request starts at startMs, and after each wake-up the next request starts at
 *   the waking event's time (the round trip is not added to the idle stretch). Each idle stretch of
 *   length L between those starts and the next wake-up (or endMs) holds floor(L / wait) time-outs;
 *   a time-out that coincides with an event counts as a time-out.
 * - With no round trip given, only events at the same millisecond share an answer.
 */
export type LongPollWindow = { wakeUps: number; timeouts: number };

export function longPollWindow(times: readonly number[], startMs: number, endMs: number, waitMs: number, roundTripMs: number): LongPollWindow {
  let wakeUps = 0;
  let timeouts = 0;
  let requestStart = startMs;
  let answerOpenUntil = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t <= answerOpenUntil) continue;
    timeouts += Math.floor((t - requestStart) / waitMs);
    wakeUps++;
    requestStart = t;
    answerOpenUntil = t + roundTripMs;
  }
  timeouts += Math.floor((endMs - requestStart) / waitMs);
  return { wakeUps, timeouts };
}
