import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./env";

describe("loadConfig", () => {
  it("has working defaults for the embedded mode", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBe("file:./data/inbox.db");
    expect(c.databaseFile).toBe(path.resolve("data/inbox.db"));
    expect(c.dataDir).toBe(path.resolve("data"));
    expect(c.PUBLIC_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ PUBLIC_URL: "not a url" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "ftp://example.com" }, "PUBLIC_URL"],
    [{ DATABASE_URL: "postgres://localhost/db" }, "DATABASE_URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ GITHUB_ID: "abc" }, "GITHUB_SECRET"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
  ])("rejects %o naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^\\s+${name}=`, "m"));
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ PUBLIC_URL: "", GITHUB_ID: "", GITHUB_SECRET: " " }).PUBLIC_URL).toBeUndefined();
  });
});
