import { openTestDb } from "./helpers/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { sendRaw } from "./helpers/inbound";

/**
 * Issue 9, defects 1-3 and 10: what an endpoint owner configures can never act on the dashboard's
 * origin, and a visitor's dashboard cookies never end up in someone else's inbox.
 */
let server: AppServer;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startAppServer();
  [alice, bob] = await Promise.all([signedInClient(server.url, "alice@example.com"), signedInClient(server.url, "bob@example.com")]);
});
afterAll(async () => {
  await server.stop();
  await removeDir(server.dataDir);
});

async function endpoint(client: ApiClient) {
  const res = await client.json("POST", "/api/endpoints", { name: "e" });
  expect(res.status).toBe(201);
  return res.body as { id: string; slug: string };
}
const header = (headers: [string, string][], name: string) => headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);

describe("configured responses", () => {
  it.each([
    ["Set-Cookie", "next-auth.session-token=alice-session; Path=/"],
    ["set-cookie2", "a=b"],
    ["Service-Worker-Allowed", "/"],
    ["Clear-Site-Data", '"*"'],
    ["Refresh", "0; url=https://evil.example/"],
    ["Content-Security-Policy", "default-src *"],
    ["X-Content-Type-Options", "none"],
    ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"],
    ["Link", "</x.js>; rel=preload; as=script"],
  ])("refuses %s with 422 naming the header", async (name, value) => {
    const ep = await endpoint(alice);
    const res = await alice.json("PATCH", `/api/endpoints/${ep.id}`, { response: { headers: [["X-Ok", "1"], [name, value]] } });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("response.headers.1.0");
    expect(res.body.error.message).toContain(`${name} cannot be configured`);
    expect((await alice.json("GET", `/api/endpoints/${ep.id}`)).body.response.headers).toEqual([]);
  });

  it("allows redirects only inside the endpoint's own URL", async () => {
    const ep = await endpoint(alice);
    for (const location of ["https://evil.example/", "//evil.example/", "/endpoints", `/h/${ep.slug}x`, `/h/${ep.slug}/\\evil`]) {
      const res = await alice.json("PATCH", `/api/endpoints/${ep.id}`, { response: { status: 302, headers: [["Location", location]] } });
      expect(res.status, location).toBe(422);
      expect(res.body.error.field).toBe("response.headers.0.1");
    }
    const ok = await alice.json("PATCH", `/api/endpoints/${ep.id}`, { response: { status: 307, headers: [["Location", `/h/${ep.slug}/moved?x=1`]] } });
    expect(ok.status).toBe(200);
    const answer = await sendRaw(server.port, "POST", `/h/${ep.slug}`, [], "{}");
    expect(answer.status).toBe(307);
    expect(header(answer.headers, "location")).toEqual([`/h/${ep.slug}/moved?x=1`]);
  });

  it("refuses interim (1xx) statuses, which would leave senders without a final answer", async () => {
    const ep = await endpoint(alice);
    for (const status of [100, 101, 103]) {
      const res = await alice.json("PATCH", `/api/endpoints/${ep.id}`, { response: { status } });
      expect(res.status).toBe(422);
      expect(res.body.error.field).toBe("response.status");
    }
  });

  it("sends no body and no Content-Length with 204 and 304", async () => {
    const ep = await endpoint(alice);
    for (const status of [204, 304]) {
      expect((await alice.json("PATCH", `/api/endpoints/${ep.id}`, { response: { status, body: "ignored" } })).status).toBe(200);
      const answer = await sendRaw(server.port, "POST", `/h/${ep.slug}`, [], "{}");
      expect(answer.status).toBe(status);
      expect(header(answer.headers, "content-length")).toEqual([]);
      expect(answer.body.length).toBe(0);
    }
  });

  it("puts every inbound answer in a sandbox with nosniff: configured, default, and errors", async () => {
    const ep = await endpoint(alice);
    await alice.json("PATCH", `/api/endpoints/${ep.id}`, { response: { headers: [["Content-Type", "text/html"]], body: "<script>alert(1)</script>" } });
    const answers = [
      await sendRaw(server.port, "POST", `/h/${ep.slug}`, [], "{}"),
      await sendRaw(server.port, "GET", `/h/${(await endpoint(bob)).slug}`),
      await sendRaw(server.port, "GET", "/h/no-such-endpoint-slug-here-at-all"),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404]);
    for (const a of answers) {
      expect(header(a.headers, "content-security-policy")).toEqual(["sandbox; default-src 'none'; frame-ancestors 'none'"]);
      expect(header(a.headers, "x-content-type-options")).toEqual(["nosniff"]);
    }
    // A sender gets the configured type; a browser navigating there gets the markup as text.
    expect(header(answers[0].headers, "content-type")).toEqual(["text/html"]);
    const navigated = await sendRaw(server.port, "GET", `/h/${ep.slug}`, [["Sec-Fetch-Dest", "document"], ["Sec-Fetch-Mode", "navigate"]]);
    expect(header(navigated.headers, "content-type")).toEqual(["text/plain; charset=utf-8"]);
    expect(navigated.body.toString()).toBe("<script>alert(1)</script>");
  });

  it("drops browser-state headers saved before the rule existed, when sending", async () => {
    const ep = await endpoint(alice);
    // As an older version could have stored them.
    const db = await openTestDb(server.env.DATABASE_URL!);
    await db.query(`UPDATE "Endpoint" SET "responseHeaders" = ? WHERE "id" = ?`, [
      JSON.stringify([["Set-Cookie", "next-auth.session-token=alice"], ["X-Kept", "1"], ["Service-Worker-Allowed", "/"], ["Location", "https://evil.example/"]]),
      ep.id,
    ]);
    await db.close();
    const answer = await sendRaw(server.port, "GET", `/h/${ep.slug}`);
    expect(header(answer.headers, "x-kept")).toEqual(["1"]);
    for (const name of ["set-cookie", "service-worker-allowed", "location"]) expect(header(answer.headers, name)).toEqual([]);
  });
});

describe("the dashboard's cookies are not captured", () => {
  it("removes next-auth cookies from a captured request, keeping every other cookie byte-exact", async () => {
    const ep = await endpoint(alice);
    const bobsCookies = bob.cookieHeader();
    expect(bobsCookies).toContain("next-auth.session-token=");
    const res = await sendRaw(server.port, "POST", `/h/${ep.slug}/x`, [
      ["Cookie", `theme=dark; ${bobsCookies};  other=1`],
      ["X-Not-A-Cookie", "next-auth.session-token=stays"],
      ["Cookie", bobsCookies],
    ], "{}");
    expect(res.status).toBe(200);
    const id = JSON.parse(res.body.toString()).id;
    const stored = (await alice.json("GET", `/api/endpoints/${ep.id}/requests/${id}`)).body;
    expect(header(stored.headers, "cookie")).toEqual(["theme=dark;  other=1"]);
    expect(header(stored.headers, "x-not-a-cookie")).toEqual(["next-auth.session-token=stays"]);
    expect(JSON.stringify(stored)).not.toContain(bobsCookies.split("next-auth.session-token=")[1].split(";")[0]);
  });
});
