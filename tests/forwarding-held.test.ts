import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { eventually, sleep, startTarget, type Target } from "./helpers/forward-target";
import { signedInClient, type ApiClient } from "./helpers/http-client";

/**
 * Issue 9, defect 9: a paused rule holds what matches meanwhile ("held" deliveries, counted on the
 * rule) and on resume either sends it, oldest first, or discards it with the reason shown.
 * One delivery at a time (FORWARD_CONCURRENCY=1), so the target's arrival order is the send order.
 */
let server: AppServer;
let target: Target;
let alice: ApiClient;
beforeAll(async () => {
  target = await startTarget();
  server = await startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32", FORWARD_CONCURRENCY: "1" } });
  alice = await signedInClient(server.url, "held@example.com");
});
afterAll(async () => {
  await server.stop();
  await removeDir(server.dataDir);
  await target.close();
});

type Delivery = { id: string; state: string; lastError: string | null };

async function setUp(path: string) {
  const ep = (await alice.json("POST", "/api/endpoints", { name: path })).body as { id: string; slug: string };
  const rule = (await alice.json("POST", `/api/endpoints/${ep.id}/rules`, { name: path, targetUrl: `${target.url}${path}{path}` })).body as { id: string };
  const paused = await alice.json("PATCH", `/api/endpoints/${ep.id}/rules/${rule.id}`, { paused: true });
  expect(paused.body).toMatchObject({ pausedReason: "Paused by you", heldCount: 0 });
  expect(paused.body.pausedAt).not.toBeNull();
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const res = await fetch(`${server.url}/h/${ep.slug}/n${i}`, { method: "POST", body: JSON.stringify({ n: i }) });
    ids.push((await res.json()).id);
  }
  return { ep, rule, ids };
}

const states = async (endpointId: string, ids: string[]) =>
  Promise.all(ids.map(async (rid) => ((await alice.json("GET", `/api/endpoints/${endpointId}/requests/${rid}/deliveries`)).body.deliveries as Delivery[])[0]));

describe("a paused rule", () => {
  it("holds every matching request, then sends them all on resume, in the order they arrived", async () => {
    const { ep, rule, ids } = await setUp("/release");
    await sleep(300);
    expect(target.at("/release")).toEqual([]);
    expect((await states(ep.id, ids)).map((d) => d.state)).toEqual(Array(12).fill("held"));
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body.heldCount).toBe(12);

    const resumed = await alice.json("PATCH", `/api/endpoints/${ep.id}/rules/${rule.id}`, { paused: false, held: "release" });
    expect(resumed.body).toMatchObject({ pausedAt: null, heldCount: 0 });
    await eventually(() => (target.at("/release").length === 12 ? true : undefined), 10_000, "12 deliveries");
    expect(target.at("/release").map((r) => r.url)).toEqual(ids.map((_, i) => `/release/n${i}`));
    expect(target.at("/release").map((r) => r.header("idempotency-key"))).toEqual(ids);
    await eventually(async () => ((await states(ep.id, ids)).every((d) => d.state === "succeeded") ? true : undefined));
  });

  it("discards what it held when resumed with held: discard, and says so on each delivery", async () => {
    const { ep, rule, ids } = await setUp("/discard");
    const resumed = await alice.json("PATCH", `/api/endpoints/${ep.id}/rules/${rule.id}`, { paused: false, held: "discard" });
    expect(resumed.status).toBe(200);
    const after = await states(ep.id, ids);
    expect(after.map((d) => d.state)).toEqual(Array(12).fill("cancelled"));
    expect(new Set(after.map((d) => d.lastError))).toEqual(new Set(["Discarded when the rule was resumed"]));
    // The rule forwards again: the next request goes out, and nothing discarded does.
    const next = await fetch(`${server.url}/h/${ep.slug}/after`, { method: "POST", body: "{}" });
    expect(next.status).toBe(200);
    await eventually(() => (target.at("/discard").length === 1 ? true : undefined));
    await sleep(300);
    expect(target.at("/discard").map((r) => r.url)).toEqual(["/discard/after"]);
  });
});
