import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { capture } from "./helpers/inbound";
import { startTarget, status, type Target } from "./helpers/forward-target";
import { SseClient, cookieOf } from "./helpers/sse-client";

/** Rule and delivery changes reach an open dashboard's stream as they happen (no polling). */
let server: AppServer;
let target: Target;
let alice: ApiClient;
beforeAll(async () => {
  target = await startTarget();
  server = await startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32", FORWARD_PAUSE_AFTER_FAILURES: "1" } });
  alice = await signedInClient(server.url, "events@example.com");
});
afterAll(async () => {
  await server?.stop();
  if (server) await removeDir(server.dataDir);
  await target?.close();
});

describe("forwarding events on the live stream", () => {
  it("announces rule changes, each delivery's state with its request's aggregate, and an automatic pause", async () => {
    const ep = (await alice.json("POST", "/api/endpoints", {})).body;
    const sse = await SseClient.connect(server.url, `/api/endpoints/${ep.id}/stream`, { cookie: cookieOf(alice) });
    const of = (type: string) => sse.events.filter((e) => e.event === type).map((e) => sse.json(e));

    const created = await alice.json("POST", `/api/endpoints/${ep.id}/rules`, {
      name: "to target", targetUrl: `${target.url}/in{path}`, retry: { count: 0, backoff: "fixed", baseMs: 100 },
    });
    expect(created.status).toBe(201);
    await sse.waitFor(() => of("rule").length === 1);
    expect(of("rule")[0].rule).toMatchObject({ id: created.body.id, name: "to target", pausedAt: null });

    const requestId = await capture(server.port, ep.slug, "POST", "/ok", [], "hello");
    await sse.waitFor(() => of("delivery").length === 1, 10_000);
    expect(of("request")[0].request).toMatchObject({ id: requestId, forwarding: "pending" });
    expect(of("delivery")[0].delivery).toMatchObject({ requestId, ruleId: created.body.id, state: "succeeded", attemptCount: 1, requestState: "succeeded" });

    // The target fails; with no retries (a fixed policy needs no capMs) and and a pause threshold of 1 the rule pauses itself.
    target.route("/in/fail", status(500));
    const failing = await capture(server.port, ep.slug, "POST", "/fail", [], "boom");
    await sse.waitFor(() => of("rule").some((r) => r.rule.pausedAt !== null), 10_000);
    expect(of("delivery").at(-1).delivery).toMatchObject({ requestId: failing, state: "failed", lastError: "HTTP 500", requestState: "failed" });
    expect(of("rule").at(-1).rule.pausedReason).toMatch(/^Paused after 1 deliveries failed in a row/);

    expect((await alice.json("DELETE", `/api/endpoints/${ep.id}/rules/${created.body.id}`)).status).toBe(204);
    await sse.waitFor(() => of("rule-deleted").length === 1);
    expect(of("rule-deleted")[0]).toEqual({ type: "rule-deleted", id: created.body.id });
    await sse.close();
  });

  it("dry-runs a rule draft on a stored request: each condition's outcome and the exact outbound request, sending nothing", async () => {
    const ep = (await alice.json("POST", "/api/endpoints", {})).body;
    const body = '{"type":"order.paid","amount":4200}';
    const requestId = await capture(server.port, ep.slug, "POST", "/orders?x=1", [["Content-Type", "application/json"], ["X-Sig", "abc"]], body);
    const received = target.received.length;
    const draft = {
      targetUrl: "https://example.com/hook{path}?{query}",
      conditions: [{ type: "method", in: ["POST"] }, { type: "json", path: "amount", op: "gt", value: 5000 }],
      headers: { add: [["X-Env", "test"]], remove: ["X-Sig"] },
    };
    const res = await alice.json("POST", `/api/endpoints/${ep.id}/rules/test`, { requestId, rule: draft });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ matches: false, conditions: [true, false], outbound: { method: "POST", url: "https://example.com/hook/orders?x=1", bodySize: body.length } });
    const names = res.body.outbound.headers.map(([n]: [string, string]) => n);
    expect(names).toEqual(expect.arrayContaining(["Content-Type", "X-Env", "Idempotency-Key"]));
    expect(names).not.toContain("X-Sig");
    expect(res.body.outbound.headers).toContainEqual(["Idempotency-Key", requestId]);

    draft.conditions[1] = { type: "json", path: "amount", op: "gt", value: 4000 };
    expect((await alice.json("POST", `/api/endpoints/${ep.id}/rules/test`, { requestId, rule: draft })).body).toMatchObject({ matches: true, conditions: [true, true] });
    expect(target.received.length).toBe(received);

    const bad = await alice.json("POST", `/api/endpoints/${ep.id}/rules/test`, { requestId, rule: { ...draft, conditions: [{ type: "json", path: "a", op: "matches", pattern: "(" }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("rule.conditions.0.pattern");
    const bob = await signedInClient(server.url, "events-bob@example.com");
    expect((await bob.json("POST", `/api/endpoints/${ep.id}/rules/test`, { requestId, rule: draft })).status).toBe(404);
  });
});
