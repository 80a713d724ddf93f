import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "@/tests/helpers/app-server";
import { report, round } from "./harness";
import { SseSubscriber } from "./sse-subscriber";

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

function post(url: string, body: string): Promise<{ id: string; ackedAt: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ id: JSON.parse(text).id, ackedAt: performance.timeOrigin + performance.now() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends `count` requests at `rate` per second (open loop: the schedule does not wait for answers). */
export async function sendAtRate(url: string, rate: number, count: number) {
  const acks: Promise<{ id: string; ackedAt: number }>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    acks.push(post(url, JSON.stringify({ type: "bench.live", i })));
  }
  return Promise.all(acks);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function setup() {
  const app = await startAppServer();
  const client = await signedInClient(app.url, "live-bench@example.com");
  const endpoint = (await client.json("POST", "/api/endpoints", { name: "live" })).body;
  await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
  return { app, client, endpoint, inbound: `${app.url}/h/${endpoint.slug}/live`, stream: `${app.url}/api/endpoints/${endpoint.id}/stream` };
}

async function teardown(app: AppServer) {
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

/** Many dashboards on one endpoint: everyone gets every event; server memory per subscriber. */
export async function fanoutScenario({ subscribers = 1000, rate = 100, count = 500 } = {}) {
  const { app, client, inbound, stream } = await setup();
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssMb(app.child.pid!);
    const subs = Array.from({ length: subscribers }, () => new SseSubscriber(stream, client.cookieHeader()));
    for (let i = 0; i < subs.length; i += 50) await Promise.all(subs.slice(i, i + 50).map((s) => s.open()));
    await new Promise((r) => setTimeout(r, 2000));
    const after = rssMb(app.child.pid!);
    const acks = await sendAtRate(inbound, rate, count);
    await new Promise((r) => setTimeout(r, 2000));
    subs.forEach((s) => s.close());
    const lat: number[] = [];
    for (const s of subs) for (const a of acks) if (s.arrivals.has(a.id)) lat.push(s.arrivals.get(a.id)! - a.ackedAt);
    lat.sort((a, b) => a - b);
    const growth = after - before;
    report({
      scenario: "live_fanout", rate, subscribers, p50_ms: round(percentile(lat, 50)), p99_ms: round(percentile(lat, 99)),
      delivered: lat.length, expected: subscribers * count, every_subscriber_got_every_event: lat.length === subscribers * count,
      rss_mb_before: round(before, 1), rss_mb_after_connect: round(after, 1),
      rss_mb_per_1k_subscribers: round((growth * 1000) / subscribers, 1), kb_per_subscriber: round((growth * 1024) / subscribers, 1),
    });
  } finally {
    await teardown(app);
  }
}
