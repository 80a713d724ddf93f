import { randomBytes } from "node:crypto";

/** 18 random bytes = 144 bits, base64url: 24 URL-safe characters. */
export const SLUG_BYTES = 18;

export function newSlug(): string {
  return randomBytes(SLUG_BYTES).toString("base64url");
}

export const SLUG_PATTERN = /^[A-Za-z0-9_-]{24}$/;
