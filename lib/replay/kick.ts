/**
 * How API code (creating or resuming a bulk replay) wakes the runner started by server.ts.
 * On globalThis: route handlers live in Next's bundle, the runner was started by server.ts.
 */
const KEY = Symbol.for("webhook-inbox.replay-kicker");
type G = typeof globalThis & { [KEY]?: (jobId: string) => void };

export function setReplayKicker(kick: (jobId: string) => void) {
  (globalThis as G)[KEY] = kick;
}

export function kickReplay(jobId: string) {
  (globalThis as G)[KEY]?.(jobId);
}
