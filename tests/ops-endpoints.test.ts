import { TEST_KIND } from "./helpers/databases";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTarget, type Target } from "./helpers/forward-target";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { sample } from "./helpers/metrics";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";

/** /healthz, /readyz and /metrics on the real server. */

const TOKEN = "metrics-token-0123456789";
let server: AppServer;
let target: Target;
let client: ApiClient;
let endpoint: { id: string; slug: string };

beforeAll(async () => {
  target = await startTarget();
  server = await startAppServer({ env: { METRICS_TOKEN: TOKEN, FORWARD_ALLOW_CIDRS: "127.0.0.1/32" } });
  client = await signedInClient(server.url, "ops@example.com");
  endpoint = (await client.json("POST", "/api/endpoints", {})).body;
});
afterAll(async () => {
  await server?.stop();
  if (server) await removeDir(server.dataDir);
  await target?.close();
});

const dbFile = () => path.join(server.dataDir, "inbox.db");

async function readyz(): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: await res.json() };
}

/** Waits until /readyz answers `status` (its answers are reused for up to a second). */
const readyzBecomes = (status: number) =>
  eventually(async () => {
    const r = await readyz();
    return r.status === status ? r : undefined;
  }, 10_000, `/readyz ${status}`);

async function scrape(): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** Another process holding the database's write lock until killed. */
async function holdWriteLock(file: string): Promise<ChildProcess> {
  const holder = spawn(process.execPath, ["-e", `
    const D = require("better-sqlite3"); const db = new D(${JSON.stringify(file)});
    db.exec("BEGIN IMMEDIATE"); console.log("locked"); setInterval(() => {}, 1000);`], { cwd: path.resolve(import.meta.dirname, ".."), stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => holder.stdout!.once("data", resolve));
  return holder;
}

describe("health endpoints", () => {
  it("/healthz and /readyz answer 200 without a session, as JSON, uncached", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(health.headers.get("cache-control")).toBe("no-store");
    expect(await readyz()).toEqual({ status: 200, body: { status: "ready", checks: { database: "ok", migrations: "ok", writer: "ok" } } });
    const head = await fetch(`${server.url}/readyz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("answers 405 to other methods", async () => {
    const res = await fetch(`${server.url}/healthz`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect((await res.json()).error.code).toBe("method_not_allowed");
  });

  // SQLite's failure modes; PostgreSQL's (the server unreachable) are in tests/instances.test.ts.
  it.skipIf(TEST_KIND === "postgres")("/readyz answers 503 while the database file is gone, and 200 once it is back", async () => {
    fs.renameSync(dbFile(), `${dbFile()}.moved`);
    try {
      const down = await readyzBecomes(503);
      expect(down.body).toEqual({ status: "not_ready", checks: { database: "unavailable (SQLITE_CANTOPEN)", writer: "ok" } });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // alive all the same
    } finally {
      fs.renameSync(`${dbFile()}.moved`, dbFile());
    }
    await readyzBecomes(200);
  });

  it.skipIf(TEST_KIND === "postgres")("/readyz answers 503 while another process holds the write lock and captures fail, and 200 once it is released", async () => {
    const holder = await holdWriteLock(dbFile());
    try {
      // The capture waits for the lock (5 s, SQLite's busy timeout) and is refused.
      const refused = await fetch(`${server.url}/h/${endpoint.slug}/locked`, { method: "POST", body: "{}" });
      expect(refused.status).toBeGreaterThanOrEqual(500);
      const down = await readyzBecomes(503);
      expect(down.body.checks).toMatchObject({ database: "ok", writes: "unavailable (SQLITE_BUSY)" });
      expect(down.body.checks.writer).toMatch(/^failing since \d{4}-/);
    } finally {
      holder.kill();
      await new Promise((r) => holder.once("exit", r));
    }
    // No capture needed to recover: /readyz itself finds the lock free again.
    await readyzBecomes(200);
    const stored = await fetch(`${server.url}/h/${endpoint.slug}/after`, { method: "POST", body: "{}" });
    expect(stored.status).toBe(200);
  }, 30_000);
});

describe("/metrics", () => {
  it("needs the configured bearer token", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-000000000000", `Basic ${TOKEN}`]) {
      const res = await fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("counters move when requests are captured, refused and delivered", async () => {
    const rule = await client.json("POST", `/api/endpoints/${endpoint.id}/rules`, { name: "relay", targetUrl: `${target.url}/relay` });
    expect(rule.status).toBe(201);
    const before = await scrape();
    const n = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels) ?? 0;

    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/h/${endpoint.slug}/m${i}`, { method: "POST", body: "{}" })).status).toBe(200);
    expect((await fetch(`${server.url}/h/${"x".repeat(24)}`, { method: "POST", body: "{}" })).status).toBe(404);
    await eventually(() => (target.at("/relay").length === 3 ? true : undefined), 10_000, "3 deliveries");
    const after = await eventually(async () => {
      const text = await scrape();
      return n(text, "webhook_inbox_deliveries", { state: "succeeded" }) === n(before, "webhook_inbox_deliveries", { state: "succeeded" }) + 3 ? text : undefined;
    }, 10_000, "3 succeeded deliveries in /metrics");

    const delta = (name: string, labels: Record<string, string> = {}) => n(after, name, labels) - n(before, name, labels);
    expect(delta("webhook_inbox_captures_accepted_total")).toBe(3);
    expect(delta("webhook_inbox_captures_rejected_total", { reason: "not_found" })).toBe(1);
    expect(delta("webhook_inbox_capture_batch_rows_count")).toBeGreaterThanOrEqual(1);
    expect(delta("webhook_inbox_capture_commit_seconds_count")).toBe(delta("webhook_inbox_capture_batch_rows_count"));
    expect(delta("webhook_inbox_delivery_attempt_seconds_count", { outcome: "success" })).toBe(3);
    expect(delta("webhook_inbox_api_requests_total", { auth: "session", status: "201" })).toBe(0); // no API call in between
    expect(n(after, "webhook_inbox_api_requests_total", { auth: "session", status: "201" })).toBeGreaterThanOrEqual(2); // endpoint + rule created
    expect(sample(after, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);

    // The pull API (served outside Next) is counted too, as token calls.
    const { token } = (await client.json("POST", "/api/tokens", { name: "metrics" })).body as { token: string };
    expect((await fetch(`${server.url}/api/v1/endpoints`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/endpoints`, { headers: { authorization: "Bearer whi_not-a-token" } })).status).toBe(401);
    const later = await scrape();
    expect(n(later, "webhook_inbox_api_requests_total", { auth: "token", status: "200" }) - n(after, "webhook_inbox_api_requests_total", { auth: "token", status: "200" })).toBe(1);
    expect(n(later, "webhook_inbox_api_requests_total", { auth: "token", status: "401" }) - n(after, "webhook_inbox_api_requests_total", { auth: "token", status: "401" })).toBe(1);
    expect(server.logs().some((l) => l.msg === "api request" && l.path === "/api/v1/endpoints" && l.auth === "token" && typeof l.reqId === "string")).toBe(true);
  });

  it("counts open live streams", async () => {
    const open = await new Promise<http.ClientRequest>((resolve, reject) => {
      const req = http.get(`${server.url}/api/endpoints/${endpoint.id}/stream`, { headers: { cookie: client.cookieHeader() } }, (res) => {
        res.once("data", () => resolve(req));
      });
      req.on("error", reject);
    });
    expect(sample(await scrape(), "webhook_inbox_sse_subscribers")).toBe(1);
    open.destroy();
    await eventually(async () => (sample(await scrape(), "webhook_inbox_sse_subscribers") === 0 ? true : undefined), 5_000, "the stream to be released");
  });
});
