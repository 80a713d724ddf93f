import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "@/tests/helpers/temp-db";
import { decryptSecret, encryptSecret, parseSecretsKey, resolveSecretsKey, secretHint } from "./secret-box";

describe("secret box", () => {
  const key = randomBytes(32);

  it("round-trips a secret in the v1 text form, with a fresh IV each time", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ✓";
    const a = encryptSecret(key, secret);
    const b = encryptSecret(key, secret);
    expect(a).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("MfKQ9r8");
    expect(decryptSecret(key, a)).toBe(secret);
  });

  it("refuses another key, an altered ciphertext, a truncated tag and unknown versions", () => {
    const box = encryptSecret(key, "secret-value");
    expect(() => decryptSecret(randomBytes(32), box)).toThrow();
    const [v, iv, tag, ct] = box.split(":");
    const flipped = Buffer.from(ct, "base64url");
    flipped[0] ^= 1;
    expect(() => decryptSecret(key, [v, iv, tag, flipped.toString("base64url")].join(":"))).toThrow();
    const shortTag = Buffer.from(tag, "base64url").subarray(0, 4).toString("base64url");
    expect(() => decryptSecret(key, [v, iv, shortTag, ct].join(":"))).toThrow();
    expect(() => decryptSecret(key, ["v2", iv, tag, ct].join(":"))).toThrow("Not a v1 secret box");
  });

  it("hints with the last 4 characters", () => {
    expect(secretHint("whsec_abcdA1b2")).toBe("A1b2");
  });
});

describe("secrets key", () => {
  const key = randomBytes(32);

  it("reads 32 bytes as hex or base64 and nothing else", () => {
    expect(parseSecretsKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretsKey(key.toString("base64"))).toEqual(key);
    expect(parseSecretsKey(key.toString("base64url"))).toEqual(key);
    expect(parseSecretsKey(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseSecretsKey("x".repeat(64))).toBeNull();
  });

  it("uses a configured key and writes nothing; rejects a malformed one", () => {
    const dir = tempDir();
    expect(resolveSecretsKey(dir, key.toString("base64"))).toEqual(key);
    expect(fs.existsSync(path.join(dir, "secrets-key"))).toBe(false);
    expect(() => resolveSecretsKey(dir, "too-short")).toThrow(/32 bytes/);
  });

  it("generates one key into the data directory (0600, through lib/config/secret.ts) and keeps it", () => {
    const dir = tempDir();
    const first = resolveSecretsKey(dir);
    expect([first.length, fs.statSync(path.join(dir, "secrets-key")).mode & 0o777]).toEqual([32, 0o600]);
    expect(resolveSecretsKey(dir)).toEqual(first);
  });

  it("stops on a damaged key file instead of replacing it (saved secrets would become unreadable)", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "secrets-key"), "damaged\n");
    expect(() => resolveSecretsKey(dir)).toThrow(/secrets-key does not hold a valid value/);
  });
});
