import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { pool, sendRaw } from "./helpers/inbound";
import { SseClient } from "./helpers/sse-client";

/** The CLI's part of /api/v1: cursor per token and endpoint, the feed, forward reports, and what they cost. */
const BUDGET = 12;
let server: AppServer;
let alice: ApiClient;
beforeAll(async () => {
  server = await startAppServer({ env: { API_RATE_LIMIT_PER_HOUR: String(BUDGET) } });
  alice = await signedInClient(server.url, "alice@example.com");
});
afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});

async function setup() {
  const ep = (await alice.json("POST", "/api/endpoints", {})).body as { id: string; slug: string };
  const tok = (await alice.json("POST", "/api/tokens", { name: "cli" })).body.token as string;
  return { ep, tok };
}
async function capture(slug: string, body: Buffer | string, headers: [string, string][] = []) {
  const res = await sendRaw(server.port, "POST", `/h/${slug}/in`, headers, body);
  return JSON.parse(res.body.toString()).id as string;
}
async function call(tok: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, remaining: Number(res.headers.get("ratelimit-remaining")), body: text ? JSON.parse(text) : undefined };
}

/** One forward report (the route takes a batch). */
const report = (tok: string, endpointId: string, r: Record<string, unknown>) => call(tok, "POST", `/endpoints/${endpointId}/forwards`, { reports: [r] });

describe("forwarding cursor, feed and reports", () => {
  it("starts without a cursor, moves it on reports, and the feed carries exact bodies after it", async () => {
    const { ep, tok } = await setup();
    const binary = Buffer.from([0, 1, 2, 0xff, 0xfe]);
    const first = await capture(ep.slug, binary, [["Content-Type", "application/octet-stream"], ["X-Dup", "1"], ["x-dup", "2"]]);
    expect((await call(tok, "GET", `/endpoints/${ep.id}/cursor`)).body).toEqual({ after: null, newest: 1, waiting: 0 });

    const second = await capture(ep.slug, `{"b":2}`);
    const feed = await call(tok, "GET", `/endpoints/${ep.id}/feed?after=0`);
    expect(feed.status).toBe(200);
    expect(feed.body.requests.map((r: { id: string }) => r.id)).toEqual([first, second]);
    expect(Buffer.from(feed.body.requests[0].bodyBase64, "base64").equals(binary)).toBe(true);
    expect(feed.body.requests[0].headers).toEqual(expect.arrayContaining([["X-Dup", "1"], ["x-dup", "2"]]));
    expect(feed.body).toMatchObject({ nextAfter: 2, hasMore: false });

    const reported = await report(tok, ep.id, {
      requestId: first, target: "http://localhost:4000/hooks", status: 200, durationMs: 12, responseHeaders: [["X-Local", "yes"]], responseBodyBase64: Buffer.from("thanks").toString("base64"),
    });
    expect(reported.status).toBe(201);
    expect(reported.body).toEqual({ recorded: [{ requestId: first, deliveryId: expect.any(String) }], missing: [], cursor: 1 });
    expect((await call(tok, "GET", `/endpoints/${ep.id}/cursor`)).body).toEqual({ after: 1, newest: 2, waiting: 1 });

    // The dashboard sees it on the request: "forwarded by CLI: 200 in 12 ms".
    const deliveries = (await alice.json("GET", `/api/endpoints/${ep.id}/requests/${first}/deliveries`)).body.deliveries;
    expect(deliveries).toEqual([expect.objectContaining({ id: reported.body.recorded[0].deliveryId, kind: "cli", state: "succeeded", ruleId: null, attemptCount: 1 })]);
    expect(deliveries[0].attempts).toEqual([expect.objectContaining({ target: "http://localhost:4000/hooks", status: 200, durationMs: 12, responseText: "thanks", error: null })]);
    expect(deliveries[0].attempts[0].responseHeaders).toEqual([["X-Local", "yes"]]);

    // Several in one call, in order; a refused local target is reported as failed; a deleted request is passed over.
    const gone = await capture(ep.slug, "{}");
    expect((await alice.request("DELETE", `/api/endpoints/${ep.id}/requests/${gone}`)).status).toBe(204);
    const batch = await call(tok, "POST", `/endpoints/${ep.id}/forwards`, {
      reports: [
        { requestId: second, target: "http://localhost:4000/hooks", status: null, durationMs: 3, error: "connection refused", attempts: 5 },
        { requestId: second, target: "http://localhost:4000/hooks", status: 204, durationMs: 4 },
        { requestId: gone, target: "http://localhost:4000/hooks", status: 200, durationMs: 4 },
      ],
    });
    expect([batch.status, batch.body.missing, batch.body.cursor]).toEqual([201, [gone], 2]);
    const list = (await alice.json("GET", `/api/endpoints/${ep.id}/requests/${second}/deliveries`)).body.deliveries;
    expect(list.map((d: { state: string; lastError: string | null; attempts: { error: string | null }[] }) => [d.state, d.lastError, d.attempts[0].error]).sort()).toEqual([
      ["failed", "connection refused", "connection refused (after 5 tries)"],
      ["succeeded", null, null],
    ]);
    const d = list.find((x: { state: string }) => x.state === "failed");
    // Nothing the engine could resend: a CLI forward went to the user's own machine.
    expect((await alice.request("POST", `/api/endpoints/${ep.id}/deliveries/${d.id}/retry`)).status).toBe(404);
  });

  it("keeps one cursor per token and endpoint; PUT skips ahead (not beyond the newest), read-only tokens may only read", async () => {
    const { ep, tok } = await setup();
    const other = (await alice.json("POST", "/api/tokens", { name: "laptop 2" })).body.token as string;
    const readOnly = (await alice.json("POST", "/api/tokens", { name: "ro", readOnly: true })).body.token as string;
    for (let i = 0; i < 3; i++) await capture(ep.slug, `{"i":${i}}`);
    expect((await call(tok, "PUT", `/endpoints/${ep.id}/cursor`, { after: 2 })).body).toEqual({ after: 2, newest: 3, waiting: 1 });
    expect((await call(other, "GET", `/endpoints/${ep.id}/cursor`)).body.after).toBeNull();
    const beyond = await call(tok, "PUT", `/endpoints/${ep.id}/cursor`, { after: 4 });
    expect([beyond.status, beyond.body.error.field]).toEqual([422, "after"]);
    expect((await call(tok, "PUT", `/endpoints/${ep.id}/cursor`, { after: -1 })).status).toBe(422);
    expect((await call(readOnly, "PUT", `/endpoints/${ep.id}/cursor`, { after: 1 })).status).toBe(403);
    const wrongType = await fetch(`${server.url}/api/v1/endpoints/${ep.id}/cursor`, { method: "PUT", headers: { authorization: `Bearer ${tok}`, "content-type": "text/plain" }, body: `{"after":1}` });
    expect(wrongType.status).toBe(415);
    const notJson = await fetch(`${server.url}/api/v1/endpoints/${ep.id}/cursor`, { method: "PUT", headers: { authorization: `Bearer ${tok}`, "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("passes over requests a filter does not match, so the cursor can move past them", async () => {
    const { ep, tok } = await setup();
    const hit = await capture(ep.slug, `{"type":"charge"}`, [["Content-Type", "application/json"]]);
    for (let i = 0; i < 3; i++) await capture(ep.slug, `{"type":"refund"}`, [["Content-Type", "application/json"]]);
    const feed = await call(tok, "GET", `/endpoints/${ep.id}/feed?after=0&q=${encodeURIComponent("body.type:charge")}`);
    expect(feed.body.requests.map((r: { id: string }) => r.id)).toEqual([hit]);
    expect(feed.body.nextAfter).toBe(4);
    const bad = await call(tok, "GET", `/endpoints/${ep.id}/feed?q=${encodeURIComponent("body.type:")}`);
    expect([bad.status, bad.body.error.field]).toEqual([422, "q"]);
  });

  it("costs no hourly budget while moving forward; nothing new, going back or reporting again costs one call", async () => {
    const { ep, tok } = await setup();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await capture(ep.slug, `{"i":${i}}`));
    const start = (await call(tok, "GET", `/endpoints/${ep.id}/cursor`)).remaining; // a plain call: costs one
    expect(start).toBe(BUDGET - 1);
    const free = [
      await call(tok, "PUT", `/endpoints/${ep.id}/cursor`, { after: 0 }), // first set
      await call(tok, "GET", `/endpoints/${ep.id}/feed?after=0`), // new requests after the cursor
      await report(tok, ep.id, { requestId: ids[0], target: "http://l/", status: 200, durationMs: 1 }),
      await report(tok, ep.id, { requestId: ids[1], target: "http://l/", status: 200, durationMs: 1 }),
      await call(tok, "PUT", `/endpoints/${ep.id}/cursor`, { after: 3 }),
    ];
    expect(free.map((r) => [r.status, r.remaining])).toEqual([[200, start], [200, start], [201, start], [201, start], [200, start]]);
    const charged = [
      await call(tok, "GET", `/endpoints/${ep.id}/feed?after=3`), // nothing new
      await call(tok, "GET", `/endpoints/${ep.id}/feed?after=0`), // before the cursor
      await report(tok, ep.id, { requestId: ids[0], target: "http://l/", status: 200, durationMs: 1 }), // again
      await call(tok, "PUT", `/endpoints/${ep.id}/cursor`, { after: 1 }), // back
    ];
    expect(charged.map((r) => [r.status, r.remaining])).toEqual([[200, start - 1], [200, start - 2], [201, start - 3], [200, start - 4]]);
    // Spend the rest: charged calls are refused, moving forward still works.
    while ((await call(tok, "GET", `/endpoints/${ep.id}/cursor`)).status === 200);
    expect((await call(tok, "GET", `/endpoints/${ep.id}/feed?after=3`)).status).toBe(429);
    expect((await report(tok, ep.id, { requestId: ids[2], target: "http://l/", status: 200, durationMs: 1 })).status).toBe(201);
  });

  it("pages 1,000 requests at once through the pull API (more ids than one query may bind)", async () => {
    const { ep, tok } = await setup();
    await pool(Array.from({ length: 1001 }, (_, i) => i), 8, (i) => capture(ep.slug, `{"i":${i}}`));
    const page = await call(tok, "GET", `/endpoints/${ep.id}/requests?after=0&limit=1000`);
    expect(page.status).toBe(200);
    expect(page.body.requests.map((r: { seq: number }) => r.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it("tells open dashboards at once: a live delivery event per reported forward", async () => {
    const { ep, tok } = await setup();
    const rid = await capture(ep.slug, "{}");
    const stream = await SseClient.connect(server.url, `/api/endpoints/${ep.id}/stream`, { cookie: alice.cookieHeader() });
    try {
      const reported = await report(tok, ep.id, { requestId: rid, target: "http://l/", status: 200, durationMs: 3 });
      await stream.waitFor((c) => c.events.some((e) => e.event === "delivery"), 5000, "a delivery event");
      const event = JSON.parse(stream.events.find((e) => e.event === "delivery")!.data);
      expect(event.delivery).toMatchObject({ id: reported.body.recorded[0].deliveryId, requestId: rid, ruleId: null, state: "succeeded", requestState: "succeeded" });
    } finally {
      await stream.close();
    }
  });
});
