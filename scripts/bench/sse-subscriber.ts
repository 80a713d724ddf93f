import { request, type ClientRequest } from "node:http";

/**
 * A minimal EventSource for the benchmark: records when each `request` event arrived (ms since
 * epoch, sub-ms) keyed by request id. Node 20 has no EventSource, and a dependency would only add
 * its own parsing cost to what we measure.
 */
const ID_MARK = '"request":{"id":"';

export class SseSubscriber {
  readonly arrivals = new Map<string, number>();
  private req: ClientRequest | null = null;

  /** `auth`: a Cookie header value, or "Bearer whi_..." for a token. */
  constructor(private url: string, private auth: string) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const credentials = this.auth.startsWith("Bearer ") ? { authorization: this.auth } : { cookie: this.auth };
      this.req = request(this.url, { headers: { ...credentials, accept: "text/event-stream" }, agent: false }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        res.setEncoding("utf8");
        let buf = "";
        res.on("data", (chunk: string) => {
          const now = performance.timeOrigin + performance.now();
          buf += chunk;
          let end: number;
          while ((end = buf.indexOf("\n\n")) !== -1) {
            const frame = buf.slice(0, end);
            buf = buf.slice(end + 2);
            // Frames are ours and fixed in shape (lib/events/bus.ts): slice the id out rather than
            // JSON.parse 100,000 events a second in the fan-out run.
            const at = frame.indexOf(ID_MARK);
            if (!frame.includes("event: request") || at === -1) continue;
            const start = at + ID_MARK.length;
            this.arrivals.set(frame.slice(start, frame.indexOf('"', start)), now);
          }
        });
        resolve();
      });
      this.req.on("error", reject);
      this.req.end();
    });
  }

  close() {
    this.req?.destroy();
  }
}
