import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";

let server: AppServer;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startAppServer();
  alice = await signedInClient(server.url, "alice@example.com");
  bob = await signedInClient(server.url, "bob@example.com");
});
afterAll(async () => { await server.stop(); await removeDir(server.dataDir); });

describe("endpoints API", () => {
  it("creates, lists, renames and deletes", async () => {
    const created = await alice.json("POST", "/api/endpoints", { name: "Stripe test" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      slug: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      name: "Stripe test",
      url: `${server.url}/h/${created.body.slug}`,
      createdAt: expect.any(String),
      response: { status: 200, headers: [], body: null, delayMs: 0 },
      maxRequests: 10000,
      rateLimitPerMinute: null,
    });
    const unnamed = await alice.json("POST", "/api/endpoints", {});
    expect(unnamed.status).toBe(201);
    expect(unnamed.body.name).toBeNull();

    // Newest first; the account's first endpoint (made at sign-up) is the oldest.
    const list = await alice.json("GET", "/api/endpoints");
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).toEqual([unnamed.body.id, created.body.id, expect.any(String)]);

    const renamed = await alice.json("PATCH", `/api/endpoints/${created.body.id}`, { name: "Stripe live" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Stripe live");

    expect((await alice.json("DELETE", `/api/endpoints/${unnamed.body.id}`)).status).toBe(204);
    expect((await alice.json("GET", `/api/endpoints/${unnamed.body.id}`)).status).toBe(404);
    expect((await alice.json("GET", "/api/endpoints")).body.endpoints).toHaveLength(2);
  });

  it("a new account starts with one endpoint, ready to receive", async () => {
    const carol = await signedInClient(server.url, "carol@example.com");
    const { body } = await carol.json("GET", "/api/endpoints");
    expect(body.endpoints).toEqual([expect.objectContaining({ name: "My first endpoint", url: expect.stringMatching(/\/h\/[A-Za-z0-9_-]{24}$/) })]);
    expect((await fetch(body.endpoints[0].url, { method: "POST", body: "hi" })).status).toBe(200);
  });

  it("validates input with 422 naming the field", async () => {
    const res = await alice.json("POST", "/api/endpoints", { name: "x".repeat(101) });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("name");
    const empty = await alice.json("PATCH", `/api/endpoints/whatever`, {});
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toBe("nothing to update");
    const badName = await alice.json("PATCH", `/api/endpoints/whatever`, { name: 42 });
    expect(badName.status).toBe(422);
    expect(badName.body.error.field).toBe("name");
  });

  it("uses PUBLIC_URL for inbound URLs when it is set", async () => {
    const other = await startAppServer({ env: { PUBLIC_URL: "https://hooks.example.com/" } });
    try {
      const c = await signedInClient(other.url, "carol@example.com");
      const created = await c.json("POST", "/api/endpoints", {});
      expect(created.body.url).toBe(`https://hooks.example.com/h/${created.body.slug}`);
    } finally {
      await other.stop();
      await removeDir(other.dataDir);
    }
  });
});

describe("isolation between users", () => {
  it("gives user B 404 for everything of user A's and changes nothing", async () => {
    const mine = (await alice.json("POST", "/api/endpoints", { name: "Alice private" })).body;
    const notFound = { error: { code: "not_found", message: "Endpoint not found" } };

    const bobList = await bob.json("GET", "/api/endpoints");
    expect(bobList.status).toBe(200);
    expect(bobList.body.endpoints.find((e: { id: string }) => e.id === mine.id)).toBeUndefined();

    for (const [method, body] of [["GET"], ["PATCH", { name: "pwned" }], ["DELETE"]] as const) {
      const res = await bob.json(method, `/api/endpoints/${mine.id}`, body);
      expect(res.status, method).toBe(404);
      expect(res.body).toEqual(notFound);
    }

    const still = await alice.json("GET", `/api/endpoints/${mine.id}`);
    expect(still.status).toBe(200);
    expect(still.body).toEqual(mine);
  });
});
