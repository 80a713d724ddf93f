import { z } from "zod";

/**
 * What a live experiment runs: for how long, how many events a second in which pattern, and which
 * clients watch the endpoint. The bounds keep one experiment from flooding the instance: at most
 * 50 events a second for at most 10 minutes (30,000 events), at most 6 pollers.
 */
export const MAX_EVENTS_PER_SECOND = 50;
export const PATTERNS = ["steady", "poisson", "bursts"] as const;
export type Pattern = (typeof PATTERNS)[number];

export const pollerInput = z.object({
  intervalSeconds: z.number().min(0.5, "must be at least 0.5 s").max(300, "must be at most 300 s (5 min)"),
  etag: z.boolean().default(false),
});

export const experimentInput = z
  .object({
    durationSeconds: z.number().int("must be a whole number of seconds").min(10, "must be at least 10 s").max(600, "must be at most 600 s (10 min)"),
    eventsPerSecond: z.number().min(0.1, "must be at least 0.1").max(MAX_EVENTS_PER_SECOND, `must be at most ${MAX_EVENTS_PER_SECOND} (experiments are capped so they cannot flood the instance)`),
    pattern: z.enum(PATTERNS).default("poisson"),
    pollers: z.array(pollerInput).max(6, "at most 6 pollers").default([]),
    longPoll: z.boolean().default(false),
    hybrid: z.boolean().default(false),
    push: z.boolean().default(true),
  })
  .refine((c) => c.pollers.length > 0 || c.longPoll || c.hybrid || c.push, { message: "choose at least one client", path: ["pollers"] });
export type ExperimentInput = z.infer<typeof experimentInput>;

/** What is stored and reported: the input, plus the random seed its schedule came from. */
export type ExperimentConfig = ExperimentInput & { seed: number };

/** Bursts come every BURST_PERIOD_S seconds, each holding that period's share of events at one instant. */
export const BURST_PERIOD_S = 5;

export function plannedEvents(c: Pick<ExperimentInput, "durationSeconds" | "eventsPerSecond">): number {
  return Math.round(c.durationSeconds * c.eventsPerSecond);
}

/** How long clients may keep watching after the last event was sent, so that the slowest poller's next tick (and a long poll's wait) can see it. */
export function drainSeconds(c: Pick<ExperimentInput, "pollers">): number {
  return Math.max(30, ...c.pollers.map((p) => p.intervalSeconds)) + 10;
}
