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
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ GITHUB_ID: "abc" }, "GITHUB_SECRET"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
    [{ SHUTDOWN_GRACE_MS: "soon" }, "SHUTDOWN_GRACE_MS"],
    [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ LOG_FORMAT: "xml" }, "LOG_FORMAT"],
  ])("rejects %o naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^\\s+${name}=`, "m"));
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ PUBLIC_URL: "", GITHUB_ID: "", GITHUB_SECRET: " " }).PUBLIC_URL).toBeUndefined();
    const c = loadConfig({ SHUTDOWN_GRACE_MS: "", LOG_LEVEL: "", METRICS_TOKEN: "" });
    expect([c.SHUTDOWN_GRACE_MS, c.LOG_LEVEL, c.METRICS_TOKEN]).toEqual([10_000, "info", undefined]);
  });

  it("reads the operating settings, with a 10 s grace period and info logs by default", () => {
    const c = loadConfig({});
    expect([c.SHUTDOWN_GRACE_MS, c.LOG_LEVEL, c.METRICS_TOKEN]).toEqual([10_000, "info", undefined]);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: "2500", LOG_LEVEL: "debug", LOG_FORMAT: "json", METRICS_TOKEN: "0123456789abcdef" })).toMatchObject({
      SHUTDOWN_GRACE_MS: 2500, LOG_LEVEL: "debug", LOG_FORMAT: "json", METRICS_TOKEN: "0123456789abcdef",
    });
  });

  it("logs pretty to a terminal and JSON otherwise, unless LOG_FORMAT says", () => {
    const tty = process.stdout.isTTY;
    try {
      process.stdout.isTTY = true;
      expect(loadConfig({}).LOG_FORMAT).toBe("pretty");
      expect(loadConfig({ LOG_FORMAT: "json" }).LOG_FORMAT).toBe("json");
      process.stdout.isTTY = false;
      expect(loadConfig({}).LOG_FORMAT).toBe("json");
    } finally {
      process.stdout.isTTY = tty;
    }
  });
});
