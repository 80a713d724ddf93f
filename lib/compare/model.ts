import { longPollWindow } from "./long-poll";
import { fixedPhaseWindow, randomPhaseWindow, type PollWindow } from "./polling";

/**
 * What-if model: the same captured traffic, received by polling at several intervals, by webhooks,
 * by long-polling and by the hybrid pattern (push notification + one API fetch per event). Pure and
 * framework-free: the route handler loads the window's events and measured latencies and passes
 * them in. Per-day figures scale the window's counts to a day (86,400 s), except polls per day,
 * which is exactly 86,400 / interval (10 s -> 8,640); empty and non-empty polls a day split that
 * figure by the window's empty share, so they always add up to it.
 *
 * Approximations, beyond those in polling.ts and long-poll.ts:
 * - The poller follows a cursor (`after=<seq>`), so each event's summary is transferred once, in the
 *   first poll that sees it, and one page holds every new event (page limits are not modelled).
 * - Bytes count answers only (what the API sends); requests cost about the same per poll either way.
 *   Without ETag every poll is a 200 (the empty-list answer, plus the summaries of the events it
 *   returns); with ETag the empty polls are 304s.
 * - budgetShare and costPerDay count requests to the provider's API (polls, long-polls, the hybrid's
 *   fetches). Webhook pushes go to the receiver, so they use neither.
 */

export type CapturedEvent = {
  atMs: number;
  /** Bytes of the API's summary of this event in a list answer. */
  bytes: number;
};

export type Latency = { p50: number; p99: number };

export type CompareParams = {
  /** Bytes of a 200 answer to a poll with nothing new (status line, headers, empty JSON list). */
  emptyListBytes: number;
  /** Bytes of a 304 Not Modified answer. */
  notModifiedBytes: number;
  /** Bytes each event adds to a list answer on top of its summary (the separating comma). */
  perEventOverheadBytes: number;
  /** The API's rate limit: requests allowed per hour. */
  budgetPerHour: number;
  /** Price of one million API requests, in the caller's currency. */
  pricePerMillion: number;
  /** Push latency measured on this endpoint (capture to delivery); null when nothing was measured. */
  pushLatencyMs: Latency | null;
  /** One API request's round trip; null when unknown. */
  fetchRoundTripMs: number | null;
  /** How long the server holds a long-poll before answering empty. */
  longPollWaitSeconds: number;
  /** "random": expectation over a uniformly random tick phase (a poller starts at an arbitrary
   *  moment). `{ fixedMs }`: ticks at fixedMs + k·interval, with real per-event delays. */
  phase: "random" | { fixedMs: number };
};

export const DEFAULT_PARAMS: CompareParams = {
  // Estimates for a JSON API behind Node: ~250 bytes of status line and headers (Date,
  // Content-Type, ETag, Connection, Keep-Alive, Content-Length) plus a ~35-byte empty list; a 304
  // carries the headers without a body. Callers that measured their API's answers pass those.
  emptyListBytes: 300,
  notModifiedBytes: 150,
  perEventOverheadBytes: 1,
  budgetPerHour: 1000,
  // AWS API Gateway HTTP APIs, first 300 million requests a month, US East: $1.00 per million.
  pricePerMillion: 1,
  pushLatencyMs: null,
  fetchRoundTripMs: null,
  longPollWaitSeconds: 30,
  phase: "random",
};

export type PollingRow = {
  intervalSeconds: number;
  pollsPerDay: number;
  /** Share of polls that returned nothing (0..1). */
  emptyShare: number;
  /** Detection delays; null when the window has no events. */
  meanDelayMs: number | null;
  p95DelayMs: number | null;
  maxDelayMs: number | null;
  bytesPerDay: number;
  bytesPerDayWithEtag: number;
  /** Requests per hour over the rate limit (1 = the whole budget). */
  budgetShare: number;
  costPerDay: number;
};

export type Comparison = {
  windowMs: number;
  events: number;
  eventsPerDay: number;
  polling: PollingRow[];
  webhook: { requestsPerDay: number; measuredLatencyMs: Latency | null };
  longPoll: {
    waitSeconds: number;
    requestsPerDay: number;
    /** Answers that carried events, and answers after a wait with nothing. */
    wakeUpsPerDay: number;
    timeoutsPerDay: number;
    /** Push latency plus one round trip; null when either is unknown. */
    delayMs: Latency | null;
    budgetShare: number;
    costPerDay: number;
  };
  hybrid: {
    /** One push and one fetch per event. */
    requestsPerDay: number;
    fetchesPerDay: number;
    /** Push latency plus one fetch round trip; null when either is unknown. */
    delayMs: Latency | null;
    budgetShare: number;
    costPerDay: number;
  };
};

export type CompareInput = {
  events: readonly CapturedEvent[];
  startMs: number;
  endMs: number;
  intervalsSeconds: readonly number[];
  params?: Partial<CompareParams>;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function compareDelivery(input: CompareInput): Comparison {
  const p: CompareParams = { ...DEFAULT_PARAMS, ...input.params };
  const { startMs, endMs } = input;
  check(input, p);
  const sorted = [...input.events].sort((a, b) => a.atMs - b.atMs);
  const times = sorted.map((e) => e.atMs);
  const windowMs = endMs - startMs;
  const perDay = DAY_MS / windowMs;
  const eventsPerDay = times.length * perDay;
  const summaryBytesPerDay = sorted.reduce((sum, e) => sum + e.bytes + p.perEventOverheadBytes, 0) * perDay;
  const budgetShare = (requestsPerDay: number) => (requestsPerDay * (HOUR_MS / DAY_MS)) / p.budgetPerHour;
  const costPerDay = (requestsPerDay: number) => (requestsPerDay / 1_000_000) * p.pricePerMillion;

  const polling = input.intervalsSeconds.map((intervalSeconds): PollingRow => {
    const intervalMs = toIntervalMs(intervalSeconds);
    const w: PollWindow =
      p.phase === "random" ? randomPhaseWindow(times, startMs, endMs, intervalMs) : fixedPhaseWindow(times, startMs, endMs, intervalMs, p.phase.fixedMs);
    // A fixed phase can leave a window shorter than one interval without a tick: no poll, none empty.
    const emptyShare = w.polls === 0 ? 1 : (w.polls - w.nonEmptyPolls) / w.polls;
    const pollsPerDay = DAY_MS / intervalMs;
    const emptyPerDay = pollsPerDay * emptyShare;
    const nonEmptyPerDay = pollsPerDay - emptyPerDay;
    return {
      intervalSeconds,
      pollsPerDay,
      emptyShare,
      meanDelayMs: w.delays?.meanMs ?? null,
      p95DelayMs: w.delays?.p95Ms ?? null,
      maxDelayMs: w.delays?.maxMs ?? null,
      bytesPerDay: pollsPerDay * p.emptyListBytes + summaryBytesPerDay,
      bytesPerDayWithEtag: emptyPerDay * p.notModifiedBytes + nonEmptyPerDay * p.emptyListBytes + summaryBytesPerDay,
      budgetShare: budgetShare(pollsPerDay),
      costPerDay: costPerDay(pollsPerDay),
    };
  });

  const lp = longPollWindow(times, startMs, endMs, p.longPollWaitSeconds * 1000, p.fetchRoundTripMs ?? 0);
  const longPollRequests = (lp.wakeUps + lp.timeouts) * perDay;
  const pushPlusRoundTrip: Latency | null =
    p.pushLatencyMs && p.fetchRoundTripMs !== null
      ? { p50: p.pushLatencyMs.p50 + p.fetchRoundTripMs, p99: p.pushLatencyMs.p99 + p.fetchRoundTripMs }
      : null;

  return {
    windowMs,
    events: times.length,
    eventsPerDay,
    polling,
    webhook: { requestsPerDay: eventsPerDay, measuredLatencyMs: p.pushLatencyMs },
    longPoll: {
      waitSeconds: p.longPollWaitSeconds,
      requestsPerDay: longPollRequests,
      wakeUpsPerDay: lp.wakeUps * perDay,
      timeoutsPerDay: lp.timeouts * perDay,
      // The server answers a held request as soon as the bus reports the event (push latency); the
      // client then needs one round trip to receive it and ask again, which an event arriving in
      // between also waits for, so one whole round trip is the conservative figure.
      delayMs: pushPlusRoundTrip,
      budgetShare: budgetShare(longPollRequests),
      costPerDay: costPerDay(longPollRequests),
    },
    hybrid: {
      requestsPerDay: 2 * eventsPerDay,
      fetchesPerDay: eventsPerDay,
      delayMs: pushPlusRoundTrip,
      budgetShare: budgetShare(eventsPerDay),
      costPerDay: costPerDay(eventsPerDay),
    },
  };
}

/** The model works in whole milliseconds, like the captured times; a custom interval such as
 *  1.1 s (1100.0000000000002 in floating point) is rounded to one. */
function toIntervalMs(intervalSeconds: number): number {
  const ms = Math.round(intervalSeconds * 1000);
  if (!Number.isFinite(ms) || ms < 1) throw new RangeError(`intervalsSeconds: ${intervalSeconds} is not an interval of at least 1 ms`);
  return ms;
}

function check(input: CompareInput, p: CompareParams): void {
  const { startMs, endMs } = input;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) throw new RangeError(`window: [${startMs}, ${endMs}) is empty or not finite`);
  for (const e of input.events) {
    if (!(e.atMs >= startMs && e.atMs < endMs)) throw new RangeError(`events: ${e.atMs} lies outside the window [${startMs}, ${endMs})`);
    if (!(e.bytes >= 0)) throw new RangeError(`events: bytes must be >= 0, got ${e.bytes}`);
  }
  const nonNegative = ["emptyListBytes", "notModifiedBytes", "perEventOverheadBytes", "pricePerMillion"] as const;
  for (const k of nonNegative) if (!(p[k] >= 0)) throw new RangeError(`${k} must be >= 0, got ${p[k]}`);
  if (!(p.budgetPerHour > 0)) throw new RangeError(`budgetPerHour must be > 0, got ${p.budgetPerHour}`);
  if (!(p.longPollWaitSeconds > 0)) throw new RangeError(`longPollWaitSeconds must be > 0, got ${p.longPollWaitSeconds}`);
  if (p.phase !== "random" && !Number.isFinite(p.phase.fixedMs)) throw new RangeError(`phase.fixedMs must be finite, got ${p.phase.fixedMs}`);
  if (p.fetchRoundTripMs !== null && !(p.fetchRoundTripMs >= 0)) throw new RangeError(`fetchRoundTripMs must be >= 0, got ${p.fetchRoundTripMs}`);
}
