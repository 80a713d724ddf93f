import { openTestDb } from "./helpers/databases";
import { createHmac } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { eventually, startTarget, type Target } from "./helpers/forward-target";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { sendRaw } from "./helpers/inbound";

/** Issue 14 over real HTTP: settings, results at capture, explanations, duplicates, rules, re-check. */
let server: AppServer;
let target: Target;
let alice: ApiClient;
beforeAll(async () => {
  target = await startTarget();
  server = await startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32" } });
  alice = await signedInClient(server.url, "sig@example.com");
});
afterAll(async () => {
  await server.stop();
  await removeDir(server.dataDir);
  await target.close();
});

const GITHUB_SECRET = "It's a Secret to Everybody";
const hex = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest("hex");
const b64 = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest("base64");

async function endpoint() {
  return (await alice.json("POST", "/api/endpoints", { name: "signed" })).body as { id: string; slug: string };
}
async function send(slug: string, headers: [string, string][], body: string) {
  const res = await sendRaw(server.port, "POST", `/h/${slug}`, [["Content-Type", "application/json"], ...headers], body);
  expect(res.status).toBe(200);
  return JSON.parse(res.body.toString()).id as string;
}
const detail = async (epId: string, rid: string) => (await alice.json("GET", `/api/endpoints/${epId}/requests/${rid}`)).body;

describe("verification settings", () => {
  it("keeps secrets encrypted and never sends them back; refuses bad settings naming the field", async () => {
    const ep = await endpoint();
    const created = await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "github", secret: GITHUB_SECRET });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scheme: "github", header: "X-Hub-Signature-256", secretHint: "body" });
    const listed = await alice.json("GET", `/api/endpoints/${ep.id}/verifications`);
    for (const text of [JSON.stringify(created.body), JSON.stringify(listed.body)]) expect(text).not.toContain("Secret to");
    const db = await openTestDb(server.env.DATABASE_URL!);
    expect(JSON.stringify(await db.query(`SELECT * FROM "Verification"`))).not.toContain("Secret to");
    await db.close();

    for (const [body, field] of [
      [{ scheme: "paypal", secret: "x".repeat(10) }, "scheme"],
      [{ scheme: "github" }, "secret"],
      [{ scheme: "standard-webhooks", secret: "whsec_!!!notbase64!!!" }, "secret"],
      [{ scheme: "hmac", secret: "long-enough" }, "header"],
    ] as const) {
      const res = await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.field).toBe(field);
    }
  });
});

describe("results at capture", () => {
  it("marks a correctly signed GitHub delivery valid and a wrong one invalid, with the reason and proofs", async () => {
    const ep = await endpoint();
    await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "github", secret: GITHUB_SECRET });
    const body = '{"action":"opened","number":1}';
    const good = await send(ep.slug, [["X-Hub-Signature-256", `sha256=${hex(GITHUB_SECRET, body)}`]], body);
    // What a framework that re-parsed the JSON would have signed: the compact re-serialisation.
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    const bad = await send(ep.slug, [["X-Hub-Signature-256", `sha256=${hex(GITHUB_SECRET, body)}`]], pretty);
    const noPrefix = await send(ep.slug, [["X-Hub-Signature-256", hex(GITHUB_SECRET, body)]], body);

    const list = (await alice.json("GET", `/api/endpoints/${ep.id}/requests`)).body.requests as { id: string; signatureStatus: string }[];
    expect(Object.fromEntries(list.map((r) => [r.id, r.signatureStatus]))).toEqual({ [good]: "valid", [bad]: "invalid", [noPrefix]: "invalid" });
    expect((await detail(ep.id, good)).signature).toMatchObject({ status: "valid", scheme: "github", secretHint: "body" });
    const explained = (await detail(ep.id, bad)).signature;
    expect(explained).toMatchObject({ status: "invalid", scheme: "github", header: "X-Hub-Signature-256" });
    expect(explained.receivedPrefix).toBe(hex(GITHUB_SECRET, body).slice(0, 8));
    expect(explained.expectedPrefix).toBe(hex(GITHUB_SECRET, pretty).slice(0, 8));
    expect(explained.diagnosis.join(" ")).toMatch(/re-serialised copy of the JSON body/);
    expect((await detail(ep.id, noPrefix)).signature.diagnosis.join(" ")).toMatch(/sha256=/);
    expect(JSON.stringify(await detail(ep.id, bad))).not.toContain("Secret to");
  });

  it("explains a secret used in the wrong encoding (Standard Webhooks secret not base64-decoded)", async () => {
    const ep = await endpoint();
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "standard-webhooks", secret });
    const body = '{"type":"invoice.paid"}';
    const ts = Math.floor(Date.now() / 1000);
    const signed = `msg_1.${ts}.${body}`;
    const right = await send(ep.slug, [["webhook-id", "msg_1"], ["webhook-timestamp", String(ts)], ["webhook-signature", `v1,${b64(Buffer.from(secret.slice(6), "base64"), signed)}`]], body);
    const raw = await send(ep.slug, [["webhook-id", "msg_2"], ["webhook-timestamp", String(ts)], ["webhook-signature", `v1,${b64(secret, `msg_2.${ts}.${body}`)}`]], body);
    expect((await detail(ep.id, right)).signature.status).toBe("valid");
    const wrong = (await detail(ep.id, raw)).signature;
    expect(wrong.status).toBe("invalid");
    expect(wrong.diagnosis).toContain("Matches if the secret is used as raw text instead of base64-decoded.");
  });

  it("says expired with the skew when a Stripe timestamp is too old", async () => {
    const ep = await endpoint();
    const secret = "whsec_stripe_test_secret_123";
    await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "stripe", secret });
    const body = '{"id":"evt_1","type":"charge.succeeded"}';
    const t = Math.floor(Date.now() / 1000) - 412;
    const rid = await send(ep.slug, [["Stripe-Signature", `t=${t},v1=${hex(secret, `${t}.${body}`)}`]], body);
    const sig = (await detail(ep.id, rid)).signature;
    expect(sig.status).toBe("expired");
    expect(sig.skewSeconds).toBeGreaterThanOrEqual(412);
    expect(sig.diagnosis.join(" ")).toMatch(/41\d s old \(tolerance 300 s\)/);
  });

  it("rotation: a signature from the older secret still verifies, and says which secret matched", async () => {
    const ep = await endpoint();
    const old = await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "shopify", secret: "old-secret-a1b2" });
    const rotated = await alice.json("POST", `/api/endpoints/${ep.id}/verifications/${old.body.id}/secrets`, { secret: "new-secret-c3d4" });
    expect(rotated.body.secrets.map((s: { hint: string }) => s.hint)).toEqual(["c3d4", "a1b2"]);
    const body = '{"order":1}';
    const rid = await send(ep.slug, [["X-Shopify-Hmac-Sha256", b64("old-secret-a1b2", body)]], body);
    expect((await detail(ep.id, rid)).signature).toMatchObject({ status: "valid", secretHint: "a1b2" });
    const removed = await alice.json("DELETE", `/api/endpoints/${ep.id}/verifications/${old.body.id}/secrets/${rotated.body.secrets[1].id}`);
    expect(removed.body.secrets.map((s: { hint: string }) => s.hint)).toEqual(["c3d4"]);
    const after = await send(ep.slug, [["X-Shopify-Hmac-Sha256", b64("old-secret-a1b2", body)]], body);
    expect((await detail(ep.id, after)).signature.status).toBe("invalid");
  });
});

describe("duplicates, search, rules and re-checks", () => {
  it("flags a repeated provider delivery id as a duplicate of the first, and finds it with is:duplicate", async () => {
    const ep = await endpoint();
    const first = await send(ep.slug, [["X-GitHub-Delivery", "d-1"]], "{}");
    const other = await send(ep.slug, [["X-GitHub-Delivery", "d-2"]], "{}");
    const again = await send(ep.slug, [["X-GitHub-Delivery", "d-1"]], "{}");
    const list = (await alice.json("GET", `/api/endpoints/${ep.id}/requests`)).body.requests as { id: string; seq: number; duplicateOf: string | null; duplicateOfSeq: number | null }[];
    const byId = Object.fromEntries(list.map((r) => [r.id, r]));
    expect(byId[again]).toMatchObject({ duplicateOf: first, duplicateOfSeq: byId[first].seq });
    expect([byId[first].duplicateOf, byId[other].duplicateOf]).toEqual([null, null]);
    expect((await detail(ep.id, again)).duplicateOf).toBe(first);
    const dups = (await alice.json("GET", `/api/endpoints/${ep.id}/requests?q=is:duplicate`)).body.requests.map((r: { id: string }) => r.id);
    expect(dups).toEqual([again]);
  });

  it("searches by result and lets a forwarding rule require a valid signature", async () => {
    const ep = await endpoint();
    await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "github", secret: GITHUB_SECRET });
    const rule = await alice.json("POST", `/api/endpoints/${ep.id}/rules`, { name: "valid only", targetUrl: `${target.url}/signed{path}`, conditions: [{ type: "signature", status: "valid" }] });
    expect(rule.status).toBe(201);
    const body = '{"a":1}';
    const valid = await send(ep.slug, [["X-Hub-Signature-256", `sha256=${hex(GITHUB_SECRET, body)}`]], body);
    await send(ep.slug, [["X-Hub-Signature-256", `sha256=${hex("wrong", body)}`]], body);
    await send(ep.slug, [], body);
    await eventually(() => (target.at("/signed").length >= 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(target.at("/signed").map((r) => r.header("idempotency-key"))).toEqual([valid]);
    const q = async (query: string) => (await alice.json("GET", `/api/endpoints/${ep.id}/requests?q=${encodeURIComponent(query)}`)).body.requests.length;
    expect([await q("sig:valid"), await q("sig:invalid"), await q("sig:missing"), await q("-sig:valid")]).toEqual([1, 1, 1, 2]);
  });

  it("re-checks stored requests after the settings change", async () => {
    const ep = await endpoint();
    const body = '{"b":2}';
    const rid = await send(ep.slug, [["X-Hub-Signature-256", `sha256=${hex(GITHUB_SECRET, body)}`]], body);
    expect((await detail(ep.id, rid)).signature.status).toBe("none");
    await alice.json("POST", `/api/endpoints/${ep.id}/verifications`, { scheme: "github", secret: GITHUB_SECRET });
    const started = await alice.json("POST", `/api/endpoints/${ep.id}/verifications/recheck`);
    expect(started.status).toBe(202);
    const job = await eventually(async () => {
      const j = (await alice.json("GET", `/api/endpoints/${ep.id}/verifications/recheck`)).body.job;
      return j?.state === "finished" ? j : undefined;
    });
    expect(job).toMatchObject({ done: 1, total: 1, changed: 1 });
    expect((await detail(ep.id, rid)).signature.status).toBe("valid");
  });
});
