import dns from "node:dns/promises";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, signedInClient } from "./helpers/http-client";
import { freePort, removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { eventually, ok, pairs, sendRawHttp, sleep, startTarget, status, type Target } from "./helpers/forward-target";

/**
 * Forwarding against the real server (server.ts over the production build): rules API, the
 * delivery engine, the SSRF-guarded sender and a local target that records every request exactly.
 */

type Attempt = {
  startedAt: string;
  target: string;
  status: number | null;
  durationMs: number;
  error: string | null;
  responseHeaders: [string, string][];
  responseBodyBase64: string | null;
  responseText: string | null;
};
type Delivery = {
  id: string;
  ruleId: string;
  ruleName: string;
  state: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  attempts: Attempt[];
};

const FAST = { count: 5, backoff: "fixed", baseMs: 300, capMs: 1000 } as const;
const ONCE = { count: 0, backoff: "fixed", baseMs: 100, capMs: 1000 } as const;
const FINAL = new Set(["succeeded", "failed", "cancelled"]);

let target: Target;
let main: AppServer; // FORWARD_ALLOW_CIDRS=127.0.0.1/32
let open: AppServer; // no allow-list: the SSRF guard's defaults
let pausing: AppServer; // allow-list and FORWARD_PAUSE_AFTER_FAILURES=3
let alice: ApiClient;
let bob: ApiClient;
let carol: ApiClient; // on `open`
let dave: ApiClient; // on `pausing`

beforeAll(async () => {
  target = await startTarget();
  [main, open, pausing] = await Promise.all([
    startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32" } }),
    startAppServer(),
    startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32", FORWARD_PAUSE_AFTER_FAILURES: "3" } }),
  ]);
  alice = await signedInClient(main.url, "alice@example.com");
  bob = await signedInClient(main.url, "bob@example.com");
  carol = await signedInClient(open.url, "carol@example.com");
  dave = await signedInClient(pausing.url, "dave@example.com");
});

afterAll(async () => {
  for (const s of [main, open, pausing]) {
    if (!s) continue;
    await s.stop();
    await removeDir(s.dataDir);
  }
  await target?.close();
});

async function newEndpoint(client: ApiClient): Promise<{ id: string; slug: string }> {
  const res = await client.json("POST", "/api/endpoints", {});
  expect(res.status).toBe(201);
  return res.body;
}

async function newRule(client: ApiClient, endpointId: string, rule: Record<string, unknown>) {
  const res = await client.json("POST", `/api/endpoints/${endpointId}/rules`, { name: "rule", ...rule });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; pausedAt: string | null; pausedReason: string | null; consecutiveFailures: number };
}

/** Sends one inbound request and returns the captured request id from the endpoint's default answer. */
async function capture(server: AppServer, slug: string, subPath = "/", init: RequestInit = {}): Promise<string> {
  const res = await fetch(`${server.url}/h/${slug}${subPath}`, { method: "POST", ...init });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text).id;
}

async function deliveries(client: ApiClient, endpointId: string, requestId: string): Promise<Delivery[]> {
  const res = await client.json("GET", `/api/endpoints/${endpointId}/requests/${requestId}/deliveries`);
  expect(res.status).toBe(200);
  return res.body.deliveries;
}

/** Waits until the request has `count` deliveries and all are in a final state. */
async function settled(client: ApiClient, endpointId: string, requestId: string, count = 1, timeoutMs = 10_000): Promise<Delivery[]> {
  let last: Delivery[] = [];
  try {
    return await eventually(async () => {
      last = await deliveries(client, endpointId, requestId);
      return last.length === count && last.every((d) => FINAL.has(d.state)) ? last : undefined;
    }, timeoutMs, "deliveries to settle");
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last, null, 1)}`);
  }
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe("forwarding to a live target", () => {
  it("forwards only the requests that match every condition, with the body bytes unchanged", async () => {
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, {
      name: "paid orders",
      targetUrl: `${target.url}/cond{path}?{query}`,
      conditions: [
        { type: "method", in: ["POST"] },
        { type: "json", path: "event.type", op: "equals", value: "order.paid" },
      ],
      retry: FAST,
    });
    const json = (s: string) => ({ body: s, headers: { "content-type": "application/json" } });
    const matching = `{ "event" : {"type":"order.paid"},\n  "n": 1 }`;
    const hit = await capture(main, ep.slug, "/orders", json(matching));
    const wrongValue = await capture(main, ep.slug, "/orders", json(`{"event":{"type":"order.created"}}`));
    const wrongMethod = await capture(main, ep.slug, "/orders", { method: "PUT", ...json(matching) });
    const notJson = await capture(main, ep.slug, "/orders", { body: "event.type=order.paid" });
    const numberNotString = await capture(main, ep.slug, "/orders", json(`{"event":{"type":["order.paid"]}}`));

    const [d] = await settled(alice, ep.id, hit);
    expect(d.state).toBe("succeeded");
    // Non-matching requests get no delivery at all (decided in the capture commit).
    for (const rid of [wrongValue, wrongMethod, notJson, numberNotString]) expect(await deliveries(alice, ep.id, rid)).toEqual([]);
    await sleep(300);
    const got = target.at("/cond");
    expect(got).toHaveLength(1);
    expect(got[0].method).toBe("POST");
    expect(got[0].url).toBe("/cond/orders");
    expect(got[0].body.equals(Buffer.from(matching))).toBe(true);
    expect(got[0].header("idempotency-key")).toBe(hit);
  });

  it("forwards on negated conditions: requests where they do not hold", async () => {
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, {
      name: "not tests, not refunds",
      targetUrl: `${target.url}/neg{path}`,
      conditions: [
        { type: "header", name: "x-test", op: "exists", not: true },
        { type: "json", path: "type", op: "matches", pattern: "^refund", not: true },
      ],
      retry: FAST,
    });
    const json = { "content-type": "application/json" };
    const hit = await capture(main, ep.slug, "/a", { body: `{"type":"charge"}`, headers: json });
    const notJson = await capture(main, ep.slug, "/b", { body: "type=refund" }); // no such field: the negation holds
    const test = await capture(main, ep.slug, "/c", { body: `{"type":"charge"}`, headers: { ...json, "x-test": "1" } });
    const refund = await capture(main, ep.slug, "/d", { body: `{"type":"refund.created"}`, headers: json });

    for (const rid of [hit, notJson]) expect((await settled(alice, ep.id, rid))[0].state).toBe("succeeded");
    for (const rid of [test, refund]) expect(await deliveries(alice, ep.id, rid)).toEqual([]);
    expect(target.at("/neg").map((r) => r.url).sort()).toEqual(["/neg/a", "/neg/b"]);
  });

  it("sends method, path and query, exact binary body and the original headers in order, and records the answer", async () => {
    const ep = await newEndpoint(alice);
    const rule = await newRule(alice, ep.id, { name: "mirror", targetUrl: `${target.url}/bin{path}?{query}`, retry: FAST });
    target.route("/bin", (_req, res) => {
      res.writeHead(201, [
        ["Content-Type", "text/plain; charset=utf-8"],
        ["X-Target-Reply", "yes"],
        ["X-Multi", "a"],
        ["X-Multi", "b"],
      ]);
      res.end("accepted ✓");
    });

    // Chunked on the way in: the forward must re-frame the same 256 bytes with a Content-Length.
    const chunked = Buffer.concat([
      Buffer.from("80\r\n"), ALL_BYTES.subarray(0, 128), Buffer.from("\r\n80\r\n"), ALL_BYTES.subarray(128), Buffer.from("\r\n0\r\n\r\n"),
    ]);
    const sent: [string, string][] = [
      ["Host", "Hooks.Example.test:8443"],
      ["X-Signature", "t=1,v1=abc"],
      ["content-type", "application/octet-stream"],
      ["X-Dup", "one"],
      ["Keep-Alive", "timeout=5"],
      ["x-dup", "two"],
      ["Proxy-Authorization", "Basic Zm9vOmJhcg=="],
      ["TE", "trailers"],
      ["X-Hop", "named by Connection"],
      ["Connection", "close, X-Hop"],
      ["Proxy-Connection", "keep-alive"],
      ["Idempotency-Key", "sender-supplied"],
      ["X-Webhook-Inbox-Request-Id", "forged"],
      ["Transfer-Encoding", "chunked"],
      ["X-Empty", ""],
      ["X-Dup", "three"],
    ];
    const inboundPath = "/sub/dir%20x/file.json?b=2&a=1&a=%2F&empty=";
    const head = `PATCH /h/${ep.slug}${inboundPath} HTTP/1.1\r\n${sent.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;
    const inbound = await sendRawHttp(main.port, head, chunked);
    expect(inbound.status).toBe(200);
    const rid = JSON.parse(inbound.body).id as string;

    const [d] = await settled(alice, ep.id, rid);
    const got = target.at("/bin");
    expect(got).toHaveLength(1);
    const r = got[0];
    expect(r.method).toBe("PATCH");
    expect(r.url).toBe(`/bin${inboundPath}`);
    expect(r.body.equals(ALL_BYTES)).toBe(true);
    expect(pairs(r.rawHeaders)).toEqual([
      ["Host", `127.0.0.1:${target.port}`],
      ["X-Signature", "t=1,v1=abc"],
      ["content-type", "application/octet-stream"],
      ["X-Dup", "one"],
      ["x-dup", "two"],
      ["X-Empty", ""],
      ["X-Dup", "three"],
      ["X-Forwarded-For", "127.0.0.1"],
      ["X-Forwarded-Host", "Hooks.Example.test:8443"],
      ["Idempotency-Key", rid],
      ["X-Webhook-Inbox-Request-Id", rid],
      ["Content-Length", "256"],
      // Added by Node's client for its own (non-keep-alive) connection, after everything forwarded.
      ["Connection", "close"],
    ]);

    expect(d).toMatchObject({
      ruleId: rule.id,
      ruleName: "mirror",
      state: "succeeded",
      attemptCount: 1,
      nextAttemptAt: null,
      lastError: null,
    });
    expect(d.attempts).toHaveLength(1);
    const a = d.attempts[0];
    expect(a.target).toBe(`${target.url}/bin${inboundPath}`);
    expect(a.status).toBe(201);
    expect(a.error).toBeNull();
    expect(a.responseText).toBe("accepted ✓");
    expect(Buffer.from(a.responseBodyBase64!, "base64").toString("utf8")).toBe("accepted ✓");
    expect(a.responseHeaders).toEqual(
      expect.arrayContaining([
        ["Content-Type", "text/plain; charset=utf-8"],
        ["X-Target-Reply", "yes"],
        ["X-Multi", "a"],
        ["X-Multi", "b"],
      ]),
    );
    expect(a.responseHeaders.findIndex(([n]) => n === "X-Multi")).toBeLessThan(a.responseHeaders.findLastIndex(([n]) => n === "X-Multi"));
    expect(Number.isInteger(a.durationMs) && a.durationMs >= 0).toBe(true);
    expect(Date.parse(a.startedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("forwards a 1 MiB body exactly and keeps at most 64 KiB of a binary answer", async () => {
    const big = Buffer.alloc(1 << 20);
    for (let i = 0, x = 12345; i < big.length; i++) big[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const answer = Buffer.concat([ALL_BYTES, Buffer.alloc(100 * 1024, 0xab)]);
    target.route("/big", (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.end(answer);
    });
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/big`, retry: FAST });
    const rid = await capture(main, ep.slug, "/", { body: big, headers: { "content-type": "application/octet-stream" } });
    const [d] = await settled(alice, ep.id, rid);
    expect(d.state).toBe("succeeded");
    const [r] = target.at("/big");
    expect(r.body.length).toBe(big.length);
    expect(r.body.equals(big)).toBe(true);
    expect(r.header("content-length")).toBe(String(big.length));
    const kept = Buffer.from(d.attempts[0].responseBodyBase64!, "base64");
    expect(kept.length).toBe(64 * 1024);
    expect(kept.equals(answer.subarray(0, 64 * 1024))).toBe(true);
    expect(d.attempts[0].responseText).toBeNull(); // not UTF-8
  });

  it("drops {query} and its separator when the request has no query; {path} is empty for the bare URL", async () => {
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/bare{path}?{query}`, retry: FAST });
    const a = await capture(main, ep.slug, "");
    const b = await capture(main, ep.slug, "/x/y");
    await settled(alice, ep.id, a);
    await settled(alice, ep.id, b);
    const urls = target.at("/bare").map((r) => [r.header("idempotency-key"), r.url]);
    expect(urls).toEqual(expect.arrayContaining([[a, "/bare"], [b, "/bare/x/y"]]));
    expect(urls).toHaveLength(2);
  });

  // target-url.ts: "Nothing is decoded or re-encoded, so the target sees exactly the bytes the
  // sender sent (signatures over the URL keep working)." The server accepts these request targets and
  // stores them verbatim; the forward must not rewrite them either.
  async function forwardRaw(templatePath: string, subPath: string) {
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}${templatePath}`, retry: FAST });
    const res = await sendRawHttp(main.port, `POST /h/${ep.slug}${subPath} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
    const rid = JSON.parse(res.body).id as string;
    const stored = (await alice.json("GET", `/api/endpoints/${ep.id}/requests/${rid}`)).body;
    expect(stored.path + (stored.query ? `?${stored.query}` : "")).toBe(subPath);
    expect((await settled(alice, ep.id, rid))[0].state).toBe("succeeded");
    return target.received.filter((r) => r.header("idempotency-key") === rid).map((r) => r.url);
  }

  it("keeps dot segments in {path}: a sender cannot climb out of the template's path prefix", async () => {
    // Template ".../hooks/in{path}": "/h/<slug>/../../admin" must not become "/admin" on the target.
    expect(await forwardRaw("/hooks/in{path}?{query}", "/../../admin/users?delete=1")).toEqual(["/hooks/in/../../admin/users?delete=1"]);
    expect(await forwardRaw("/hooks/in{path}", "/a/./b/%2e%2E/c")).toEqual(["/hooks/in/a/./b/%2e%2E/c"]);
  });

  it("forwards the query bytes unchanged (no re-encoding)", async () => {
    expect(await forwardRaw("/q{path}?{query}", "/x?name='quoted'&s=%7e~")).toEqual(["/q/x?name='quoted'&s=%7e~"]);
  });

  it("applies the rule's headers.remove and headers.add, independently per rule", async () => {
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, {
      name: "rewrite",
      targetUrl: `${target.url}/hdr-a`,
      headers: {
        add: [["Authorization", "Bearer t0k"], ["X-Replace", "new"], ["X-Extra", "1"], ["X-Extra", "2"]],
        remove: ["x-secret", "User-Agent", "X-Replace", "X-Forwarded-For"],
      },
      retry: FAST,
    });
    await newRule(alice, ep.id, { name: "plain", targetUrl: `${target.url}/hdr-b`, retry: FAST });
    const sent: [string, string][] = [
      ["Host", "in.example"],
      ["User-Agent", "sender/1.0"],
      ["X-Secret", "s3cret"],
      ["X-Replace", "old"],
      ["X-Keep", "kept"],
      ["X-Forwarded-For", "203.0.113.9, 198.51.100.2"],
      ["Content-Length", "2"],
      ["Connection", "close"],
    ];
    const res = await sendRawHttp(main.port, `POST /h/${ep.slug} HTTP/1.1\r\n${sent.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`, Buffer.from("{}"));
    expect(res.status).toBe(200);
    const rid = JSON.parse(res.body).id;
    const ds = await settled(alice, ep.id, rid, 2);
    expect(ds.map((d) => d.state)).toEqual(["succeeded", "succeeded"]);

    const [a] = target.at("/hdr-a");
    expect(pairs(a.rawHeaders)).toEqual([
      ["Host", `127.0.0.1:${target.port}`],
      ["X-Keep", "kept"],
      ["X-Forwarded-Host", "in.example"],
      ["Idempotency-Key", rid],
      ["X-Webhook-Inbox-Request-Id", rid],
      ["Authorization", "Bearer t0k"],
      ["X-Replace", "new"],
      ["X-Extra", "1"],
      ["X-Extra", "2"],
      ["Content-Length", "2"],
      ["Connection", "close"],
    ]);
    // The other rule is unaffected, and appends the sender's address to the sender's XFF chain.
    const [b] = target.at("/hdr-b");
    expect(pairs(b.rawHeaders)).toEqual([
      ["Host", `127.0.0.1:${target.port}`],
      ["User-Agent", "sender/1.0"],
      ["X-Secret", "s3cret"],
      ["X-Replace", "old"],
      ["X-Keep", "kept"],
      ["X-Forwarded-For", "203.0.113.9, 198.51.100.2, 127.0.0.1"],
      ["X-Forwarded-Host", "in.example"],
      ["Idempotency-Key", rid],
      ["X-Webhook-Inbox-Request-Id", rid],
      ["Content-Length", "2"],
      ["Connection", "close"],
    ]);
  });
});

describe("outcomes and retries", () => {
  it("retries 500s on the rule's schedule until the target answers 2xx", async () => {
    target.route("/flaky500", (_req, res, nth) => (nth < 2 ? status(500, {}, "boom")(_req, res, nth) : ok(_req, res, nth)));
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/flaky500`, retry: FAST });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    expect(d.state).toBe("succeeded");
    expect(d.attemptCount).toBe(3);
    expect(d.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(d.attempts.map((a) => a.responseText)).toEqual(["boom", "boom", "ok"]);
    expect(d.attempts.map((a) => a.error)).toEqual(["HTTP 500", "HTTP 500", null]);
    expect(d.lastError).toBeNull();

    const got = target.at("/flaky500");
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.header("idempotency-key")))).toEqual(new Set([rid]));
    // Fixed 300 ms +/- 10% jitter between attempts.
    for (let i = 1; i < got.length; i++) expect(got[i].at - got[i - 1].at).toBeGreaterThanOrEqual(250);
  });

  it("stops at once on 410 Gone", async () => {
    target.route("/gone", status(410));
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/gone`, retry: FAST });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    await sleep(700); // two retry intervals: nothing more may come
    const again = (await deliveries(alice, ep.id, rid))[0];
    expect(again.state).toBe("failed");
    expect(again.attemptCount).toBe(1);
    expect(again.attempts.map((a) => a.status)).toEqual([410]);
    expect(again.lastError).toMatch(/410/);
    expect(d.nextAttemptAt).toBeNull();
    expect(target.at("/gone")).toHaveLength(1);
  });

  it("does not follow a 302: the attempt fails with a redirect error and the Location is never requested", async () => {
    target.route("/redir", status(302, { Location: `${target.url}/landing` }));
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/redir`, retry: { ...FAST, count: 1 } });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    expect(d.state).toBe("failed");
    expect(d.attempts.map((a) => a.status)).toEqual([302, 302]);
    for (const a of d.attempts) expect(a.error).toMatch(/redirect not followed/);
    expect(d.attempts[0].error).toContain(`${target.url}/landing`);
    await sleep(300);
    expect(target.at("/redir")).toHaveLength(2);
    expect(target.at("/landing")).toHaveLength(0);
  });

  it("honours Retry-After on 429 over the rule's shorter schedule", async () => {
    target.route("/busy", (req, res, nth) => (nth === 0 ? status(429, { "Retry-After": "1" })(req, res, nth) : ok(req, res, nth)));
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/busy`, retry: FAST });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    expect(d.state).toBe("succeeded");
    expect(d.attempts.map((a) => a.status)).toEqual([429, 200]);
    const got = target.at("/busy");
    expect(got).toHaveLength(2);
    const gap = got[1].at - got[0].at;
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(5000); // 1 s, not some misread unit
  });

  it("honours Retry-After on 503 as well", async () => {
    target.route("/unavailable", (req, res, nth) => (nth === 0 ? status(503, { "Retry-After": "1" })(req, res, nth) : ok(req, res, nth)));
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/unavailable`, retry: FAST });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    expect(d.attempts.map((a) => a.status)).toEqual([503, 200]);
    const got = target.at("/unavailable");
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(900);
  });

  it("gives up on a target that never answers after the rule's timeoutMs", async () => {
    target.route("/hang", () => {}); // never answers
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/hang`, timeoutMs: 300, retry: ONCE });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    expect(d.state).toBe("failed");
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0].status).toBeNull();
    expect(d.attempts[0].error).toMatch(/timeout/);
    expect(d.attempts[0].durationMs).toBeGreaterThanOrEqual(250);
    expect(d.attempts[0].durationMs).toBeLessThan(5000);
    expect(target.at("/hang")).toHaveLength(1);
  });

  it("enforces timeoutMs as a deadline for the whole answer, not only for idle gaps", async () => {
    // A target that answers headers at once and then trickles a byte every 100 ms never leaves the
    // socket idle for 300 ms; a 300 ms timeout must still end the attempt within a few seconds.
    target.route("/trickle", (_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(".")), 100);
      setTimeout(() => { clearInterval(t); res.end(); }, 15_000);
    });
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/trickle`, timeoutMs: 300, retry: ONCE });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid, 1, 6000);
    expect(d.state).toBe("failed");
    expect(d.attempts[0].error).toMatch(/timeout/);
  });

  it("records connection refused for a port nobody listens on", async () => {
    const port = await freePort();
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `http://127.0.0.1:${port}/`, retry: ONCE });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    expect(d.state).toBe("failed");
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ status: null, error: "connection refused", responseBodyBase64: null, responseHeaders: [] });
    expect(d.lastError).toBe("connection refused");
  });
});

describe("SSRF guard through the real server (no allow-list)", () => {
  it("blocks loopback, private, link-local and disguised loopback targets before connecting", async () => {
    const client = carol;
    const ep = await newEndpoint(client);
    const p = target.port;
    const urls = [
      `http://127.0.0.1:${p}/ssrf`,
      `http://localhost:${p}/ssrf`,
      `http://[::1]:${p}/ssrf`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://10.0.0.1/ssrf`,
      `http://[::ffff:127.0.0.1]:${p}/ssrf`,
      `http://2130706433:${p}/ssrf`,
      `http://127.1:${p}/ssrf`,
      `http://0x7f.0.0.1:${p}/ssrf`,
      `http://0.0.0.0:${p}/ssrf`,
      `http://[::]:${p}/ssrf`,
      `http://LOCALHOST.:${p}/ssrf`,
      `http://api.localhost:${p}/ssrf`,
      `http://192.168.1.1/ssrf`,
      `http://[fe80::1]/ssrf`,
      `http://[fd00::1]/ssrf`,
    ];
    // A name that only DNS (here /etc/hosts) maps to loopback: caught by the guarded lookup.
    const host = os.hostname().toLowerCase();
    const resolved = await dns.lookup(host, { all: true }).catch(() => []);
    const viaDns = resolved.length > 0 && resolved.every((r) => r.address === "127.0.0.1" || r.address.startsWith("127.")) && host !== "localhost";
    if (viaDns) urls.push(`http://${host}:${p}/ssrf`);
    for (const url of urls) await newRule(client, ep.id, { name: url, targetUrl: url, timeoutMs: 1000, retry: { ...FAST, count: 2 } });

    const rid = await capture(open, ep.slug);
    const ds = await settled(client, ep.id, rid, urls.length, 15_000);
    await sleep(500);
    const report = ds.map((d) => ({ url: d.ruleName, state: d.state, attempts: d.attempts.map((a) => [a.status, a.error]) }));
    for (const d of ds) {
      const msg = JSON.stringify(report.find((r) => r.url === d.ruleName));
      expect(d.state, msg).toBe("failed");
      expect(d.attempts, msg).toHaveLength(1); // blocked is final: no retries
      expect(d.attempts[0].status, msg).toBeNull();
      expect(d.attempts[0].error, msg).toMatch(/^blocked:/);
      expect(d.lastError, msg).toMatch(/^blocked:/);
    }
    expect(target.at("/ssrf")).toEqual([]);
  });
});

describe("manual retry and cancel", () => {
  it("retries a failed delivery on request, and it succeeds once the target is healthy", async () => {
    let healthy = false;
    target.route("/manual", (req, res, nth) => (healthy ? ok : status(500))(req, res, nth));
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/manual`, retry: ONCE });
    const rid = await capture(main, ep.slug);
    const [failed] = await settled(alice, ep.id, rid);
    expect(failed.state).toBe("failed");
    expect(failed.attempts.map((a) => a.status)).toEqual([500]);

    healthy = true;
    expect((await alice.request("POST", `/api/endpoints/${ep.id}/deliveries/${failed.id}/retry`)).status).toBe(204);
    const [d] = await eventually(async () => {
      const ds = await deliveries(alice, ep.id, rid);
      return ds[0].state === "succeeded" ? ds : undefined;
    });
    expect(d.id).toBe(failed.id);
    expect(d.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(target.at("/manual").map((r) => r.header("idempotency-key"))).toEqual([rid, rid]);
    // A succeeded delivery is not retryable.
    expect((await alice.json("POST", `/api/endpoints/${ep.id}/deliveries/${d.id}/retry`)).status).toBe(404);
  });

  it("requeues every failed delivery of a rule with retry-failed", async () => {
    let healthy = false;
    target.route("/bulk", (req, res, nth) => (healthy ? ok : status(500))(req, res, nth));
    const ep = await newEndpoint(alice);
    const rule = await newRule(alice, ep.id, { targetUrl: `${target.url}/bulk`, retry: ONCE });
    const rids = [await capture(main, ep.slug), await capture(main, ep.slug), await capture(main, ep.slug)];
    for (const rid of rids) expect((await settled(alice, ep.id, rid))[0].state).toBe("failed");

    healthy = true;
    const res = await alice.json("POST", `/api/endpoints/${ep.id}/rules/${rule.id}/retry-failed`);
    expect(res).toEqual({ status: 200, body: { requeued: 3 } });
    for (const rid of rids) {
      const [d] = await eventually(async () => {
        const ds = await deliveries(alice, ep.id, rid);
        return ds[0].state === "succeeded" ? ds : undefined;
      });
      expect(d.attempts.map((a) => a.status)).toEqual([500, 200]);
    }
    const keys = target.at("/bulk").map((r) => r.header("idempotency-key"));
    expect(keys).toHaveLength(6);
    for (const rid of rids) expect(keys.filter((k) => k === rid)).toHaveLength(2);
    expect((await alice.json("POST", `/api/endpoints/${ep.id}/rules/${rule.id}/retry-failed`)).body).toEqual({ requeued: 0 });
  });

  it("cancels a retrying delivery: no further attempts", async () => {
    target.route("/cancel", status(500));
    const ep = await newEndpoint(alice);
    await newRule(alice, ep.id, { targetUrl: `${target.url}/cancel`, retry: { count: 5, backoff: "fixed", baseMs: 2000, capMs: 2000 } });
    const rid = await capture(main, ep.slug);
    const [retrying] = await eventually(async () => {
      const ds = await deliveries(alice, ep.id, rid);
      return ds[0]?.state === "retrying" ? ds : undefined;
    });
    // Waiting for the next attempt, with the failure recorded and the retry ~2 s after the first attempt.
    expect(retrying).toMatchObject({ attemptCount: 1, lastError: "HTTP 500" });
    expect(retrying.attempts.map((a) => a.status)).toEqual([500]);
    const due = Date.parse(retrying.nextAttemptAt!);
    expect(due - Date.parse(retrying.attempts[0].startedAt)).toBeGreaterThanOrEqual(1500);
    expect((await alice.request("POST", `/api/endpoints/${ep.id}/deliveries/${retrying.id}/cancel`)).status).toBe(204);
    const [cancelled] = await deliveries(alice, ep.id, rid);
    expect(cancelled).toMatchObject({ state: "cancelled", nextAttemptAt: null, attemptCount: 1 });

    await sleep(Math.max(0, due - Date.now()) + 1000); // well past the scheduled retry
    const [after] = await deliveries(alice, ep.id, rid);
    expect(after.state).toBe("cancelled");
    expect(after.attempts).toHaveLength(1);
    expect(target.at("/cancel")).toHaveLength(1);
    // Nothing left to cancel.
    expect((await alice.json("POST", `/api/endpoints/${ep.id}/deliveries/${retrying.id}/cancel`)).status).toBe(404);
  });
});

describe("auto-pause (FORWARD_PAUSE_AFTER_FAILURES=3)", () => {
  it("pauses a rule after 3 consecutive failures, holds what arrives meanwhile, and releases it on PATCH {paused:false}", async () => {
    let healthy = false;
    target.route("/pause-seq", (req, res, nth) => (healthy ? ok : status(500))(req, res, nth));
    const client = dave;
    const ep = await newEndpoint(client);
    const rule = await newRule(client, ep.id, { targetUrl: `${target.url}/pause-seq`, retry: ONCE });

    for (let i = 0; i < 3; i++) {
      const rid = await capture(pausing, ep.slug);
      expect((await settled(client, ep.id, rid))[0].state).toBe("failed");
      if (i < 2) expect((await client.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body.pausedAt).toBeNull();
    }
    const paused = (await client.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body;
    expect(paused.pausedAt).not.toBeNull();
    expect(paused.pausedReason).toMatch(/\b3\b/); // how many failed
    expect(paused.pausedReason).toContain("HTTP 500"); // and the last error
    expect(paused.consecutiveFailures).toBe(3);
    expect((await client.json("GET", `/api/endpoints/${ep.id}/rules`)).body.rules[0].pausedAt).toBe(paused.pausedAt);

    // Paused: new captures get a held delivery for this rule (visible, counted), nothing is sent.
    const whilePaused = await capture(pausing, ep.slug);
    expect((await deliveries(client, ep.id, whilePaused)).map((d) => d.state)).toEqual(["held"]);
    expect((await client.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body.heldCount).toBe(1);
    await sleep(500);
    expect(target.at("/pause-seq")).toHaveLength(3);

    healthy = true;
    const resumed = await client.json("PATCH", `/api/endpoints/${ep.id}/rules/${rule.id}`, { paused: false });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ pausedAt: null, pausedReason: null, consecutiveFailures: 0, heldCount: 0 });
    expect((await settled(client, ep.id, whilePaused))[0].state).toBe("succeeded");
    const after = await capture(pausing, ep.slug);
    const [d] = await settled(client, ep.id, after);
    expect(d.state).toBe("succeeded");
    expect(target.at("/pause-seq").map((r) => r.header("idempotency-key")).slice(-2)).toEqual([whilePaused, after]);
  });

  it("pauses after 3 failures even when the 3 deliveries fail concurrently", async () => {
    target.route("/pause-par", status(500));
    const client = dave;
    const ep = await newEndpoint(client);
    const rule = await newRule(client, ep.id, { targetUrl: `${target.url}/pause-par`, retry: ONCE });
    const rids = await Promise.all([1, 2, 3].map(() => capture(pausing, ep.slug)));
    for (const rid of rids) expect((await settled(client, ep.id, rid))[0].state).toBe("failed");
    const r = (await client.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body;
    expect(target.at("/pause-par")).toHaveLength(3);
    expect(r.consecutiveFailures).toBe(3);
    expect(r.pausedAt).not.toBeNull();
  });

  it("resuming a paused rule delivers what was queued for it meanwhile", async () => {
    // A delivery requeued while the rule is paused (here a manual retry) waits for the rule; once the
    // rule is resumed it must go out on its own, not only when some unrelated capture wakes the engine.
    let healthy = false;
    target.route("/pause-queued", (req, res, nth) => (healthy ? ok : status(500))(req, res, nth));
    const client = dave;
    const ep = await newEndpoint(client);
    const rule = await newRule(client, ep.id, { targetUrl: `${target.url}/pause-queued`, retry: ONCE });
    const rids: string[] = [];
    for (let i = 0; i < 3; i++) {
      rids.push(await capture(pausing, ep.slug));
      expect((await settled(client, ep.id, rids[i]))[0].state).toBe("failed");
    }
    expect((await client.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body.pausedAt).not.toBeNull();

    healthy = true;
    const [first] = await deliveries(client, ep.id, rids[0]);
    expect((await client.request("POST", `/api/endpoints/${ep.id}/deliveries/${first.id}/retry`)).status).toBe(204);
    await sleep(700);
    expect((await deliveries(client, ep.id, rids[0]))[0].state).toBe("pending"); // held while paused
    expect(target.at("/pause-queued")).toHaveLength(3);

    expect((await client.json("PATCH", `/api/endpoints/${ep.id}/rules/${rule.id}`, { paused: false })).status).toBe(200);
    const [d] = await eventually(
      async () => {
        const ds = await deliveries(client, ep.id, rids[0]);
        return ds[0].state === "succeeded" ? ds : undefined;
      },
      5000,
      "the queued delivery to go out after resume",
    ).catch(async (err) => {
      throw new Error(`${err.message}; delivery is ${JSON.stringify((await deliveries(client, ep.id, rids[0]))[0].state)}`);
    });
    expect(d.attempts.map((a) => a.status)).toEqual([500, 200]);
  });
});

describe("rules API", () => {
  it("creates, lists, updates, disables and deletes rules", async () => {
    const ep = await newEndpoint(alice);
    const created = await alice.json("POST", `/api/endpoints/${ep.id}/rules`, { name: "  crud  ", targetUrl: `${target.url}/crud{path}` });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      endpointId: ep.id,
      name: "crud",
      enabled: true,
      targetUrl: `${target.url}/crud{path}`,
      conditions: [],
      headers: { add: [], remove: [] },
      timeoutMs: 15000,
      retry: null,
      consecutiveFailures: 0,
      pausedAt: null,
      pausedReason: null,
      heldCount: 0,
      createdAt: expect.any(String),
    });
    const id = created.body.id;
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules`)).body).toEqual({ rules: [created.body] });
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules/${id}`)).body).toEqual(created.body);

    const disabled = await alice.json("PATCH", `/api/endpoints/${ep.id}/rules/${id}`, { enabled: false, retry: FAST, timeoutMs: 2000 });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, retry: FAST, timeoutMs: 2000, name: "crud" });
    const whileDisabled = await capture(main, ep.slug, "/off");
    expect(await deliveries(alice, ep.id, whileDisabled)).toEqual([]);

    expect((await alice.json("PATCH", `/api/endpoints/${ep.id}/rules/${id}`, { enabled: true })).body.enabled).toBe(true);
    const enabled = await capture(main, ep.slug, "/on");
    expect((await settled(alice, ep.id, enabled))[0].state).toBe("succeeded");
    expect(target.at("/crud").map((r) => r.url)).toEqual(["/crud/on"]);

    expect((await alice.request("DELETE", `/api/endpoints/${ep.id}/rules/${id}`)).status).toBe(204);
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules/${id}`)).status).toBe(404);
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules`)).body).toEqual({ rules: [] });
    const afterDelete = await capture(main, ep.slug, "/gone");
    expect(await deliveries(alice, ep.id, afterDelete)).toEqual([]);
  });

  it("answers 422 naming the bad field", async () => {
    const ep = await newEndpoint(alice);
    const base = { name: "v", targetUrl: `${target.url}/v` };
    const cases: [Record<string, unknown>, string][] = [
      [{ targetUrl: "ftp://x" }, "targetUrl"],
      [{ targetUrl: "not a url" }, "targetUrl"],
      [{ targetUrl: "http://{path}/" }, "targetUrl"],
      [{ targetUrl: "https://api{query}.example.com/" }, "targetUrl"],
      [{ targetUrl: "http://x/{nope}" }, "targetUrl"],
      [{ name: "" }, "name"],
      [{ conditions: [{ type: "nope" }] }, "conditions.0.type"],
      [{ conditions: [{ type: "method", in: ["POST"] }, { type: "header", name: "X-A", op: "matches", pattern: "(" }] }, "conditions.1.pattern"],
      [{ conditions: [{ type: "json", path: "a..b", op: "exists" }] }, "conditions.0.path"],
      [{ retry: { count: 99, backoff: "fixed", baseMs: 300, capMs: 1000 } }, "retry.count"],
      [{ retry: { count: 1, backoff: "random", baseMs: 300, capMs: 1000 } }, "retry.backoff"],
      [{ timeoutMs: 10 }, "timeoutMs"],
      [{ headers: { add: [["Bad Name", "x"]], remove: [] } }, "headers.add.0.0"],
      [{ headers: { add: [], remove: ["a b"] } }, "headers.remove.0"],
    ];
    for (const [patch, field] of cases) {
      const res = await alice.json("POST", `/api/endpoints/${ep.id}/rules`, { ...base, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(422);
      expect(res.body.error, JSON.stringify(patch)).toMatchObject({ code: "validation_failed", field });
    }
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules`)).body.rules).toEqual([]);

    const rule = await newRule(alice, ep.id, base);
    for (const [patch, field] of [
      [{ targetUrl: "ftp://x" }, "targetUrl"],
      [{ timeoutMs: 10 }, "timeoutMs"],
      [{ paused: "yes" }, "paused"],
      [{ paused: true, held: "release" }, "held"],
      [{ paused: false, held: "keep" }, "held"],
    ] as const) {
      const res = await alice.json("PATCH", `/api/endpoints/${ep.id}/rules/${rule.id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(422);
      expect(res.body.error.field, JSON.stringify(patch)).toBe(field);
    }
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body).toMatchObject({ targetUrl: base.targetUrl, timeoutMs: 15000 });
  });

  it("keeps rules and deliveries private: another user gets 404, a signed-out caller 401", async () => {
    target.route("/private", status(500));
    const ep = await newEndpoint(alice);
    const rule = await newRule(alice, ep.id, { targetUrl: `${target.url}/private`, retry: ONCE });
    const rid = await capture(main, ep.slug);
    const [d] = await settled(alice, ep.id, rid);
    expect(d.state).toBe("failed");
    // The owner sees the same delivery from the rule's side, with its request and attempt.
    const perRule = await alice.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}/deliveries`);
    expect(perRule.status).toBe(200);
    expect(perRule.body.deliveries.map((x: { id: string }) => x.id)).toEqual([d.id]);
    expect(perRule.body.deliveries[0].request.id).toBe(rid);
    expect(perRule.body.deliveries[0].attempts.map((a: { status: number }) => a.status)).toEqual([500]);
    const bobs = await newEndpoint(bob);

    const calls: [string, string, unknown?][] = [
      ["GET", `/api/endpoints/${ep.id}/rules`],
      ["POST", `/api/endpoints/${ep.id}/rules`, { name: "x", targetUrl: `${target.url}/x` }],
      ["GET", `/api/endpoints/${ep.id}/rules/${rule.id}`],
      ["PATCH", `/api/endpoints/${ep.id}/rules/${rule.id}`, { name: "hijacked" }],
      ["DELETE", `/api/endpoints/${ep.id}/rules/${rule.id}`],
      ["POST", `/api/endpoints/${ep.id}/rules/${rule.id}/retry-failed`],
      ["GET", `/api/endpoints/${ep.id}/requests/${rid}/deliveries`],
      ["GET", `/api/endpoints/${ep.id}/rules/${rule.id}/deliveries`],
      ["POST", `/api/endpoints/${ep.id}/deliveries/${d.id}/retry`],
      ["POST", `/api/endpoints/${ep.id}/deliveries/${d.id}/cancel`],
      // Bob's own endpoint id with Alice's rule / request / delivery ids.
      ["GET", `/api/endpoints/${bobs.id}/rules/${rule.id}`],
      ["PATCH", `/api/endpoints/${bobs.id}/rules/${rule.id}`, { name: "hijacked" }],
      ["DELETE", `/api/endpoints/${bobs.id}/rules/${rule.id}`],
      ["POST", `/api/endpoints/${bobs.id}/rules/${rule.id}/retry-failed`],
      ["GET", `/api/endpoints/${bobs.id}/requests/${rid}/deliveries`],
      ["GET", `/api/endpoints/${bobs.id}/rules/${rule.id}/deliveries`],
      ["POST", `/api/endpoints/${bobs.id}/deliveries/${d.id}/retry`],
      ["POST", `/api/endpoints/${bobs.id}/deliveries/${d.id}/cancel`],
    ];
    for (const [method, path, body] of calls) {
      const res = await bob.json(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code, `${method} ${path}`).toBe("not_found");
    }
    const anon = new ApiClient(main.url);
    for (const [method, path, body] of calls.slice(0, 9)) {
      const res = await anon.json(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toEqual({ error: { code: "unauthorized", message: "Sign in to use this API" } });
    }
    // Nothing Bob or the anonymous caller did had an effect.
    await sleep(300);
    expect((await alice.json("GET", `/api/endpoints/${ep.id}/rules/${rule.id}`)).body.name).toBe("rule");
    const [still] = await deliveries(alice, ep.id, rid);
    expect(still).toMatchObject({ state: "failed", attemptCount: 1 });
    expect(target.at("/private")).toHaveLength(1);
  });
});
