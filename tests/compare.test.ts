import { openTestDb } from "./helpers/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { eventually } from "./helpers/forward-target";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { capture } from "./helpers/inbound";
import { SseClient } from "./helpers/sse-client";

/** Issue 12, the comparison over an endpoint's own traffic, against the real server. */
let server: AppServer;
let alice: ApiClient;
beforeAll(async () => {
  server = await startAppServer();
  alice = await signedInClient(server.url, "alice@example.com");
});
afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});

const newEndpoint = async () => (await alice.json("POST", "/api/endpoints", { name: "compare" })).body as { id: string; slug: string };

describe("GET /api/endpoints/<id>/compare", () => {
  it("answers the issue's shape, with the seed figures, answer sizes measured on /api/v1 and the push latency measured live", async () => {
    const ep = await newEndpoint();
    // A dashboard is open: the requests are pushed to it, and each push is measured.
    const stream = await SseClient.connect(server.url, `/api/endpoints/${ep.id}/stream`, { cookie: alice.cookieHeader() });
    for (let i = 0; i < 5; i++) await capture(server.port, ep.slug, "POST", `/e/${i}`, [["Content-Type", "application/json"]], `{"i":${i}}`);
    await stream.waitForEvents(5);
    await stream.close();

    const res = await alice.json("GET", `/api/endpoints/${ep.id}/compare?window=hour&intervals=10,30`);
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c).toMatchObject({ window: "hour", events: 5 });
    expect(c.polling.map((r: { pollsPerDay: number }) => r.pollsPerDay)).toEqual([8640, 2880]);
    expect(c.polling[1]).toMatchObject({ intervalSeconds: 30, meanDelayMs: 15_000, p95DelayMs: 28_500, maxDelayMs: 30_000 });
    for (const key of ["emptyShare", "bytesPerDay", "bytesPerDayWithEtag", "budgetShare", "costPerDay"]) expect(typeof c.polling[0][key]).toBe("number");
    expect(c.webhook.requestsPerDay).toBeCloseTo(5 * 24, 3); // the window is an hour and 1 ms
    expect(c.webhook.measuredSamples).toBe(5);
    expect(c.webhook.measuredLatencyMs.p50).toBeGreaterThan(0);
    expect(c.webhook.measuredLatencyMs.p99).toBeLessThan(1000);
    expect(c.longPoll).toMatchObject({ waitSeconds: 30 });
    expect(c.hybrid.requestsPerDay).toBeCloseTo(10 * 24, 3);
    expect(c.verdicts[1]).toMatch(/^Polling every 30 s: 2,880 requests a day, .*, events seen 15 s late on average \(p95 28\.5 s\)\. Webhooks: 120 requests, seen [\d.]+ ms after arrival\.$/);
    expect(c.assumptions).toMatchObject({ sizesMeasured: true, budgetPerHour: 1000, pricePerMillion: 1 });
    // What a poll of this server's /api/v1 costs on the wire (a 304 carries no body).
    expect(c.assumptions.notModifiedBytes).toBeGreaterThan(150);
    expect(c.assumptions.emptyListBytes).toBeGreaterThan(c.assumptions.notModifiedBytes);
    expect(c.charts.traffic.counts.reduce((s: number, n: number) => s + n, 0)).toBe(5);
    expect(c.charts.ticks.nonEmpty.reduce((s: number, t: { events: number }) => s + t.events, 0)).toBe(5);
    expect(c.charts.curve).toHaveLength(22);
  });

  it("takes the browser's arrival times as reported by open dashboards", async () => {
    const ep = await newEndpoint();
    const posted = await alice.request("POST", `/api/endpoints/${ep.id}/push-latency`, { samples: [4, 5, 6, 30] });
    expect(posted.status).toBe(204);
    const c = (await alice.json("GET", `/api/endpoints/${ep.id}/compare?window=hour`)).body;
    expect(c.webhook.browserSamples).toBe(4);
    expect(c.webhook.browserLatencyMs.p99).toBe(30);
    for (const bad of [{ samples: [] }, { samples: [-1] }, { samples: [700_000] }, { samples: Array(501).fill(1) }]) {
      const res = await alice.json("POST", `/api/endpoints/${ep.id}/push-latency`, bad);
      expect([res.status, res.body.error.field?.split(".")[0]]).toEqual([422, "samples"]);
    }
    const clock = await alice.json("GET", "/api/clock");
    expect(Math.abs(clock.body.now - Date.now())).toBeLessThan(60_000);
  });

  it("refuses bad parameters with 422 naming them, and another user's endpoint with 404", async () => {
    const ep = await newEndpoint();
    for (const [query, field] of [["window=month", "window"], ["intervals=0", "intervals.0"], ["intervals=5,abc", "intervals.1"], ["intervals=" + Array(13).fill(5).join(","), "intervals"], ["budget=0", "budget"], ["price=-1", "price"]]) {
      const res = await alice.json("GET", `/api/endpoints/${ep.id}/compare?${query}`);
      expect([query, res.status, res.body.error.field]).toEqual([query, 422, field]);
    }
    const bob = await signedInClient(server.url, "bob@example.com");
    expect((await bob.json("GET", `/api/endpoints/${ep.id}/compare`)).status).toBe(404);
  });

  it("flushes measured latencies to the database within seconds", async () => {
    const ep = await newEndpoint();
    await alice.request("POST", `/api/endpoints/${ep.id}/push-latency`, { samples: [1, 2, 3] });
    await eventually(async () => {
      const db = await openTestDb(server.env.DATABASE_URL!);
      const [row] = await db.query<{ count: number }>(`SELECT "count" FROM "PushLatency" WHERE "endpointId" = ? AND "source" = 'browser'`, [ep.id]);
      await db.close();
      return Number(row?.count) === 3 ? true : undefined;
    }, 10_000, "the latency flush");
  });
});
