import type { ExperimentConfig } from "@/lib/experiments/config";

/** "20 s at 2 events/s (Poisson): push, 1 s and 5 s pollers, long-poll". */
export function describeConfig(c: ExperimentConfig): string {
  const pattern = c.pattern === "poisson" ? "Poisson" : c.pattern === "steady" ? "steady" : "bursts";
  const clients = [
    ...(c.push ? ["push"] : []),
    ...(c.pollers.length ? [`${c.pollers.map((p) => `${p.intervalSeconds} s${p.etag ? " (ETag)" : ""}`).join(", ")} ${c.pollers.length === 1 ? "poller" : "pollers"}`] : []),
    ...(c.longPoll ? ["long-poll"] : []),
    ...(c.hybrid ? ["hybrid"] : []),
  ];
  return `${c.durationSeconds} s at ${c.eventsPerSecond} events/s (${pattern}): ${clients.join(", ")}`;
}
