import { hkdfSync } from "node:crypto";
import { jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams } from "next-auth/jwt";

/**
 * next-auth's session JWT decode (`decode` from next-auth/jwt, v4: an A256GCM JWE keyed by HKDF of
 * the secret), with the key derived once per secret instead of on every call: the derivation was
 * most of the cost, ~50-100 µs of CPU per decode here against ~10 µs with the key kept, and every
 * signed-in API call and live stream decodes the cookie. next-auth uses this same function
 * (lib/auth/options.ts), so there is one decode; session-jwt.test.ts checks it against next-auth's
 * own encode and decode.
 */
const keys = new Map<string, Uint8Array>();

function encryptionKey(secret: string | Buffer, salt: string): Uint8Array {
  const id = `${salt}\0${typeof secret === "string" ? secret : secret.toString("base64")}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = new Uint8Array(hkdfSync("sha256", secret, salt, info, 32));
    keys.set(id, key);
  }
  return key;
}

export async function decodeSessionJwt({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, encryptionKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}
