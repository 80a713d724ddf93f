import { createHash, randomBytes } from "node:crypto";

/**
 * Personal API tokens: "whi_" + 256 random bits in base64url. The prefix lets secret scanners
 * (GitHub's, gitleaks) recognise a leaked token. Only the SHA-256 of a token is stored: for a
 * random 256-bit secret a fast hash is as good as a slow one (nothing to brute-force), and a look-up
 * by hash compares no secret byte by byte, so it is no timing oracle.
 */
export const TOKEN_PREFIX = "whi_";
const TOKEN_PATTERN = /^whi_[A-Za-z0-9_-]{43}$/;

export function newToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token), prefix: token.slice(0, 8) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
