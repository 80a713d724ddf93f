/**
 * The comparison's time window over an endpoint's captured traffic, and the figures its charts
 * draw besides the model's rows. Pure.
 */
export const WINDOW_MS = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;
export type WindowName = keyof typeof WINDOW_MS | "all";

/**
 * [startMs, endMs): the last hour/day/week up to now, or the endpoint's whole life for "all".
 * endMs is just past now, so a request received this millisecond counts. The fixed windows are
 * not clipped to the endpoint's life: "the last day" of a new endpoint holds its few requests, not
 * its first seconds scaled up to a day (which would turn a test burst into 200,000 a day).
 */
export function windowBounds(window: WindowName, nowMs: number, createdAtMs: number): { startMs: number; endMs: number } {
  const endMs = nowMs + 1;
  const from = window === "all" ? createdAtMs : nowMs - WINDOW_MS[window];
  // A window must have a length; an endpoint made this very moment (or a clock step) gets one second.
  return { startMs: Math.min(from, endMs - 1000), endMs };
}

const NICE_BUCKETS_MS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10_800, 21_600, 43_200, 86_400].map((s) => s * 1000);

/** Events per bucket over the window, with the smallest round bucket size that gives at most `maxBuckets`. */
export function trafficBuckets(times: readonly number[], startMs: number, endMs: number, maxBuckets = 120) {
  const span = endMs - startMs;
  const bucketMs = NICE_BUCKETS_MS.find((b) => span / b <= maxBuckets) ?? Math.ceil(span / maxBuckets / 86_400_000) * 86_400_000;
  const counts = new Array<number>(Math.ceil(span / bucketMs)).fill(0);
  for (const t of times) counts[Math.floor((t - startMs) / bucketMs)]++;
  return { startMs, bucketMs, counts };
}

/** Intervals the delay and cost curves are drawn at: 1 s to 1 h, roughly evenly on a log scale. */
export const CURVE_INTERVALS_SECONDS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 450, 600, 900, 1200, 1800, 2700, 3600];
