import { randomInt } from "node:crypto";
import type { EndpointRecord } from "@/lib/endpoints/queries";
import { HttpError } from "@/lib/http/errors";
import { type ExperimentInput, plannedEvents } from "./config";
import { runningExperiments } from "./registry";
import { ExperimentRun } from "./run";
import { createExperimentRow, getExperiment } from "./store";

/**
 * Starting, watching and cancelling live experiments (the route handlers' one call each). A start
 * that the endpoint could not take whole is refused before anything runs: more events than the
 * endpoint keeps (its oldest requests would be pruned) or faster than its own rate limit.
 */
export async function startExperiment(userId: string, endpoint: EndpointRecord, input: ExperimentInput): Promise<{ id: string }> {
  const events = plannedEvents(input);
  if (events > endpoint.maxRequests) {
    throw new HttpError("validation_failed", `eventsPerSecond: ${events.toLocaleString("en-US")} events would not fit: this endpoint keeps ${endpoint.maxRequests.toLocaleString("en-US")} requests (lower the rate or the duration, or raise its cap)`, "eventsPerSecond");
  }
  const perMinute = input.pattern === "bursts" ? input.eventsPerSecond * 60 * 1.5 : input.eventsPerSecond * 60;
  if (endpoint.rateLimitPerMinute && perMinute > endpoint.rateLimitPerMinute) {
    throw new HttpError("validation_failed", `eventsPerSecond: this endpoint accepts at most ${endpoint.rateLimitPerMinute} requests a minute`, "eventsPerSecond");
  }
  const registry = runningExperiments();
  if (!registry.claim(userId)) throw new HttpError("conflict", "An experiment of yours is already running: wait for it to finish or cancel it");
  try {
    const config = { ...input, seed: randomInt(2 ** 31) };
    const row = await createExperimentRow(userId, endpoint.id, config);
    registry.add(new ExperimentRun(row.id, userId, endpoint, config));
    return { id: row.id };
  } finally {
    registry.release(userId);
  }
}

/** An experiment as the page follows it: while it runs, its live figures and the observations after the first `after`. */
export async function experimentView(userId: string, endpointId: string, id: string, after: number) {
  const run = runningExperiments().get(id);
  if (run && run.userId === userId && run.endpoint.id === endpointId && run.state === "running") {
    const { report, ...live } = run.progress(after);
    return { id, state: run.state, config: run.config, live, ...(report ? { report } : {}) };
  }
  const stored = await getExperiment(userId, endpointId, id);
  const { samples, ...rest } = stored;
  return { ...rest, samples };
}

/** Stops a running experiment; its report of what ran so far is saved as cancelled. */
export async function cancelExperiment(userId: string, endpointId: string, id: string) {
  const run = runningExperiments().get(id);
  if (!run || run.userId !== userId || run.endpoint.id !== endpointId) {
    await getExperiment(userId, endpointId, id); // 404 when not the caller's
    throw new HttpError("conflict", "This experiment is not running");
  }
  run.stop("cancelled", "cancelled by the user");
  await run.finished();
  return getExperiment(userId, endpointId, id).then(({ samples: _s, ...e }) => e);
}
