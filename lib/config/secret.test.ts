import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "@/tests/helpers/temp-db";
import { resolveAuthSecret } from "./secret";

describe("resolveAuthSecret", () => {
  it("generates a secret on first start, keeps it private, and returns the same one afterwards", () => {
    const dir = path.join(tempDir(), "nested");
    const first = resolveAuthSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
    expect(resolveAuthSecret(dir)).toBe(first);
    expect(resolveAuthSecret(tempDir())).not.toBe(first);
  });

  it("prefers a configured secret and writes nothing", () => {
    const dir = tempDir();
    expect(resolveAuthSecret(dir, "x".repeat(40))).toBe("x".repeat(40));
    expect(fs.existsSync(path.join(dir, "auth-secret"))).toBe(false);
  });
});

describe("readOrCreateSecretFile", () => {
  it("refuses a file that holds an invalid value instead of replacing it", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "auth-secret"), "short\n");
    expect(() => resolveAuthSecret(dir)).toThrow(/auth-secret does not hold a valid value/);
    expect(fs.readFileSync(path.join(dir, "auth-secret"), "utf8")).toBe("short\n");
  });
});
