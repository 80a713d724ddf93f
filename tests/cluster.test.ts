import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { openTestDb, TEST_KIND, type TestDb } from "./helpers/databases";
import { eventually, sleep, startTarget, type Target } from "./helpers/forward-target";
import { ApiClient, signedInClient } from "./helpers/http-client";
import { sample } from "./helpers/metrics";
import { notificationDroppingProxy } from "./helpers/pg-proxy";
import { SseClient } from "./helpers/sse-client";

/**
 * Issue 15: two app instances on two ports, one PostgreSQL database. Live events cross instances
 * (LISTEN/NOTIFY), delivery workers share the outbox through leases, and neither a lost listening
 * connection nor a killed instance loses anything. PostgreSQL only (the "postgres" test project).
 */
describe.skipIf(TEST_KIND !== "postgres")("two instances on one PostgreSQL database", () => {
  let a: AppServer;
  let b: AppServer;
  let target: Target;
  let alice: ApiClient;
  let aliceOnB: ApiClient;
  let db: TestDb;
  const env = { FORWARD_ALLOW_CIDRS: "127.0.0.1/32", FORWARD_LEASE_MS: "3000", METRICS_TOKEN: "cluster-test-metrics" };

  beforeAll(async () => {
    target = await startTarget();
    a = await startAppServer({ env });
    // The same data directory: the same database and the same session secret, as two instances
    // behind one load balancer must have.
    b = await startAppServer({ dataDir: a.dataDir, env });
    alice = await signedInClient(a.url, "cluster@example.com");
    aliceOnB = Object.assign(new ApiClient(b.url), { cookieHeader: () => alice.cookieHeader() });
    db = await openTestDb(a.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await db?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await removeDir(a.dataDir);
    await target?.close();
  });

  async function endpoint(name: string, rule = false) {
    const ep = (await alice.json("POST", "/api/endpoints", { name })).body as { id: string; slug: string };
    if (rule) expect((await alice.json("POST", `/api/endpoints/${ep.id}/rules`, { name, targetUrl: `${target.url}/${name}` })).status).toBe(201);
    return ep;
  }

  async function stream(server: AppServer, endpointId: string) {
    const sse = await SseClient.connect(server.url, `/api/endpoints/${endpointId}/stream`, { cookie: alice.cookieHeader() });
    expect(sse.status).toBe(200);
    return sse;
  }

  /** Sends `n` requests, alternating between the given instances, `parallel` at a time; returns the ids. */
  async function send(servers: AppServer[], slug: string, n: number, parallel = 8, start = 0): Promise<string[]> {
    const ids: string[] = new Array(n);
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let i = next++; i < n; i = next++) {
          const res = await fetch(`${servers[i % servers.length].url}/h/${slug}`, { method: "POST", body: JSON.stringify({ n: start + i }) });
          expect(res.status).toBe(200);
          ids[i] = ((await res.json()) as { id: string }).id;
        }
      }),
    );
    return ids;
  }

  const seqs = (sse: SseClient) => sse.events.filter((e) => e.event === "request").map((e) => (JSON.parse(e.data) as { request: { seq: number } }).request.seq);

  it("a session made on one instance is valid on the other", async () => {
    const res = await aliceOnB.json("GET", "/api/endpoints");
    expect(res.status).toBe(200);
  });

  it("streams on B receive every request captured on A (and on B), in seq order, none twice", async () => {
    const ep = await endpoint("live");
    const [onA, onB] = await Promise.all([stream(a, ep.id), stream(b, ep.id)]);
    await send([a, b], ep.slug, 300);
    for (const sse of [onA, onB]) {
      await sse.waitFor((c) => seqs(c).length >= 300, 15_000, "300 request events");
      expect(seqs(sse)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    }
    await Promise.all([onA.close(), onB.close()]);
  });

  it("deletes and rule changes made on A reach B's streams", async () => {
    const ep = await endpoint("changes");
    const [id] = await send([a], ep.slug, 1);
    const onB = await stream(b, ep.id);
    expect((await alice.request("DELETE", `/api/endpoints/${ep.id}/requests/${id}`)).status).toBe(204);
    await onB.waitFor((c) => c.events.some((e) => e.event === "deleted" && JSON.parse(e.data).id === id), 5000, "the deleted event");
    await onB.close();
  });

  it("an endpoint's new response, set on A, is what B answers at once", async () => {
    const ep = await endpoint("response");
    expect((await (await fetch(`${b.url}/h/${ep.slug}`, { method: "POST" })).status)).toBe(200); // B caches the endpoint
    expect((await alice.json("PATCH", `/api/endpoints/${ep.id}`, { response: { status: 202 } })).status).toBe(200);
    await eventually(async () => ((await fetch(`${b.url}/h/${ep.slug}`, { method: "POST" })).status === 202 ? true : undefined), 2000, "B answering 202");
  });

  it("1,000 deliveries are shared by both workers and none is attempted twice", async () => {
    const ep = await endpoint("shared", true);
    target.route("/shared", (_req, res) => setTimeout(() => res.writeHead(200).end("ok"), 5));
    const before = await Promise.all([a, b].map(attempts));
    const ids = await send([a, b], ep.slug, 1000, 16);
    await eventually(() => (target.at("/shared").length >= 1000 ? true : undefined), 60_000, "1,000 deliveries");
    await sleep(500);
    const bodies = target.at("/shared").map((r) => r.body.toString());
    expect(bodies).toHaveLength(1000);
    expect(new Set(bodies).size).toBe(1000);
    const rows = await db.query<{ state: string; attemptCount: number }>(
      `SELECT d."state", d."attemptCount" FROM "Delivery" d JOIN "CapturedRequest" r ON r."id" = d."requestId" WHERE r."endpointId" = ?`,
      [ep.id],
    );
    expect(rows).toHaveLength(ids.length);
    expect(rows.every((r) => r.state === "succeeded" && Number(r.attemptCount) === 1)).toBe(true);
    const after = await Promise.all([a, b].map(attempts));
    const byInstance = after.map((n, i) => n - before[i]);
    expect(byInstance[0] + byInstance[1]).toBe(1000);
    expect(Math.min(...byInstance)).toBeGreaterThan(100); // both worked
  });

  it("after the listening connections are killed, streams still get every event, in order", async () => {
    const ep = await endpoint("listen-lost");
    const onB = await stream(b, ep.id);
    await send([a], ep.slug, 50);
    const killed = await db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid)) AS "n" FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    expect(Number(killed[0].n)).toBe(2);
    await send([a], ep.slug, 50, 8, 50);
    await onB.waitFor((c) => seqs(c).length >= 100, 15_000, "100 request events");
    expect(seqs(onB)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // Both listeners are back.
    await eventually(async () => {
      const [row] = await db.query<{ n: number }>(`SELECT count(*) AS "n" FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
      return Number(row.n) === 2 ? true : undefined;
    }, 10_000, "two LISTEN connections again");
    await onB.close();
  });

  /** A stream on `polling` (an instance that does not listen) gets all 30 requests sent to A, in order, within the polls. */
  async function expectStreamedByPolling(polling: AppServer, name: string) {
    const ep = await endpoint(name);
    const sse = await stream(polling, ep.id);
    await send([a], ep.slug, 30);
    await sse.waitFor((x) => seqs(x).length >= 30, 5000, "30 request events by polling");
    expect(seqs(sse)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await sse.close();
  }

  it("an instance without LISTEN/NOTIFY (DATABASE_NOTIFY=off, as behind PgBouncer) still streams every request, by polling", async () => {
    const c = await startAppServer({ dataDir: a.dataDir, env: { ...env, DATABASE_NOTIFY: "off" } });
    try {
      expect(c.logs().some((l) => l.msg === "joined other instances by polling the database")).toBe(true);
      await expectStreamedByPolling(c, "polling");
    } finally {
      await c.stop();
    }
  });

  it("behind a pooler that passes no notifications, an instance notices at start, warns, and streams by polling", async () => {
    const db = new URL(a.env.DATABASE_URL!);
    const proxy = await notificationDroppingProxy({ host: db.hostname, port: Number(db.port || 5432) });
    db.hostname = "127.0.0.1";
    db.port = String(proxy.port);
    const c = await startAppServer({ dataDir: a.dataDir, env: { ...env, DATABASE_URL: db.toString() } });
    try {
      expect(c.logs().some((l) => l.level === "warn" && String(l.msg).startsWith("LISTEN/NOTIFY does not reach this connection"))).toBe(true);
      await expectStreamedByPolling(c, "pooler");
    } finally {
      await c.stop();
      await proxy.close();
    }
  });

  it("when an instance is killed mid-run, the other delivers everything it had claimed once its leases lapse", async () => {
    const ep = await endpoint("killed", true);
    target.route("/killed", (_req, res) => setTimeout(() => res.writeHead(200).end("ok"), 100));
    await send([a, b], ep.slug, 200, 16);
    await eventually(() => (target.at("/killed").length >= 20 ? true : undefined), 20_000, "deliveries under way");
    b.child.kill("SIGKILL");
    await eventually(async () => {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*) AS "n" FROM "Delivery" d JOIN "CapturedRequest" r ON r."id" = d."requestId" WHERE r."endpointId" = ? AND d."state" = 'succeeded'`,
        [ep.id],
      );
      return Number(row.n) === 200 ? true : undefined;
    }, 60_000, "all 200 deliveries succeeded");
    // Every request arrived; those B had in flight when it died may have arrived twice (at least once).
    const bodies = new Set(target.at("/killed").map((r) => r.body.toString()));
    expect(bodies.size).toBe(200);
  });

  async function attempts(server: AppServer): Promise<number> {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } });
    const text = await res.text();
    return ["success", "http_error", "network_error", "blocked"].reduce((n, outcome) => n + (sample(text, "webhook_inbox_delivery_attempt_seconds_count", { outcome }) ?? 0), 0);
  }
});
