import type { IncomingHttpHeaders } from "node:http";

/**
 * How experiment traffic is recognised at capture: the experiment's event source sends each
 * webhook with `X-Inbox-Experiment: <mark>`, a random value known only to the running experiment,
 * and the capture path stores the experiment's id on requests that carry a live mark for their
 * endpoint. A sender cannot tag its own requests as experiment traffic (it would have to guess the
 * mark), and once the experiment ends its mark means nothing. One Map look-up, and only for
 * requests that carry the header. On globalThis: experiments start in Next's bundle, capture runs
 * in server.ts.
 */
export const EXPERIMENT_HEADER = "x-inbox-experiment";

type Mark = { experimentId: string; endpointId: string };
const KEY = Symbol.for("webhook-inbox.experiment-marks");

function marks(): Map<string, Mark> {
  const g = globalThis as typeof globalThis & { [KEY]?: Map<string, Mark> };
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Registers a running experiment's mark; the returned function forgets it. */
export function registerMark(mark: string, experimentId: string, endpointId: string): () => void {
  marks().set(mark, { experimentId, endpointId });
  return () => void marks().delete(mark);
}

/** The experiment a request to `endpointId` belongs to, if it carries a live mark for it. */
export function experimentOf(headers: IncomingHttpHeaders, endpointId: string): string | null {
  const value = headers[EXPERIMENT_HEADER];
  if (typeof value !== "string") return null;
  const mark = marks().get(value);
  return mark && mark.endpointId === endpointId ? mark.experimentId : null;
}
