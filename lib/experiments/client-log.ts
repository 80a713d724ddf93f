/**
 * What one experiment client did, counted as it happens: its requests (split at the end of the
 * experiment's window: those started later only drain the last events), the answers that brought
 * no experiment event (empty), the 304s among them, the bytes it received on the wire, and when it
 * first saw each event.
 */
export type ClientKind = "push" | "poll" | "longpoll" | "hybrid";
export type ClientSpec = { key: string; kind: ClientKind; intervalSeconds?: number; etag?: boolean };

export class ClientLog {
  /**
   * Pollers and long-pollers: answers to requests started within the window. Push: the pushes (one
   * webhook per event); hybrid: pushes and their fetches, whenever they happen (they are per event).
   */
  requests = 0;
  /** Pollers and long-pollers: answers to requests started after the window, to see the last events. */
  drainRequests = 0;
  empty = 0;
  notModified = 0;
  bytes = 0;
  /** Hybrid: API fetches (one per event pushed). */
  fetches = 0;
  /** Answers that were errors (429 over budget, 5xx): counted in requests, never as seeing anything. */
  errors = 0;
  /** Round trips of this client's API calls in ms (pollers and fetches), for the model's round trip. */
  readonly roundTrips: number[] = [];
  /** Event number -> when this client first saw it (latency clock). */
  readonly seenAt = new Map<number, number>();
  /** Requests started in each second since the start (the live chart's request counts). */
  readonly perSecond: number[] = [];

  private t0 = Number.NaN;
  private windowEnd = Number.NaN;

  constructor(readonly spec: ClientSpec, private onSeen: (n: number, at: number) => void) {}

  /** The experiment's window, once its clients are connected (latency clock). */
  begin(t0: number, windowEnd: number) {
    this.t0 = t0;
    this.windowEnd = windowEnd;
  }

  /** One answer: when its request started, its size, its status, and the experiment events it carried. */
  answer(a: { startedAt: number; bytes: number; status: number; events: readonly number[]; at: number; roundTrip?: boolean }) {
    if (this.spec.kind === "hybrid" || a.startedAt < this.windowEnd) this.requests++;
    else this.drainRequests++;
    const second = Math.max(0, Math.floor((a.startedAt - this.t0) / 1000));
    this.perSecond[second] = (this.perSecond[second] ?? 0) + 1;
    this.bytes += a.bytes;
    if (a.status === 304) this.notModified++;
    if (a.status >= 400) this.errors++;
    if (a.events.length === 0) this.empty++;
    if (a.roundTrip) this.roundTrips.push(a.at - a.startedAt);
    for (const n of a.events) this.seen(n, a.at);
  }

  /** A pushed event (SSE): itself one request (the webhook), seen on arrival unless a fetch must follow. */
  pushed(n: number, at: number, seen = true) {
    this.requests++;
    const second = Math.max(0, Math.floor((at - this.t0) / 1000));
    this.perSecond[second] = (this.perSecond[second] ?? 0) + 1;
    if (seen) this.seen(n, at);
  }

  seen(n: number, at: number) {
    if (this.seenAt.has(n)) return;
    this.seenAt.set(n, at);
    this.onSeen(n, at);
  }

  /** Requests started per second, gaps as 0, up to `seconds`. */
  timeline(seconds: number): number[] {
    return Array.from({ length: seconds }, (_, i) => this.perSecond[i] ?? 0);
  }
}
