import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readOrCreateSecretFile } from "@/lib/config/secret";

/**
 * Signature secrets at rest: AES-256-GCM under one 32-byte key, in a versioned text form
 * `v1:<iv>:<tag>:<ciphertext>` (base64url) that fits a string column. The key comes from the
 * configuration or is generated once into `<dataDir>/secrets-key`, like the session secret.
 */
const VERSION = "v1";
const KEY_FILE = "secrets-key";

export function encryptSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(":");
}

/** Throws when the box is malformed, was altered, or was sealed under another key. */
export function decryptSecret(key: Buffer, box: string): string {
  const [version, iv, tag, ciphertext, ...rest] = box.split(":");
  if (version !== VERSION || ciphertext === undefined || rest.length) throw new Error("Not a v1 secret box");
  // A fixed tag length: GCM would otherwise accept a truncated tag, which is easier to forge.
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: 16 });
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** What may be shown of a saved secret. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}

/** A 32-byte key written as 64 hex digits or as base64 (standard or URL-safe); null otherwise. */
export function parseSecretsKey(text: string): Buffer | null {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, "base64") : null;
  return key?.length === 32 ? key : null;
}

/**
 * The secrets key: the configured value (e.g. `openssl rand -base64 32`), or the one generated on
 * first start into the data directory. Losing it makes saved secrets unreadable, so a damaged key
 * file stops start-up instead of being replaced.
 */
export function resolveSecretsKey(dataDir: string, configured?: string): Buffer {
  if (configured !== undefined) {
    const key = parseSecretsKey(configured);
    if (!key) throw new Error("The secrets key must be 32 bytes written as base64 or 64 hex digits");
    return key;
  }
  const text = readOrCreateSecretFile(dataDir, KEY_FILE, () => randomBytes(32).toString("base64url"), (t) => parseSecretsKey(t) !== null);
  return parseSecretsKey(text)!;
}
