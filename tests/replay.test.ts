import { createHash, createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { eventually, pairs, startTarget, type Target } from "./helpers/forward-target";
import { capture, sentHeaders } from "./helpers/inbound";

/**
 * Replaying one captured request against the real server: the replay is a delivery without a rule,
 * sent by the same engine through the same SSRF guard, to a local receiver that hashes what arrives.
 */

type Delivery = {
  id: string; kind: string; ruleId: string | null; state: string; lastError: string | null;
  sent: { url: string; method: string | null; headers: [string, string][] | null; bodyBase64: string | null } | null;
  attempts: { target: string; status: number | null; error: string | null; responseText: string | null; responseHeaders: [string, string][] }[];
};

let server: AppServer; // FORWARD_ALLOW_CIDRS=127.0.0.1/32
let guarded: AppServer; // no allow-list
let target: Target;
let alice: ApiClient;
let bob: ApiClient;
let carol: ApiClient; // on `guarded`

beforeAll(async () => {
  target = await startTarget();
  [server, guarded] = await Promise.all([startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32" } }), startAppServer()]);
  alice = await signedInClient(server.url, "alice@example.com");
  bob = await signedInClient(server.url, "bob@example.com");
  carol = await signedInClient(guarded.url, "carol@example.com");
});

afterAll(async () => {
  for (const s of [server, guarded]) {
    if (!s) continue;
    await s.stop();
    removeDir(s.dataDir);
  }
  await target?.close();
});

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
// What the sender sets on every request (framing) and what a forward adds (provenance).
const FRAMING = new Set(["host", "content-length", "connection"]);
const PROVENANCE = new Set(["x-forwarded-for", "x-forwarded-host", "idempotency-key", "x-webhook-inbox-request-id"]);
const without = (hs: [string, string][], names: Set<string>) => hs.filter(([n]) => !names.has(n.toLowerCase()));

async function newEndpoint(client: ApiClient): Promise<{ id: string; slug: string }> {
  const res = await client.json("POST", "/api/endpoints", {});
  expect(res.status).toBe(201);
  return res.body;
}

async function replay(client: ApiClient, endpointId: string, requestId: string, body: unknown) {
  return client.json<{ deliveryId: string; error?: { code: string; field?: string; message: string } }>("POST", `/api/endpoints/${endpointId}/requests/${requestId}/replay`, body);
}

/** The replay's delivery once its one attempt is recorded. */
async function settled(client: ApiClient, endpointId: string, requestId: string, deliveryId: string): Promise<Delivery> {
  return eventually(async () => {
    const res = await client.json<{ deliveries: Delivery[] }>("GET", `/api/endpoints/${endpointId}/requests/${requestId}/deliveries`);
    const d = res.body.deliveries.find((x) => x.id === deliveryId);
    return d && d.attempts.length > 0 && d.state !== "delivering" ? d : undefined;
  }, 10_000, "the replay's attempt");
}

describe("replay one request", () => {
  it("sends the stored bytes and headers byte for byte: binary body, repeated headers, raw path and query", async () => {
    const ep = await newEndpoint(alice);
    const headers: [string, string][] = [
      ["X-Signature", "t=1,v1=abc"],
      ["content-type", "application/octet-stream"],
      ["X-Dup", "one"],
      ["Keep-Alive", "timeout=5"],
      ["x-dup", "two"],
      ["X-Empty", ""],
      ["X-DUP", "three"],
    ];
    const rid = await capture(server.port, ep.slug, "POST", "/sub/dir%20x?b=2&a=1&a=%2F", headers, ALL_BYTES);
    target.route("/bytes", (_req, res) => res.writeHead(202, [["X-Receiver", "hashed"]]).end("got it"));

    const res = await replay(alice, ep.id, rid, { targetUrl: `${target.url}/bytes{path}?{query}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = await settled(alice, ep.id, rid, res.body.deliveryId);

    const [got] = target.at("/bytes");
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/bytes/sub/dir%20x?b=2&a=1&a=%2F");
    expect(sha256(got.body)).toBe(sha256(ALL_BYTES));
    // The captured list minus framing and hop-by-hop, in order, name case and duplicates kept ...
    const original = without(sentHeaders(server.port, headers, ALL_BYTES), FRAMING).filter(([n]) => n !== "Keep-Alive");
    expect(without(without(pairs(got.rawHeaders), FRAMING), PROVENANCE)).toEqual(original);
    // ... plus provenance: the capture named, and the replay's own idempotency key (a deliberate resend).
    expect(got.header("x-webhook-inbox-request-id")).toBe(rid);
    expect(got.header("idempotency-key")).toBe(res.body.deliveryId);

    expect(d).toMatchObject({ kind: "replay", ruleId: null, state: "succeeded" });
    expect(d.sent).toMatchObject({ url: `${target.url}/bytes/sub/dir%20x?b=2&a=1&a=%2F`, method: null, bodyBase64: null });
    expect(d.sent!.headers).toEqual(without(pairs(got.rawHeaders), FRAMING));
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ status: 202, responseText: "got it", error: null });
    expect(d.attempts[0].responseHeaders).toContainEqual(["X-Receiver", "hashed"]);
  });

  it("to a rule's target applies the rule's URL template and header changes, even while the rule is paused", async () => {
    const ep = await newEndpoint(alice);
    const rule = await alice.json("POST", `/api/endpoints/${ep.id}/rules`, {
      name: "staging", targetUrl: `${target.url}/rule{path}`, headers: { add: [["X-Env", "staging"]], remove: ["X-Secret"] },
      conditions: [{ type: "method", in: ["DELETE"] }],
    });
    expect(rule.status).toBe(201);
    expect((await alice.json("PATCH", `/api/endpoints/${ep.id}/rules/${rule.body.id}`, { paused: true })).status).toBe(200);
    const json = Buffer.from(`{"type":"charge.succeeded","amount":4200}`);
    const rid = await capture(server.port, ep.slug, "POST", "/stripe", [["Content-Type", "application/json"], ["X-Secret", "s"]], json);

    const res = await replay(alice, ep.id, rid, { ruleId: rule.body.id });
    expect(res.status).toBe(201);
    expect((await settled(alice, ep.id, rid, res.body.deliveryId)).state).toBe("succeeded");
    const [got] = target.at("/rule");
    expect(got.url).toBe("/rule/stripe");
    expect(got.body.equals(json)).toBe(true);
    expect(got.header("x-env")).toBe("staging");
    expect(got.header("x-secret")).toBeUndefined();
  });

  it("sends exactly the edit: method, the full header list given, the new body; and keeps it with the attempt", async () => {
    const ep = await newEndpoint(alice);
    const rid = await capture(server.port, ep.slug, "POST", "/orig", [["Content-Type", "application/json"], ["X-Keep", "no"]], `{"a":1}`);
    target.route("/edited", (req, res) => res.writeHead(200).end(`echo ${req.body.toString()}`));
    const edited: [string, string][] = [["Content-Type", "text/plain; charset=utf-8"], ["X-Edited", "1"], ["x-edited", "2"], ["Authorization", "Bearer local"]];
    const body = Buffer.from("edited ✓ body");

    const res = await replay(alice, ep.id, rid, { targetUrl: `${target.url}/edited`, edit: { method: "PUT", headers: edited, bodyBase64: body.toString("base64") } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = await settled(alice, ep.id, rid, res.body.deliveryId);

    const [got] = target.at("/edited");
    expect(got.method).toBe("PUT");
    expect(sha256(got.body)).toBe(sha256(body));
    // Nothing added, nothing kept from the original: only what the sender must set (Host, Content-Length, Connection).
    expect(without(pairs(got.rawHeaders), FRAMING)).toEqual(edited);
    expect(got.header("content-length")).toBe(String(body.length));
    expect(d.sent).toEqual({ url: `${target.url}/edited`, method: "PUT", headers: edited, bodyBase64: body.toString("base64") });
    expect(d.attempts[0].responseText).toBe(`echo ${body.toString()}`);
  });

  it("re-signs with the endpoint's secret: an edited body with a fresh timestamp verifies at the receiver", async () => {
    const ep = await newEndpoint(alice);
    const key = randomBytes(24);
    const setting = await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "standard-webhooks", secret: `whsec_${key.toString("base64")}` });
    expect(setting.status, JSON.stringify(setting.body)).toBe(201);
    const sign = (id: string, ts: number, body: Buffer) => `v1,${createHmac("sha256", key).update(`${id}.${ts}.`).update(body).digest("base64")}`;
    const old = 1_600_000_000;
    const original = Buffer.from(`{"type":"invoice.paid"}`);
    const rid = await capture(server.port, ep.slug, "POST", "/", [["webhook-id", "msg_1"], ["webhook-timestamp", String(old)], ["webhook-signature", sign("msg_1", old, original)]], original);
    const edited = Buffer.from(`{"type":"invoice.paid","edited":true}`);

    const before = Math.floor(Date.now() / 1000);
    const res = await replay(alice, ep.id, rid, { targetUrl: `${target.url}/resigned`, resign: true, edit: { bodyBase64: edited.toString("base64") } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await settled(alice, ep.id, rid, res.body.deliveryId);
    const [got] = target.at("/resigned");
    const ts = Number(got.header("webhook-timestamp"));
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(got.header("webhook-id")).toBe("msg_1");
    expect(got.header("webhook-signature")).toBe(sign("msg_1", ts, got.body));
    expect(got.body.equals(edited)).toBe(true);
    expect(pairs(got.rawHeaders).filter(([n]) => n.toLowerCase() === "webhook-signature")).toHaveLength(1);
  });

  it("remembers URLs typed in, newest first, next to the endpoint's rules", async () => {
    const ep = await newEndpoint(alice);
    const rid = await capture(server.port, ep.slug, "POST", "/", [], "x");
    for (const path of ["/one", "/two", "/one"]) expect((await replay(alice, ep.id, rid, { targetUrl: `${target.url}${path}` })).status).toBe(201);
    const targets = await alice.json("GET", `/api/endpoints/${ep.id}/replay-targets`);
    expect(targets.body).toEqual({ rules: [], recentUrls: [`${target.url}/one`, `${target.url}/two`] });
    expect((await bob.json("GET", `/api/endpoints/${ep.id}/replay-targets`)).status).toBe(404);
  });

  it("goes through the SSRF guard: a private address is refused and recorded as failed", async () => {
    const ep = await newEndpoint(carol);
    const rid = await capture(guarded.port, ep.slug, "POST", "/", [], "x");
    const res = await replay(carol, ep.id, rid, { targetUrl: "http://127.0.0.1:9/" });
    expect(res.status).toBe(201);
    const d = await settled(carol, ep.id, rid, res.body.deliveryId);
    expect(d.state).toBe("failed");
    expect(d.attempts[0].error).toMatch(/^blocked: /);
  });

  it("refuses bad input with 422 naming the field, and other users' requests with 404", async () => {
    const ep = await newEndpoint(alice);
    const rid = await capture(server.port, ep.slug, "POST", "/", [], "x");
    const cases: [unknown, string][] = [
      [{}, "targetUrl"],
      [{ targetUrl: `${target.url}/x`, ruleId: "r" }, "targetUrl"],
      [{ targetUrl: "ftp://example.com/" }, "targetUrl"],
      [{ targetUrl: `${target.url}/x`, edit: { headers: [["X-Ok", "1"], ["Content-Length", "5"]] } }, "edit.headers.1.0"],
      [{ targetUrl: `${target.url}/x`, edit: { headers: [["X-Bad", "a\r\nInjected: 1"]] } }, "edit.headers.0.1"],
      [{ targetUrl: `${target.url}/x`, edit: { method: "GET /x" } }, "edit.method"],
      [{ targetUrl: `${target.url}/x`, edit: { bodyBase64: "not base64!" } }, "edit.bodyBase64"],
      [{ targetUrl: `${target.url}/x`, resign: true }, "resign"],
    ];
    for (const [body, field] of cases) {
      const res = await replay(alice, ep.id, rid, body);
      expect([res.status, res.body.error?.field], JSON.stringify(body)).toEqual([422, field]);
    }
    expect((await replay(alice, ep.id, rid, { ruleId: "no-such-rule" })).status).toBe(404);
    expect((await replay(bob, ep.id, rid, { targetUrl: `${target.url}/x` })).status).toBe(404);
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/requests/${rid}/deliveries`)).body.deliveries).toEqual([]);
  });
});
