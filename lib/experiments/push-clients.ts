import { type ClientRequest, type IncomingMessage, request } from "node:http";
import { createParser } from "eventsource-parser";
import { clockMs } from "@/lib/latency/clock";
import type { ClientLog } from "./client-log";
import type { SelfHttp } from "./http";
import type { RunContext } from "./pollers";

/**
 * The pushed side of an experiment: a real SSE client on the endpoint's live stream (the one the
 * dashboard and CLI use), over its own connection with the experiment's token. `push` sees an
 * event when its frame arrives; `hybrid` treats the frame as a notification and then fetches the
 * request from /api/v1 (the common "webhook says something changed, API says what"), seeing the
 * event when that answer arrives. Bytes are what the stream's socket received (the stream is
 * chunked, so its framing counts too), plus the fetches' answers.
 */
export class StreamClient {
  private req: ClientRequest | null = null;
  private res: IncomingMessage | null = null;
  private fetching = new Set<Promise<void>>();

  constructor(private ctx: RunContext, private log: ClientLog, private http: SelfHttp) {}

  /** Resolves once the stream is open and says so (its `: connected` comment). */
  connect(): Promise<void> {
    const url = new URL(`/api/endpoints/${this.ctx.endpointId}/stream?after=${this.ctx.startCursor}`, this.http.baseUrl);
    return new Promise((resolve, reject) => {
      const parser = createParser({
        onComment: (c) => c.trim() === "connected" && resolve(),
        onEvent: (e) => {
          if (e.event !== "request") return;
          const at = clockMs();
          const { request: r } = JSON.parse(e.data) as { request: { id: string; path: string } };
          const n = this.ctx.eventOf(r.path);
          if (n === null) return;
          if (this.log.spec.kind === "push") return this.log.pushed(n, at);
          this.log.pushed(n, at, false);
          const fetch = this.fetch(r.id, n).finally(() => this.fetching.delete(fetch));
          this.fetching.add(fetch);
        },
      });
      this.req = request(url, { agent: false, headers: { Accept: "text/event-stream", Authorization: `Bearer ${this.ctx.token}`, "User-Agent": this.http.userAgent } }, (res) => {
        this.res = res;
        if (res.statusCode !== 200) return reject(new Error(`the live stream answered ${res.statusCode}`));
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => parser.feed(chunk));
        res.on("error", () => undefined);
      });
      this.req.on("error", reject);
      this.req.end();
    });
  }

  private async fetch(id: string, n: number) {
    const startedAt = clockMs();
    const a = await this.http
      .send("GET", `/api/v1/endpoints/${this.ctx.endpointId}/requests/${id}`, { headers: { Authorization: `Bearer ${this.ctx.token}` }, signal: this.ctx.signal })
      .catch(() => null);
    if (!a) return;
    this.log.fetches++;
    this.log.answer({ startedAt, bytes: a.wireBytes, status: a.status, events: a.status === 200 ? [n] : [], at: clockMs(), roundTrip: true });
  }

  /** Bytes the stream's socket received so far. */
  get streamBytes(): number {
    return this.res?.socket?.bytesRead ?? 0;
  }

  async close() {
    await Promise.all(this.fetching);
    this.log.bytes += this.streamBytes;
    this.req?.destroy();
  }
}
