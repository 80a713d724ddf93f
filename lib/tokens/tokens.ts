import { z } from "zod";
import { revoked } from "@/lib/auth/revocations";
import { getPrisma } from "@/lib/db/client";
import { HttpError, notFound } from "@/lib/http/errors";
import { endpointIdList, tokenCache } from "./resolve";
import { newToken } from "./token-secret";

/** Personal API tokens, always reached through their owner. */
export const createTokenInput = z.object({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  readOnly: z.boolean().default(false),
  // Absent: every endpoint of the user, also ones created later.
  endpointIds: z.array(z.string().max(64)).min(1, "must name at least one endpoint (or leave it out for all)").max(200).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenInput>;

type TokenRow = { id: string; name: string; prefix: string; readOnly: boolean; endpointIds: string | null; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null };
type UsageTotals = { ok: number; notModified: number; longPolls: number; limited: number; bytes: number };
/** One endpoint's share of a token's calls; endpointId null: calls about no one endpoint (listing them). */
type EndpointUsage = UsageTotals & { endpointId: string | null };
const ZERO: UsageTotals = { ok: 0, notModified: 0, longPolls: 0, limited: 0, bytes: 0 };

export function presentToken(t: TokenRow, byEndpoint: EndpointUsage[] = []) {
  const usage = { ...ZERO };
  for (const u of byEndpoint) for (const k of Object.keys(ZERO) as (keyof UsageTotals)[]) usage[k] += u[k];
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    readOnly: t.readOnly,
    endpointIds: t.endpointIds === null ? null : endpointIdList.parse(JSON.parse(t.endpointIds)),
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    usage,
    usageByEndpoint: byEndpoint,
  };
}
export type TokenDto = ReturnType<typeof presentToken>;

/** Creates a token; the secret is in this answer only (the database keeps its hash). */
export async function createToken(userId: string, input: CreateTokenInput): Promise<TokenDto & { token: string }> {
  const prisma = getPrisma();
  if (input.endpointIds) {
    const owned = new Set((await prisma.endpoint.findMany({ where: { userId, id: { in: input.endpointIds } }, select: { id: true } })).map((e) => e.id));
    const bad = input.endpointIds.findIndex((id) => !owned.has(id));
    if (bad !== -1) throw new HttpError("validation_failed", `endpointIds.${bad}: not one of your endpoints`, `endpointIds.${bad}`);
  }
  const secret = newToken();
  const row = await prisma.apiToken.create({
    data: {
      id: crypto.randomUUID(),
      userId,
      name: input.name,
      prefix: secret.prefix,
      tokenHash: secret.hash,
      readOnly: input.readOnly,
      endpointIds: input.endpointIds ? JSON.stringify([...new Set(input.endpointIds)]) : null,
    },
  });
  return { ...presentToken(row), token: secret.token };
}

/**
 * A read-only token for one endpoint that stops working at `expiresAt` (a live experiment's, which
 * also revokes it when done), with its own hourly budget so that the experiment's planned calls fit.
 */
export async function createShortLivedToken(
  userId: string,
  input: { name: string; endpointId: string; expiresAt: Date; hourlyLimit: number },
): Promise<{ id: string; token: string }> {
  const secret = newToken();
  const row = await getPrisma().apiToken.create({
    data: {
      id: crypto.randomUUID(), userId, name: input.name, prefix: secret.prefix, tokenHash: secret.hash, readOnly: true,
      endpointIds: JSON.stringify([input.endpointId]), expiresAt: input.expiresAt, hourlyLimit: input.hourlyLimit,
    },
  });
  return { id: row.id, token: secret.token };
}

/** The user's live tokens (not revoked, not expired), newest first, each with its call counts in total and per endpoint. */
export async function listTokens(userId: string): Promise<TokenDto[]> {
  const prisma = getPrisma();
  const rows = await prisma.apiToken.findMany({
    where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    orderBy: { createdAt: "desc" },
  });
  // One row per (token, endpoint) already (the table's key), so no grouping is needed.
  const usage = await prisma.apiUsage.findMany({
    where: { tokenId: { in: rows.map((r) => r.id) } },
    select: { tokenId: true, endpointId: true, ok: true, notModified: true, longPolls: true, limited: true, bytes: true },
    orderBy: { endpointId: "asc" },
  });
  const byToken = new Map<string, EndpointUsage[]>();
  for (const { tokenId, endpointId, ...counts } of usage) {
    const list = byToken.get(tokenId) ?? [];
    list.push({ endpointId: endpointId || null, ...counts });
    byToken.set(tokenId, list);
  }
  return rows.map((r) => presentToken(r, byToken.get(r.id)));
}

/** Revokes at once: cached look-ups are dropped and open streams using the token are closed. */
export async function revokeToken(userId: string, id: string): Promise<void> {
  const prisma = getPrisma();
  const row = await prisma.apiToken.findFirst({ where: { id, userId, revokedAt: null }, select: { tokenHash: true } });
  if (!row) throw notFound("Token not found");
  await prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
  tokenCache().invalidate(row.tokenHash);
  revoked([`token:${id}`]);
}
