import type { ClientSpec } from "./client-log";
import type { ExperimentInput } from "./config";

/** The clients of a configuration, in report order: push, pollers, long-poller, hybrid; keys unique. */
export function clientSpecs(c: Pick<ExperimentInput, "push" | "pollers" | "longPoll" | "hybrid">): ClientSpec[] {
  const seen = new Map<string, number>();
  const unique = (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}-${n}`;
  };
  return [
    ...(c.push ? [{ key: "push", kind: "push" as const }] : []),
    ...c.pollers.map((p) => ({ key: unique(`poll-${p.intervalSeconds}s${p.etag ? "-etag" : ""}`), kind: "poll" as const, intervalSeconds: p.intervalSeconds, etag: p.etag })),
    ...(c.longPoll ? [{ key: "longpoll", kind: "longpoll" as const }] : []),
    ...(c.hybrid ? [{ key: "hybrid", kind: "hybrid" as const }] : []),
  ];
}
