import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";

let server: AppServer;
beforeAll(async () => { server = await startAppServer(); });
afterAll(async () => { await server.stop(); removeDir(server.dataDir); });

describe("sign-up and sign-in", () => {
  it("creates an account (201) without exposing the hash", async () => {
    const res = await new ApiClient(server.url).json("POST", "/api/users", { email: "New@Example.com", password: "long-enough", name: "Ada" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email: "new@example.com", name: "Ada" });
  });

  it("refuses an existing email with 409 and a clear message", async () => {
    const c = new ApiClient(server.url);
    expect((await c.signUp("dup@example.com")).status).toBe(201);
    const again = await c.signUp("DUP@example.com");
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "conflict", message: "An account with this email already exists", field: "email" } });
  });

  it.each([
    [{ email: "weak@example.com", password: "1234567" }, "password"],
    [{ email: "not-an-email", password: "long-enough" }, "email"],
    [{ password: "long-enough" }, "email"],
  ])("refuses %o with 422 naming %s", async (body, field) => {
    const res = await new ApiClient(server.url).json("POST", "/api/users", body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.field).toBe(field);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await new ApiClient(server.url).request("POST", "/api/users", "{nope", { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");
  });

  it("signs in with the right password only", async () => {
    await new ApiClient(server.url).signUp("sign@example.com", "the-password");
    const wrong = new ApiClient(server.url);
    expect(await wrong.signIn("sign@example.com", "not-the-password")).toBe(false);
    expect((await wrong.json("GET", "/api/endpoints")).status).toBe(401);
    expect(await new ApiClient(server.url).signIn("nobody@example.com", "the-password")).toBe(false);

    const right = new ApiClient(server.url);
    expect(await right.signIn("SIGN@example.com", "the-password")).toBe(true);
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

  it("generated a private session secret in the data directory", async () => {
    const fs = await import("node:fs");
    const stat = fs.statSync(`${server.dataDir}/auth-secret`);
    expect(stat.mode & 0o777).toBe(0o600);
  });
});
