import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { hashToken, looksLikeToken } from "./token-secret";

/** The stored form of a token's endpoint scope (JSON text), read through this schema. */
export const endpointIdList = z.array(z.string());

/** What a valid token lets its bearer do; `hourlyLimit` null = the server's API_RATE_LIMIT_PER_HOUR. */
export type TokenGrant = { tokenId: string; userId: string; readOnly: boolean; endpointIds: string[] | null; hourlyLimit: number | null };

// Polling clients present their token on every call; a look-up per call would cost a query each.
// Entries live briefly and revoking a token drops its entry at once (lib/tokens/tokens.ts).
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export class TokenCache {
  private entries = new Map<string, { grant: TokenGrant | null; expires: number }>();

  async resolve(token: string): Promise<TokenGrant | null> {
    if (!looksLikeToken(token)) return null;
    const hash = hashToken(token);
    const hit = this.entries.get(hash);
    if (hit && hit.expires > Date.now()) return hit.grant;
    const row = await getPrisma().apiToken.findUnique({ where: { tokenHash: hash } });
    const now = Date.now();
    const live = row && !row.revokedAt && (!row.expiresAt || row.expiresAt.getTime() > now);
    const grant = live
      ? {
          tokenId: row.id, userId: row.userId, readOnly: row.readOnly, hourlyLimit: row.hourlyLimit,
          endpointIds: row.endpointIds === null ? null : endpointIdList.parse(JSON.parse(row.endpointIds)),
        }
      : null;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    // A short-lived token's cached grant ends with the token.
    this.entries.set(hash, { grant, expires: Math.min(now + TTL_MS, live && row.expiresAt ? row.expiresAt.getTime() : Infinity) });
    return grant;
  }

  invalidate(hash: string) {
    this.entries.delete(hash);
  }

  /** Another instance revoked a token (its hash is not told): every grant is looked up again. */
  clear() {
    this.entries.clear();
  }
}

const KEY = Symbol.for("webhook-inbox.token-cache");
export function tokenCache(): TokenCache {
  const g = globalThis as typeof globalThis & { [KEY]?: TokenCache };
  g[KEY] ??= new TokenCache();
  return g[KEY];
}
