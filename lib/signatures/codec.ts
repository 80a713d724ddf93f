import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Byte-level building blocks shared by verification, diagnosis and re-signing: strict decoding of
 * signatures and secrets, and the HMAC over the signed parts (the exact body bytes are fed to the
 * HMAC as they are, never through a string, so a non-UTF-8 body verifies like any other).
 */
export type Algorithm = "sha1" | "sha256" | "sha512";
export type Encoding = "hex" | "base64";
/** How a secret string becomes key bytes. `text-no-prefix`: UTF-8 of what follows `whsec_`. */
export type Keying = "text" | "text-no-prefix" | "base64" | "hex";

export const ALGORITHMS: readonly Algorithm[] = ["sha1", "sha256", "sha512"];
export const MAC_BYTES: Record<Algorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
// Standard or URL-safe alphabet, padding optional: senders differ and both decode to the same bytes.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The bytes `text` stands for in `encoding`, or null when it is not well-formed in it. */
export function decode(text: string, encoding: Encoding): Buffer | null {
  if (encoding === "hex") return HEX.test(text) ? Buffer.from(text, "hex") : null;
  if (!BASE64.test(text) || text.replace(/=+$/, "").length % 4 === 1) return null;
  return Buffer.from(text, "base64");
}

export function encode(bytes: Buffer, encoding: Encoding): string {
  return bytes.toString(encoding);
}

const WHSEC = "whsec_";
const withoutPrefix = (secret: string) => (secret.startsWith(WHSEC) ? secret.slice(WHSEC.length) : secret);

/** Key bytes for `secret` read the `keying` way, or null when the secret is not written that way. */
export function keyFor(secret: string, keying: Keying): Buffer | null {
  switch (keying) {
    case "text":
      return Buffer.from(secret, "utf8");
    case "text-no-prefix":
      return secret.startsWith(WHSEC) ? Buffer.from(withoutPrefix(secret), "utf8") : null;
    case "base64": {
      const key = decode(withoutPrefix(secret), "base64");
      return key && key.length > 0 ? key : null;
    }
    case "hex":
      return decode(secret, "hex");
  }
}

export const KEYING_WORDS: Record<Keying, string> = {
  text: "used as raw text",
  "text-no-prefix": "used as raw text without its whsec_ prefix",
  base64: "base64-decoded",
  hex: "hex-decoded",
};

/**
 * HMAC over `before`, the body bytes and `after`, without concatenating them. `before`/`after` are
 * header values and ASCII punctuation; header values are latin1 strings (one char per received
 * byte, as Node and lib/capture give them), so latin1 turns them back into the exact bytes.
 */
export function mac(algorithm: Algorithm, key: Buffer, before: string, body: Uint8Array, after: string): Buffer {
  const h = createHmac(algorithm, key);
  if (before) h.update(before, "latin1");
  h.update(body);
  if (after) h.update(after, "latin1");
  return h.digest();
}

/** Constant-time equality; unequal lengths differ without comparing (a length is not a secret). */
export function sameBytes(a: Buffer, b: Buffer | null): boolean {
  return b !== null && a.length === b.length && timingSafeEqual(a, b);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as JSON, or undefined when it is not UTF-8 JSON (binary bodies included). */
export function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(strictUtf8.decode(body));
  } catch {
    return undefined;
  }
}
