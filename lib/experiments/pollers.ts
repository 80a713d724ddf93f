import { clockMs } from "@/lib/latency/clock";
import type { ClientLog } from "./client-log";
import type { Answer, SelfHttp } from "./http";

/**
 * The pulling clients of an experiment, calling the real /api/v1 over HTTP with the experiment's
 * token, as a real client would: a poller every I seconds from a random phase (a real poller starts
 * at an arbitrary moment; the model assumes the same), following `nextAfter` and the `Link` to
 * further pages, optionally sending the last answer's ETag; and a long-poller holding `wait=30`.
 */
export type RunContext = {
  endpointId: string;
  token: string;
  /** Start of the window, and its end, on the latency clock. */
  t0: number;
  windowEnd: number;
  /** No client watches past this. */
  deadline: number;
  /** The endpoint's newest seq when the experiment started: clients read what comes after it. */
  startCursor: number;
  signal: AbortSignal;
  /** The experiment event a request path stands for (its number), or null for other traffic. */
  eventOf(path: string): number | null;
  /** The window is over, the sender is done, and this client has seen every event the inbox accepted. */
  drained(log: ClientLog): boolean;
};

type Page = { requests: { id: string; path: string }[]; nextAfter: number };

/** Headers of the calls that open a client's connection before the window (named so, and counted nowhere). */
export const WARM_UP = { "User-Agent": "webhook-inbox-experiment (warm-up)" };

/**
 * One call before the window, on the client's own connection: a real poller has been running
 * before anyone measures it, so its connection is open and the server's paths for it are warm.
 */
export async function warmUp(ctx: RunContext, http: SelfHttp): Promise<void> {
  await http.send("GET", `/api/v1/endpoints/${ctx.endpointId}/requests?after=${ctx.startCursor}&limit=1`, { headers: { ...WARM_UP, Authorization: `Bearer ${ctx.token}` }, signal: ctx.signal });
}

export async function runPoller(ctx: RunContext, log: ClientLog, http: SelfHttp, random = Math.random): Promise<void> {
  const intervalMs = log.spec.intervalSeconds! * 1000;
  const auth = { Authorization: `Bearer ${ctx.token}` };
  let cursor = ctx.startCursor;
  let last: { path: string; etag: string } | null = null;
  let tick = ctx.t0 + random() * intervalMs;
  while (!ctx.signal.aborted && tick < ctx.deadline && !(tick >= ctx.windowEnd && ctx.drained(log))) {
    if (!(await sleepUntil(tick, ctx.signal))) return;
    if (tick >= ctx.windowEnd && ctx.drained(log)) return; // the last events were seen meanwhile
    for (let more = true; more && !ctx.signal.aborted; ) {
      const path = `/api/v1/endpoints/${ctx.endpointId}/requests?after=${cursor}&limit=1000`;
      const conditional: Record<string, string> = log.spec.etag && last?.path === path ? { "If-None-Match": last.etag } : {};
      const startedAt = clockMs();
      const a: Answer | null = await http.send("GET", path, { headers: { ...auth, ...conditional }, signal: ctx.signal }).catch(() => null);
      if (!a) return;
      const at = clockMs();
      more = false;
      let events: number[] = [];
      if (a.status === 200) {
        const page = JSON.parse(a.body.toString()) as Page;
        events = eventsIn(ctx, page);
        cursor = page.nextAfter;
        last = { path, etag: String(a.headers.etag) };
        more = Boolean(a.headers.link);
      }
      // A page fetched for the same tick belongs to the tick's time, in or out of the window.
      log.answer({ startedAt: Math.min(startedAt, tick), bytes: a.wireBytes, status: a.status, events, at, roundTrip: true });
    }
    // Skip ticks a slow answer ran past, as a timer-driven poller would.
    do tick += intervalMs;
    while (tick < clockMs());
  }
}

export async function runLongPoller(ctx: RunContext, log: ClientLog, http: SelfHttp): Promise<void> {
  const auth = { Authorization: `Bearer ${ctx.token}` };
  let cursor = ctx.startCursor;
  if (!(await sleepUntil(ctx.t0, ctx.signal))) return;
  // Once it has seen everything, the request it is holding open is dropped rather than waited out.
  const done = new AbortController();
  const signal = AbortSignal.any([ctx.signal, done.signal]);
  void waitDrained(ctx, log).then(() => done.abort());
  while (!signal.aborted && clockMs() < ctx.deadline && !(clockMs() >= ctx.windowEnd && ctx.drained(log))) {
    const startedAt = clockMs();
    const a = await http
      .send("GET", `/api/v1/endpoints/${ctx.endpointId}/requests?after=${cursor}&wait=30&limit=1000`, { headers: auth, signal })
      .catch(() => null);
    if (!a) return; // stopped while waiting: that request never answered, and is not counted
    let events: number[] = [];
    if (a.status === 200) {
      const page = JSON.parse(a.body.toString()) as Page;
      events = eventsIn(ctx, page);
      cursor = page.nextAfter;
    } else await sleepUntil(clockMs() + 1000, signal); // over budget or failing: do not spin
    log.answer({ startedAt, bytes: a.wireBytes, status: a.status, events, at: clockMs() });
  }
}

function eventsIn(ctx: RunContext, page: Page): number[] {
  const out: number[] = [];
  for (const r of page.requests) {
    const n = ctx.eventOf(r.path);
    if (n !== null) out.push(n);
  }
  return out;
}

/** Resolves once the client has seen every accepted event after the window (or at the deadline, or on abort). */
export async function waitDrained(ctx: RunContext, log: ClientLog): Promise<void> {
  while (!ctx.signal.aborted && !(clockMs() >= ctx.deadline) && !ctx.drained(log)) await sleepUntil(clockMs() + 50, ctx.signal);
}

/** Resolves true at `at` (latency clock), or false as soon as the signal aborts. */
export function sleepUntil(at: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, at - clockMs()));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
