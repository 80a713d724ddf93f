import net from "node:net";
import { Agent, request } from "node:http";
import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer } from "@/tests/helpers/app-server";
import { load, report, round, startBareServer } from "./harness";
import { percentile, sendAtRate } from "./live";
import { SseSubscriber } from "./sse-subscriber";

const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });

/** One long-poller: asks for what is after its cursor with wait=30, records when each request id arrived. */
class LongPoller {
  readonly arrivals = new Map<string, number>();
  private stopped = new AbortController();
  constructor(private url: string, private token: string) {}

  async run(after: number) {
    while (!this.stopped.signal.aborted) {
      const page = await this.get(`${this.url}?after=${after}&wait=30&limit=1000`).catch(() => null);
      if (!page) return;
      const at = performance.timeOrigin + performance.now();
      for (const r of page.requests) this.arrivals.set(r.id, at);
      after = page.nextAfter;
    }
  }

  stop() {
    this.stopped.abort();
  }

  private get(url: string): Promise<{ requests: { id: string }[]; nextAfter: number }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: keepAlive, signal: this.stopped.signal, headers: { authorization: `Bearer ${this.token}` } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve(JSON.parse(text)));
      });
      req.on("error", reject);
      req.end();
    });
  }
}

/** Bytes on the wire of one answer (status line, headers, body), read from a raw socket. */
function answerBytes(port: number, path: string, headers: Record<string, string>): Promise<{ bytes: number; head: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1", () => {
      sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}Connection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    sock.on("data", (c: Buffer) => chunks.push(c));
    sock.on("end", () => {
      const all = Buffer.concat(chunks);
      resolve({ bytes: all.length, head: all.toString("latin1").split("\r\n")[0] });
    });
    sock.on("error", reject);
  });
}

/**
 * `pull`: the polling half of the comparison, measured.
 * - Long-poll wake-up vs push: one SSE subscriber and one long-poller (wait=30) on the same
 *   endpoint while a sender posts at 50 req/s; latency = arrival at the client minus the sender's
 *   answer, for both, in the same run.
 * - Conditional polling cost: 64 clients polling with a matching If-None-Match (all 304s), as a
 *   ratio to the bare node:http server answering GETs in the same run, and bytes per 304 on the wire.
 * The token's hourly budget is lifted for the run (API_RATE_LIMIT_PER_HOUR): the load would spend
 * the default 1,000 in a fraction of a second.
 */
export async function pullScenario({ rate = 50, count = 1000, connections = 64, polls = 60_000 } = {}) {
  const app = await startAppServer({ env: { API_RATE_LIMIT_PER_HOUR: "100000000" } });
  const bare = await startBareServer();
  try {
    const client = await signedInClient(app.url, "pull-bench@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", { name: "pull" })).body;
    await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
    const token = (await client.json("POST", "/api/tokens", { name: "bench" })).body.token as string;
    const inbound = `${app.url}/h/${endpoint.slug}/pull`;
    const list = `${app.url}/api/v1/endpoints/${endpoint.id}/requests`;

    // Latency: push and long-poll side by side.
    const sub = new SseSubscriber(`${app.url}/api/endpoints/${endpoint.id}/stream`, `Bearer ${token}`);
    await sub.open();
    const poller = new LongPoller(list, token);
    const polling = poller.run(0);
    await sendAtRate(inbound, rate, 50); // warm-up
    const acks = await sendAtRate(inbound, rate, count);
    await new Promise((r) => setTimeout(r, 500));
    sub.close();
    poller.stop();
    await polling;
    const latency = (arrivals: Map<string, number>) => acks.filter((a) => arrivals.has(a.id)).map((a) => arrivals.get(a.id)! - a.ackedAt).sort((a, b) => a - b);
    const push = latency(sub.arrivals);
    const longPoll = latency(poller.arrivals);

    // 304 throughput: everyone is up to date and sends the page's ETag.
    let after = 0;
    for (;;) {
      const res = await fetch(`${list}?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
      const page = (await res.json()) as { requests: unknown[]; nextAfter: number };
      if (res.status !== 200) throw new Error(`paging answered ${res.status}: ${JSON.stringify(page)}`);
      if (page.requests.length === 0) break;
      after = page.nextAfter;
    }
    const upToDate = `${list}?after=${after}`;
    const etag = (await fetch(upToDate, { headers: { authorization: `Bearer ${token}` } })).headers.get("etag")!;
    const headers = { authorization: `Bearer ${token}`, "if-none-match": etag };
    const notModified304 = await answerBytes(app.port, new URL(upToDate).pathname + new URL(upToDate).search, headers);
    await load({ url: upToDate, method: "GET", connections, amount: 5000, headers }); // warm-up
    const ours = await load({ url: upToDate, method: "GET", connections, amount: polls, headers });
    await load({ url: bare.url, method: "GET", connections, amount: 5000 });
    const baseline = await load({ url: bare.url, method: "GET", connections, amount: polls });

    report({
      scenario: "pull",
      rate,
      events: count,
      push_p50_ms: round(percentile(push, 50)),
      push_p99_ms: round(percentile(push, 99)),
      longpoll_p50_ms: round(percentile(longPoll, 50)),
      longpoll_p99_ms: round(percentile(longPoll, 99)),
      push_delivered: push.length,
      longpoll_delivered: longPoll.length,
      not_modified_rps: Math.round(ours.rps),
      baseline_rps: Math.round(baseline.rps),
      ratio: round(ours.rps / baseline.rps, 3),
      status_codes: ours.statusCodes,
      bytes_per_304: notModified304.bytes,
      connections,
      note: "latency = arrival at the client minus the sender's answer; 304s with a matching If-None-Match vs a bare node:http GET",
    });
  } finally {
    await bare.stop();
    await app.stop();
    await removeDir(app.dataDir);
  }
}
