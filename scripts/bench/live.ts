import { chromium } from "@playwright/test";
import { Agent, request } from "node:http";
import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "@/tests/helpers/app-server";
import { report, round } from "./harness";
import { SseSubscriber } from "./sse-subscriber";

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

export type Ack = { id: string; sentAt: number; ackedAt: number };

function post(url: string, body: string): Promise<Ack> {
  const sentAt = performance.timeOrigin + performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ id: JSON.parse(text).id, sentAt, ackedAt: performance.timeOrigin + performance.now() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends `count` requests at `rate` per second (open loop: the schedule does not wait for answers). */
export async function sendAtRate(url: string, rate: number, count: number, body?: (i: number) => string) {
  const acks: Promise<Ack>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    acks.push(post(url, body ? body(i) : JSON.stringify({ type: "bench.live", i })));
  }
  return Promise.all(acks);
}

export async function setup(nodeArgs: string[] = []) {
  const app = await startAppServer({ nodeArgs });
  const client = await signedInClient(app.url, "live-bench@example.com");
  const endpoint = (await client.json("POST", "/api/endpoints", { name: "live" })).body;
  await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
  return { app, client, endpoint, inbound: `${app.url}/h/${endpoint.slug}/live`, stream: `${app.url}/api/endpoints/${endpoint.id}/stream` };
}

export async function teardown(app: AppServer) {
  await app.stop();
  await removeDir(app.dataDir);
}

/** Answer-to-event latency for one SSE client at `rate` req/s. */
export async function liveLatencyScenario({ rate = 200, count = 2000 } = {}) {
  const { app, client, inbound, stream } = await setup();
  try {
    const sub = new SseSubscriber(stream, client.cookieHeader());
    await sub.open();
    await sendAtRate(inbound, rate, 100); // warm-up
    const acks = await sendAtRate(inbound, rate, count);
    await new Promise((r) => setTimeout(r, 500));
    sub.close();
    const lat = acks.filter((a) => sub.arrivals.has(a.id)).map((a) => sub.arrivals.get(a.id)! - a.ackedAt).sort((a, b) => a - b);
    report({
      scenario: "live_node_sse", rate, subscribers: 1, p50_ms: round(percentile(lat, 50)), p99_ms: round(percentile(lat, 99)),
      max_ms: round(lat[lat.length - 1]), delivered: lat.length, expected: count,
      note: "latency = event received by the SSE client minus answer received by the sender (negative: event first)",
    });
  } finally {
    await teardown(app);
  }
}

/** The same measured in a real Chromium page (EventSource in the app's own origin, signed in). */
export async function liveBrowserScenario({ rate = 200, count = 400 } = {}) {
  const { app, client, endpoint, inbound } = await setup();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext();
    await context.addCookies(client.cookieList(app.url));
    const page = await context.newPage();
    await page.goto(`${app.url}/endpoints/${endpoint.id}`);
    await page.waitForSelector("[data-testid=live-status][data-status=live]");
    // A second EventSource in the page records arrival times; the app's own stream keeps rendering.
    await page.evaluate((id) => {
      const w = window as unknown as { arrivals: Record<string, number>; ready: boolean };
      w.arrivals = {};
      const es = new EventSource(`/api/endpoints/${id}/stream`);
      es.onopen = () => (w.ready = true);
      es.addEventListener("request", (e) => {
        w.arrivals[JSON.parse((e as MessageEvent).data).request.id] = performance.timeOrigin + performance.now();
      });
    }, endpoint.id);
    await page.waitForFunction(() => (window as unknown as { ready: boolean }).ready);
    await sendAtRate(inbound, rate, 50); // warm-up
    const acks = await sendAtRate(inbound, rate, count);
    await page.waitForTimeout(500);
    const arrivals = await page.evaluate(() => (window as unknown as { arrivals: Record<string, number> }).arrivals);
    const lat = acks.filter((a) => a.id in arrivals).map((a) => arrivals[a.id] - a.ackedAt).sort((a, b) => a - b);
    report({
      scenario: "live_chromium_sse", rate, subscribers: 1, p50_ms: round(percentile(lat, 50)), p99_ms: round(percentile(lat, 99)),
      max_ms: round(lat[lat.length - 1]), delivered: lat.length, expected: count,
    });
  } finally {
    await browser.close();
    await teardown(app);
  }
}
