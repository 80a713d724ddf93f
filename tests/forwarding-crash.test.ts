import { openTestDb } from "./helpers/databases";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { eventually, startTarget, type Target } from "./helpers/forward-target";

/**
 * At-least-once forwarding across a SIGKILL: deliveries are enqueued in the capture commit (outbox)
 * and whatever was "delivering" when the process died is sent again after a restart. A receiver
 * may see a request twice only if its first copy was in flight at the crash.
 */

// A short lease: on PostgreSQL the restarted server is another worker, which takes the killed
// one's deliveries only once their leases lapse (SQLite's sole worker takes them back at start).
const ENV = { FORWARD_ALLOW_CIDRS: "127.0.0.1/32", FORWARD_LEASE_MS: "2000" };
const TOTAL = 100;
const HOLD_MS = 1500;

let servers: AppServer[] = [];
let target: Target | undefined;
afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL");
  if (servers[0]) await removeDir(servers[0].dataDir);
  await target?.close();
});

describe("forwarding durability", () => {
  it("delivers every acknowledged request after the server is SIGKILLed with deliveries in flight", async () => {
    target = await startTarget();
    // Holds each forward open for HOLD_MS, then answers 200 if the sender is still there.
    const inFlight = new Map<string, number>(); // key -> when it arrived
    const answered: string[] = [];
    let firstAnswerAt = Infinity;
    let maxInFlight = 0;
    target.route("/crash", (req, res) => {
      const key = req.header("idempotency-key")!;
      inFlight.set(key, req.at);
      maxInFlight = Math.max(maxInFlight, inFlight.size);
      res.on("close", () => inFlight.delete(key));
      res.on("finish", () => {
        answered.push(key);
        firstAnswerAt = Math.min(firstAnswerAt, performance.now());
      });
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      }, HOLD_MS);
    });
    const receipts = () => target!.at("/crash").map((r) => ({ key: r.header("idempotency-key")!, at: r.at }));

    const first = await startAppServer({ env: ENV });
    servers.push(first);
    const client = await signedInClient(first.url, "crash@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body;
    const rule = await client.json("POST", `/api/endpoints/${endpoint.id}/rules`, { name: "slow", targetUrl: `${target.url}/crash` });
    expect(rule.status).toBe(201);
    expect(rule.body.retry).toBeNull(); // the default schedule

    const acked = new Set<string>();
    let next = 0;
    const sender = async () => {
      while (next < TOTAL) {
        const i = next++;
        try {
          const res = await fetch(`${first.url}/h/${endpoint.slug}/n/${i}`, { method: "POST", body: JSON.stringify({ i }) });
          const body = await res.json();
          if (res.status >= 200 && res.status < 300) acked.add(body.id);
        } catch {
          // no answer: not acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    expect(acked.size).toBe(TOTAL);

    // Kill once the first answers were recorded and the next deliveries (sent after an answer) are
    // held open at the target: some succeeded, some in flight, most still queued.
    await eventually(() => ([...inFlight.values()].some((at) => at > firstAnswerAt) ? true : undefined), 20_000, "deliveries in flight");
    first.child.kill("SIGKILL");
    const killedAt = performance.now();
    const inFlightAtKill = new Set(inFlight.keys());
    const answeredAtKill = answered.length;
    await new Promise((r) => first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once("exit", r));
    const receivedBeforeKill = receipts().filter((r) => r.at <= killedAt);

    const readState = async () => {
      const db = await openTestDb(first.env.DATABASE_URL!);
      try {
        return await db.query<{ id: string; state: string | null }>(
          `SELECT r."id" AS id, d."state" AS state FROM "CapturedRequest" r LEFT JOIN "Delivery" d ON d."requestId" = r."id" WHERE r."endpointId" = ?`,
          [endpoint.id],
        );
      } finally {
        await db.close();
      }
    };
    const atKill = await readState();
    // The crash really happened mid-stream: some deliveries done, some in flight, more still queued.
    expect(answeredAtKill).toBeGreaterThan(0);
    expect(inFlightAtKill.size).toBeGreaterThan(0);
    expect(new Set(receivedBeforeKill.map((r) => r.key)).size).toBeLessThan(atKill.length);

    const second = await startAppServer({ dataDir: first.dataDir, env: ENV });
    servers.push(second);
    const rows = await eventually(async () => {
      const r = await readState();
      return r.length > 0 && r.every((x) => x.state === "succeeded") ? r : undefined;
    }, 25_000, "every captured request to have a succeeded delivery").catch(async (err) => {
      const r = await readState();
      const counts: Record<string, number> = {};
      for (const x of r) counts[String(x.state)] = (counts[String(x.state)] ?? 0) + 1;
      throw new Error(`${err.message}: ${JSON.stringify(counts)}`);
    });
    await new Promise((r) => setTimeout(r, 300)); // anything still arriving would be a stray duplicate

    const stored = new Set(rows.map((r) => r.id));
    expect(rows).toHaveLength(stored.size); // one delivery per captured request
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]); // acknowledged => captured

    const all = receipts();
    const byKey = new Map<string, number[]>();
    for (const r of all) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.at]);
    // delivered == captured: every captured (so every acknowledged) request reached the target, nothing else did.
    expect([...stored].filter((id) => !byKey.has(id))).toEqual([]);
    expect([...byKey.keys()].filter((k) => !stored.has(k))).toEqual([]);

    const duplicates = [...byKey].filter(([, ats]) => ats.length > 1);
    for (const [key, ats] of byKey) {
      // After the restart each delivery went out at most once (the target always says 200) ...
      expect(ats.filter((t) => t > killedAt).length, key).toBeLessThanOrEqual(1);
      // ... and at most once before the crash.
      expect(ats.filter((t) => t <= killedAt).length, key).toBeLessThanOrEqual(1);
    }
    // Exactly the forwards whose success was not yet committed at the crash went out twice: one
    // recorded as succeeded is never sent again, one that reached the target but was not recorded
    // (in flight) is sent again.
    const stateAtKill = new Map(atKill.map((r) => [r.id, r.state]));
    for (const { key } of receivedBeforeKill) {
      expect([stateAtKill.get(key), byKey.get(key)!.length], key).toEqual(stateAtKill.get(key) === "succeeded" ? ["succeeded", 1] : [stateAtKill.get(key), 2]);
    }
    for (const key of inFlightAtKill) expect(stateAtKill.get(key), key).not.toBe("succeeded");
    // Both sides were exercised: some forwards had their success recorded before the crash.
    expect(receivedBeforeKill.filter((r) => stateAtKill.get(r.key) === "succeeded").length).toBeGreaterThan(0);
    expect(duplicates.length).toBeGreaterThanOrEqual(inFlightAtKill.size);

    // Parallel, but never more than FORWARD_CONCURRENCY (default 16) at once, across the restart too.
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(16);

    console.log(
      `forwarding crash: ${acked.size} acknowledged, ${stored.size} captured, ${receivedBeforeKill.length} received before the kill ` +
        `(${answeredAtKill} answered, ${atKill.filter((r) => r.state === "succeeded").length} recorded as succeeded, ${inFlightAtKill.size} in flight), ${all.length} receptions in total, ${duplicates.length} received twice, at most ${maxInFlight} at once`,
    );
  }, 60_000);
});
