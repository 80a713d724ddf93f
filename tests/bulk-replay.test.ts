import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { openTestDb } from "./helpers/databases";
import { eventually, startTarget, type Target } from "./helpers/forward-target";
import { pool } from "./helpers/inbound";

/**
 * Bulk replay against the real server: order, rate, outcomes, pause/resume/cancel, and a SIGKILL
 * of the server mid-way after which the job completes without resending what was answered.
 */

// A short lease: on PostgreSQL the restarted server is another worker, which takes the killed
// one's deliveries only once their leases lapse (SQLite's sole worker takes them back at start).
const ENV = { FORWARD_ALLOW_CIDRS: "127.0.0.1/32", FORWARD_LEASE_MS: "2000" };
type Progress = {
  id: string; state: string; total: number; sent: number; succeeded: number; failed: number; cancelled: number; remaining: number;
  outcomes: { status: number | null; count: number }[];
};

let server: AppServer;
let target: Target;
let alice: ApiClient;
const extra: AppServer[] = [];

beforeAll(async () => {
  target = await startTarget();
  server = await startAppServer({ env: ENV });
  alice = await signedInClient(server.url, "alice@example.com");
});

afterAll(async () => {
  for (const s of [server, ...extra]) {
    if (!s) continue;
    await s.stop("SIGKILL");
    removeDir(s.dataDir);
  }
  await target?.close();
});

async function endpointWith(client: ApiClient, s: AppServer, n: number, subPath: string) {
  const ep = (await client.json("POST", "/api/endpoints", {})).body as { id: string; slug: string };
  await pool(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
    const res = await fetch(`${s.url}/h/${ep.slug}${subPath}`, { method: "POST", body: JSON.stringify({ n: i }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    await res.text();
  });
  // The captured order (seq), oldest first.
  const list = await client.json<{ requests: { id: string; seq: number }[] }>("GET", `/api/endpoints/${ep.id}/requests?limit=500`);
  const ids = list.body.requests.sort((a, b) => a.seq - b.seq).map((r) => r.id);
  expect(ids).toHaveLength(n);
  return { ...ep, ids };
}

const progress = async (client: ApiClient, endpointId: string, id: string) => (await client.json<Progress>("GET", `/api/endpoints/${endpointId}/replays/${id}`)).body;
const until = (client: ApiClient, endpointId: string, id: string, test: (p: Progress) => boolean, timeoutMs = 30_000) =>
  eventually(async () => {
    const p = await progress(client, endpointId, id);
    return test(p) ? p : undefined;
  }, timeoutMs, `bulk replay ${id}`);
const requestIdsAt = (prefix: string) => target.at(prefix).map((r) => r.header("x-webhook-inbox-request-id")!);

describe("bulk replay", () => {
  it("replays 500 requests in order at the set rate, records every outcome, and survives a SIGKILL mid-way without resending answered ones", async () => {
    const first = await startAppServer({ env: ENV });
    extra.push(first);
    const client = await signedInClient(first.url, "crash@example.com");
    const ep = await endpointWith(client, first, 500, "/bulk");
    // Every tenth request (by its body) is refused: outcomes must count both kinds.
    target.route("/bulk", (req, res) => {
      const n = JSON.parse(req.body.toString()).n as number;
      res.writeHead(n % 10 === 9 ? 503 : 200).end("done");
    });

    const created = await client.json<Progress>("POST", `/api/endpoints/${ep.id}/replays`, { filters: { q: "method:POST" }, targetUrl: `${target.url}/bulk{path}`, ratePerSecond: 100 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ state: "running", total: 500 });
    const started = performance.now();

    await eventually(() => (target.at("/bulk").length >= 150 ? true : undefined), 30_000, "150 replays received");
    first.child.kill("SIGKILL");
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once("exit", r)));
    const killedAt = performance.now();
    const receivedBeforeKill = requestIdsAt("/bulk");
    const db = await openTestDb(first.env.DATABASE_URL!);
    const atKill = new Map((await db.query<{ id: string; state: string }>(`SELECT "requestId" AS "id", "state" FROM "Delivery" WHERE "replayJobId" = ?`, [created.body.id])).map((r) => [r.id, r.state]));
    await db.close();
    expect(receivedBeforeKill.length).toBeLessThan(500); // really mid-way

    const second = await startAppServer({ dataDir: first.dataDir, env: ENV });
    extra.push(second);
    client.baseUrl = second.url;
    const done = await until(client, ep.id, created.body.id, (p) => p.state === "completed", 60_000);
    const elapsedS = (performance.now() - started) / 1000;

    expect(done).toMatchObject({ total: 500, sent: 500, succeeded: 450, failed: 50, cancelled: 0, remaining: 0 });
    expect(done.outcomes).toEqual([{ status: 200, count: 450 }, { status: 503, count: 50 }]);
    // Original order; the only possible repeat is a request that was in flight at the kill, sent
    // again right after the restart (its answer never recorded), so it repeats adjacently.
    const received = requestIdsAt("/bulk");
    const deduped = received.filter((id, i) => id !== received[i - 1]);
    expect(deduped).toEqual(ep.ids);
    const repeated = received.filter((id, i) => id === received[i - 1]);
    expect(repeated.length).toBeLessThanOrEqual(1);
    for (const id of repeated) expect(atKill.get(id)).not.toMatch(/succeeded|failed/);
    // Nothing answered before the kill was sent again.
    for (const id of receivedBeforeKill) if (/succeeded|failed/.test(atKill.get(id)!)) expect(received.filter((r) => r === id)).toHaveLength(1);
    // 100/s: 500 releases take at least 4.99 s (plus the restart).
    expect(elapsedS).toBeGreaterThan(4.99);
    console.log(`bulk replay: 500 in ${elapsedS.toFixed(1)} s with a SIGKILL after ${receivedBeforeKill.length} (${((killedAt - started) / 1000).toFixed(1)} s), ${repeated.length} sent twice`);
  }, 120_000);

  it("replays a selection; pause holds it, resume goes on in order, cancel cancels the rest", async () => {
    const ep = await endpointWith(alice, server, 30, "/sel");
    const chosen = ep.ids.filter((_, i) => i % 2 === 0); // 15, given out of order
    let answered = 0;
    target.route("/sel", (_req, res) => void setTimeout(() => { answered++; res.writeHead(200).end(); }, 20));
    const created = await alice.json<Progress>("POST", `/api/endpoints/${ep.id}/replays`, { requestIds: [...chosen].reverse(), targetUrl: `${target.url}/sel`, ratePerSecond: 20 });
    expect(created.status).toBe(201);
    const id = created.body.id;

    await eventually(() => (answered >= 3 ? true : undefined));
    const paused = await alice.json<Progress>("POST", `/api/endpoints/${ep.id}/replays/${id}/pause`);
    expect(paused.body.state).toBe("paused");
    await new Promise((r) => setTimeout(r, 400)); // at 20/s, 8 more would have gone
    const heldAt = requestIdsAt("/sel").length;
    expect(heldAt).toBeLessThanOrEqual(answered + 1);
    expect((await progress(alice, ep.id, id)).sent).toBe(heldAt);
    expect((await alice.json("POST", `/api/endpoints/${ep.id}/replays/${id}/pause`)).status).toBe(409);

    expect((await alice.json("POST", `/api/endpoints/${ep.id}/replays/${id}/resume`)).body.state).toBe("running");
    await eventually(() => (requestIdsAt("/sel").length >= heldAt + 3 ? true : undefined));
    const cancelled = await alice.json<Progress>("POST", `/api/endpoints/${ep.id}/replays/${id}/cancel`);
    expect(cancelled.body.state).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 300));
    const final = await progress(alice, ep.id, id);
    const received = requestIdsAt("/sel");
    expect(received).toEqual(chosen.slice(0, received.length));
    expect(received.length).toBeLessThan(15);
    expect(final).toMatchObject({ state: "cancelled", total: 15, sent: received.length, cancelled: 15 - received.length, remaining: 0 });
    expect((await alice.json("POST", `/api/endpoints/${ep.id}/replays/${id}/resume`)).status).toBe(409);
    const list = await alice.json<{ replays: Progress[] }>("GET", `/api/endpoints/${ep.id}/replays`);
    expect(list.body.replays.map((r) => r.id)).toEqual([id]);
  });

  it("refuses bad input with 422 naming the field, and other users' jobs with 404", async () => {
    const ep = await endpointWith(alice, server, 2, "/bad");
    const other = await endpointWith(alice, server, 1, "/other");
    const url = `${target.url}/bad`;
    const cases: [unknown, string][] = [
      [{ targetUrl: url }, "filters"],
      [{ targetUrl: url, filters: { q: "" }, requestIds: ep.ids }, "filters"],
      [{ filters: { q: "" } }, "targetUrl"],
      [{ targetUrl: url, filters: { q: "method:" } }, "q"],
      [{ targetUrl: url, filters: { q: "method:PATCH" } }, "filters"],
      [{ targetUrl: url, requestIds: [ep.ids[0], other.ids[0]] }, "requestIds.1"],
      [{ targetUrl: url, filters: { q: "" }, ratePerSecond: 0 }, "ratePerSecond"],
    ];
    for (const [body, field] of cases) {
      const res = await alice.json("POST", `/api/endpoints/${ep.id}/replays`, body);
      expect([res.status, res.body.error?.field], JSON.stringify(body)).toEqual([422, field]);
    }
    const created = await alice.json<Progress>("POST", `/api/endpoints/${ep.id}/replays`, { targetUrl: url, filters: { q: "" } });
    const bob = await signedInClient(server.url, "bob@example.com");
    expect((await bob.json("GET", `/api/endpoints/${ep.id}/replays/${created.body.id}`)).status).toBe(404);
    expect((await alice.json("GET", `/api/endpoints/${other.id}/replays/${created.body.id}`)).status).toBe(404);
    expect((await alice.json("POST", `/api/endpoints/${ep.id}/replays/${created.body.id}/explode`)).status).toBe(404);
  });
});
