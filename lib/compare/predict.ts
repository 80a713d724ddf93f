/**
 * Closed-form predictions for a live polling experiment, to put beside what it measured. Pure.
 * The experiment's sender emits events at a known rate, either at random moments (a Poisson
 * process) or evenly spaced (steady); its poller polls every I seconds for D seconds.
 */

export type Traffic = { kind: "poisson" | "steady"; ratePerSecond: number };

export type PollingPrediction = { requests: number; meanDelayMs: number; emptyShare: number };

/**
 * requests = D / I; mean delay = I / 2 (the poller's phase is arbitrary relative to the events, so
 * each delay is uniform on [0, I)); empty share:
 * - Poisson at rate λ: a poll is empty when no event fell in its interval, probability e^(-λI);
 * - steady, one event every 1/λ s: when 1/λ <= I every interval holds an event (share 0), otherwise
 *   each event has a poll of its own and the rest, 1 - λI of them, are empty; so max(0, 1 - λI),
 *   the same figure the what-if model's 1 + Σ min(gap / I, 1) gives for evenly spaced events.
 */
export function predictPolling(intervalSeconds: number, durationSeconds: number, traffic: Traffic): PollingPrediction {
  if (!(intervalSeconds > 0)) throw new RangeError(`intervalSeconds must be > 0, got ${intervalSeconds}`);
  if (!(durationSeconds >= 0)) throw new RangeError(`durationSeconds must be >= 0, got ${durationSeconds}`);
  if (!(traffic.ratePerSecond >= 0)) throw new RangeError(`ratePerSecond must be >= 0, got ${traffic.ratePerSecond}`);
  const eventsPerInterval = traffic.ratePerSecond * intervalSeconds;
  return {
    requests: durationSeconds / intervalSeconds,
    meanDelayMs: (intervalSeconds * 1000) / 2,
    emptyShare: traffic.kind === "poisson" ? Math.exp(-eventsPerInterval) : Math.max(0, 1 - eventsPerInterval),
  };
}

export type Difference = {
  measured: number;
  predicted: number;
  /** measured - predicted. */
  difference: number;
  /** difference as a percentage of the prediction; null when the prediction is 0. */
  differencePercent: number | null;
};

/** Measured against predicted, figure by figure (e.g. `predictPolling`'s three figures). */
export function compareToPrediction<K extends string>(measured: Record<K, number>, predicted: Record<K, number>): Record<K, Difference> {
  const out = {} as Record<K, Difference>;
  for (const key of Object.keys(predicted) as K[]) {
    const difference = measured[key] - predicted[key];
    out[key] = {
      measured: measured[key],
      predicted: predicted[key],
      difference,
      differencePercent: predicted[key] === 0 ? null : (difference / predicted[key]) * 100,
    };
  }
  return out;
}
