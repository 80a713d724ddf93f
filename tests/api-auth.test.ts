import { TEST_KIND } from "./helpers/databases";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";

let server: AppServer;
beforeAll(async () => { server = await startAppServer(); });
afterAll(async () => { await server.stop(); await removeDir(server.dataDir); });

describe("sign-up and sign-in", () => {
  it("creates an account (201) without exposing the hash", async () => {
    const res = await new ApiClient(server.url).json("POST", "/api/users", { email: "New@Example.com", password: "long-enough-phrase", name: "Ada" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ email: "new@example.com", name: "Ada" });
  });

  it("answers a taken email exactly like a new one, and changes nothing about the existing account", async () => {
    const c = new ApiClient(server.url);
    const first = await c.json("POST", "/api/users", { email: "dup@example.com", password: "first-long-phrase" });
    const again = await c.json("POST", "/api/users", { email: "DUP@example.com", password: "second-long-phrase" });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(await new ApiClient(server.url).signIn("dup@example.com", "second-long-phrase")).toBe(false);
    expect(await new ApiClient(server.url).signIn("dup@example.com", "first-long-phrase")).toBe(true);
  });

  it.each([
    [{ email: "weak@example.com", password: "1234567" }, "password", /at least 8/],
    [{ email: "weak@example.com", password: "password" }, "password", /too easy to guess/],
    [{ email: "weak@example.com", password: "12345678" }, "password", /too easy to guess/],
    [{ email: "weak@example.com", password: "        " }, "password", /too easy to guess/],
    [{ email: "grace.hopper1906@example.com", password: "grace.hopper1906" }, "password", /too easy to guess/],
    [{ email: "not-an-email", password: "long-enough-phrase" }, "email", /valid email/],
    [{ password: "long-enough-phrase" }, "email", /./],
  ])("refuses %o with 422 naming %s", async (body, field, message) => {
    const res = await new ApiClient(server.url).json("POST", "/api/users", body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await new ApiClient(server.url).request("POST", "/api/users", "{nope", { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");
  });

  it("signs in with the right password only", async () => {
    await new ApiClient(server.url).signUp("sign@example.com", "the-password-phrase");
    const wrong = new ApiClient(server.url);
    expect(await wrong.signIn("sign@example.com", "not-the-password")).toBe(false);
    expect((await wrong.json("GET", "/api/endpoints")).status).toBe(401);
    expect(await new ApiClient(server.url).signIn("nobody@example.com", "the-password-phrase")).toBe(false);

    const right = new ApiClient(server.url);
    expect(await right.signIn("SIGN@example.com", "the-password-phrase")).toBe(true);
    expect((await right.json("GET", "/api/endpoints")).status).toBe(200);
  });

  it("rejects unauthenticated API calls with the 401 envelope", async () => {
    const c = new ApiClient(server.url);
    for (const [method, path] of [["GET", "/api/endpoints"], ["POST", "/api/endpoints"], ["PATCH", "/api/endpoints/x"], ["DELETE", "/api/endpoints/x"]]) {
      const res = await c.json(method, path, method === "GET" || method === "DELETE" ? undefined : { name: "x" });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toEqual({ error: { code: "unauthorized", message: "Sign in to use this API" } });
    }
  });

  it.skipIf(TEST_KIND === "postgres")("keeps secrets and data private on disk: data directory 0700, secret and database files 0600", async () => {
    expect(fs.statSync(server.dataDir).mode & 0o777).toBe(0o700);
    for (const file of ["auth-secret", "inbox.db", "inbox.db-wal", "inbox.db-shm"]) {
      expect(fs.statSync(`${server.dataDir}/${file}`).mode & 0o777, file).toBe(0o600);
    }
  });
});

describe("sessions end when they should", () => {
  it("sign-out ends the session: its cookie no longer works, even replayed", async () => {
    const c = await signedInClient(server.url, "signout@example.com", "signing-out-phrase");
    const stolen = c.cookieHeader();
    expect((await c.json("GET", "/api/endpoints")).status).toBe(200);
    const { body } = await c.json<{ csrfToken: string }>("GET", "/api/auth/csrf");
    await c.request("POST", "/api/auth/signout", new URLSearchParams({ csrfToken: body.csrfToken, json: "true" }), { "content-type": "application/x-www-form-urlencoded" });
    const replayed = await fetch(`${server.url}/api/endpoints`, { headers: { cookie: stolen } });
    expect(replayed.status).toBe(401);
  });

  it("a password change ends every other session and keeps the one that made it", async () => {
    const here = await signedInClient(server.url, "change@example.com", "old-password-phrase");
    const elsewhere = new ApiClient(server.url);
    expect(await elsewhere.signIn("change@example.com", "old-password-phrase")).toBe(true);

    const wrong = await here.json("POST", "/api/account/password", { currentPassword: "nope-nope-nope", newPassword: "new-password-phrase" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.field).toBe("currentPassword");
    const weak = await here.json("POST", "/api/account/password", { currentPassword: "old-password-phrase", newPassword: "password" });
    expect(weak.body.error.field).toBe("newPassword");

    const changed = await here.json("POST", "/api/account/password", { currentPassword: "old-password-phrase", newPassword: "new-password-phrase" });
    expect(changed).toEqual({ status: 200, body: { sessionsEnded: 1 } });
    expect((await elsewhere.json("GET", "/api/endpoints")).status).toBe(401);
    expect((await here.json("GET", "/api/endpoints")).status).toBe(200);
    expect(await new ApiClient(server.url).signIn("change@example.com", "old-password-phrase")).toBe(false);
    expect(await new ApiClient(server.url).signIn("change@example.com", "new-password-phrase")).toBe(true);
  });
});

describe("CSRF", () => {
  it("refuses state-changing calls from another origin (another port of the same host) and non-JSON bodies", async () => {
    const c = await signedInClient(server.url, "csrf@example.com", "cross-site-phrase");
    const other = `http://127.0.0.1:${server.port + 1}`;
    const fromOtherPort = await c.request("POST", "/api/endpoints", JSON.stringify({ name: "x" }), { origin: other, "content-type": "application/json" });
    expect(fromOtherPort.status).toBe(403);
    expect((await fromOtherPort.json()).error.code).toBe("forbidden");
    const textPlain = await c.request("POST", "/api/endpoints", JSON.stringify({ name: "x" }), { origin: server.url, "content-type": "text/plain" });
    expect(textPlain.status).toBe(415);
    const form = await c.request("POST", "/api/endpoints", "name=x", { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-site" });
    expect(form.status).toBe(403);
    // Only the endpoint every account starts with: none of the refused calls created one.
    expect((await c.json("GET", "/api/endpoints")).body.endpoints.map((e: { name: string }) => e.name)).toEqual(["My first endpoint"]);

    const own = await c.request("POST", "/api/endpoints", JSON.stringify({ name: "mine" }), { origin: server.url, "content-type": "application/json" });
    expect(own.status).toBe(201);
  });
});

describe("sign-in throttling", () => {
  let throttled: AppServer;
  beforeAll(async () => { throttled = await startAppServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: "10" } }); });
  afterAll(async () => { await throttled.stop(); await removeDir(throttled.dataDir); });

  it("holds an account after 5 wrong passwords (429 + Retry-After), even for the right one", async () => {
    await new ApiClient(throttled.url).signUp("target@example.com", "the-real-phrase");
    const attacker = new ApiClient(throttled.url);
    const { body } = await attacker.json<{ csrfToken: string }>("GET", "/api/auth/csrf");
    const guess = (password: string) =>
      attacker.request("POST", "/api/auth/callback/credentials", new URLSearchParams({ csrfToken: body.csrfToken, email: "target@example.com", password, json: "true" }), { "content-type": "application/x-www-form-urlencoded" });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess(`guess-${i}`)).status);
    expect(statuses.every((s) => s !== 429)).toBe(true);
    const held = await guess("the-real-phrase");
    expect(held.status).toBe(429);
    expect(Number(held.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await held.json()).error.code).toBe("rate_limited");
    // Another account from the same address is not held by this one's failures.
    expect(await new ApiClient(throttled.url).signIn("nobody-else@example.com", "whatever-phrase")).toBe(false);
  });

  it("limits one address to a burst of attempts, sign-ups included", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await new ApiClient(throttled.url).json("POST", "/api/users", { email: `burst${i}@example.com`, password: "burst-long-phrase" })).status);
    expect(statuses).toContain(429);
    const first429 = statuses.indexOf(429);
    expect(statuses.slice(0, first429).every((s) => s === 201)).toBe(true);
    expect(first429).toBeLessThanOrEqual(20);
  });
});
