import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ClientRequest } from "node:http";
import type { ApiClient } from "./http-client";

export type SseEvent = { id: string | undefined; event: string; data: string };

/** The Cookie header an ApiClient sends (its session). */
export function cookieOf(client: ApiClient): string {
  return client.cookieHeader();
}

/**
 * A minimal EventSource for tests: one node:http GET (no agent, so closing really closes the
 * socket), parsing the stream by the SSE rules. It records dispatched events, comment lines and
 * `retry:` values, in arrival order; a non-2xx answer is kept whole in `body` instead.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  /** When each of `events` arrived (performance.now()), in the same order. */
  readonly arrivals: number[] = [];
  readonly comments: string[] = [];
  /** Every frame item in arrival order: "event:<type>", "comment:<text>" or "retry:<ms>". */
  readonly log: string[] = [];
  retry: number | undefined;
  status = 0;
  headers: IncomingHttpHeaders = {};
  /** Response body for a non-2xx answer. */
  body = "";
  ended = false;

  private req!: ClientRequest;
  private res: IncomingMessage | undefined;
  private waiters = new Set<() => void>();
  private pending = "";
  private data: string[] = [];
  private eventType = "";
  private lastId: string | undefined;
  private idSet = false;

  static connect(baseUrl: string, path: string, opts: { cookie?: string; headers?: Record<string, string> } = {}): Promise<SseClient> {
    const c = new SseClient();
    const url = new URL(path, baseUrl);
    return new Promise((resolve, reject) => {
      c.req = httpRequest(
        {
          host: url.hostname, port: url.port, path: url.pathname + url.search, method: "GET", agent: false,
          headers: { accept: "text/event-stream", ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
        },
        (res) => {
          c.res = res;
          c.status = res.statusCode ?? 0;
          c.headers = res.headers;
          res.setEncoding("utf8");
          const ok = c.status >= 200 && c.status < 300;
          res.on("data", (chunk: string) => (ok ? c.feed(chunk) : (c.body += chunk)));
          const done = () => {
            c.ended = true;
            c.wake();
          };
          res.on("end", done);
          res.on("close", done);
          res.on("error", done);
          if (ok) resolve(c);
          else res.on("end", () => resolve(c));
        },
      );
      c.req.on("error", (err) => (c.res ? c.wake() : reject(err)));
      c.req.end();
    });
  }

  /** Request-event seqs (their SSE ids) in arrival order. */
  seqs(): number[] {
    return this.events.filter((e) => e.event === "request").map((e) => Number(e.id));
  }

  json<T = any>(e: SseEvent): T {
    return JSON.parse(e.data) as T;
  }

  /** Resolves once `pred` holds, checking on every received chunk; rejects after `timeoutMs`. */
  waitFor(pred: (c: SseClient) => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
    if (pred(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pred(this)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        } else if (this.ended) {
          clearTimeout(timer);
          this.waiters.delete(check);
          reject(new Error(`stream ended before ${what}; log: ${this.log.slice(-10).join(" | ")}`));
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.events.length} events, last: ${this.log.slice(-5).join(" | ")}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Waits for at least `n` events. */
  waitForEvents(n: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor((c) => c.events.length >= n, timeoutMs, `${n} events`);
  }

  /** Stops reading (a client that cannot keep up): the socket's buffers fill, nothing more is parsed. */
  pause() {
    this.res?.pause();
  }

  /** Reads on: what the buffers hold arrives, then whatever the server still sends. */
  resume() {
    this.res?.resume();
  }

  /** Destroys the socket (what a closed browser tab does) and waits until it is closed. */
  async close(): Promise<void> {
    const sock = this.req.socket;
    this.req.destroy();
    this.res?.destroy();
    if (sock && !sock.closed) await new Promise<void>((r) => sock.once("close", () => r()));
  }

  private wake() {
    for (const w of [...this.waiters]) w();
  }

  /** SSE parsing: lines end in CRLF, LF or CR; a blank line dispatches; ":" starts a comment. */
  private feed(chunk: string) {
    this.pending += chunk;
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.pending);
      if (!m) break;
      // A lone CR at the very end may be the first half of a CRLF split across chunks.
      if (m[0] === "\r" && m.index === this.pending.length - 1) break;
      const line = this.pending.slice(0, m.index);
      this.pending = this.pending.slice(m.index + m[0].length);
      this.line(line);
    }
    this.wake();
  }

  private line(line: string) {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) {
      const text = line.slice(1).trimStart();
      this.comments.push(text);
      this.log.push(`comment:${text}`);
      return;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data": this.data.push(value); break;
      case "event": this.eventType = value; break;
      case "id": if (!value.includes("\0")) { this.lastId = value; this.idSet = true; } break;
      case "retry": if (/^\d+$/.test(value)) { this.retry = Number(value); this.log.push(`retry:${value}`); } break;
      default: break;
    }
  }

  private dispatch() {
    const idSet = this.idSet;
    this.idSet = false;
    if (this.data.length === 0) {
      this.eventType = "";
      return;
    }
    // Unlike EventSource, `id` is reported only for the frame that carried it, so a test can tell
    // an event that has no id from one inheriting the previous id.
    const event: SseEvent = { id: idSet ? this.lastId : undefined, event: this.eventType || "message", data: this.data.join("\n") };
    this.data = [];
    this.eventType = "";
    this.events.push(event);
    this.arrivals.push(performance.now());
    this.log.push(`event:${event.event}`);
  }
}
