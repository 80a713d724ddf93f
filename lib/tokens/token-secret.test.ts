import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken, looksLikeToken, newToken } from "./token-secret";

describe("API token secrets", () => {
  it("are whi_ + 43 base64url characters (256 bits), different every time, with a display prefix", () => {
    const a = newToken();
    const b = newToken();
    expect(a.token).toMatch(/^whi_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.prefix).toBe(a.token.slice(0, 8));
    expect(Buffer.from(a.token.slice(4), "base64url")).toHaveLength(32);
  });

  it("store only the SHA-256 hex of the token", () => {
    const { token, hash } = newToken();
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashToken(token)).toBe(hash);
    expect(hash).not.toContain(token.slice(4, 12));
  });

  it("recognise the token shape", () => {
    expect(looksLikeToken(newToken().token)).toBe(true);
    expect(looksLikeToken("whi_short")).toBe(false);
    expect(looksLikeToken("ghp_" + "a".repeat(43))).toBe(false);
  });
});
