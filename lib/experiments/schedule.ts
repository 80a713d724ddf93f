import { BURST_PERIOD_S, type Pattern } from "./config";

/**
 * When the experiment's event source emits each event, in ms after the start, ascending. Pure and
 * reproducible from the seed:
 * - steady: one every 1/rate seconds, starting half a gap in (so no event sits on the start);
 * - poisson: exponential gaps with mean 1/rate (events at independent uniformly random moments);
 * - bursts: every BURST_PERIOD_S seconds, that period's events (rate x period) all at one instant,
 *   at the middle of the period.
 */
export function eventOffsets(pattern: Pattern, durationSeconds: number, eventsPerSecond: number, seed: number): number[] {
  const durationMs = durationSeconds * 1000;
  const out: number[] = [];
  if (pattern === "steady") {
    const gap = 1000 / eventsPerSecond;
    for (let t = gap / 2; t < durationMs; t += gap) out.push(t);
  } else if (pattern === "poisson") {
    const random = mulberry32(seed);
    for (let t = (-Math.log(1 - random()) * 1000) / eventsPerSecond; t < durationMs; t += (-Math.log(1 - random()) * 1000) / eventsPerSecond) out.push(t);
  } else {
    const periodMs = BURST_PERIOD_S * 1000;
    const size = Math.max(1, Math.round(eventsPerSecond * BURST_PERIOD_S));
    for (let t = periodMs / 2; t < durationMs; t += periodMs) for (let i = 0; i < size; i++) out.push(t);
  }
  return out;
}

/** A small seeded generator (mulberry32): uniform on [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
