import { tokenCache, type TokenGrant } from "@/lib/tokens/resolve";
import { onRevoked } from "./revocations";
import { readSession, type SignedIn } from "./session";

/**
 * Who is calling: a signed-in browser (session cookie) or a personal API token (Authorization:
 * Bearer). The one place both are resolved, for Next's route handlers (lib/http/route.ts) and the
 * fast-path API in server.ts (lib/api) alike.
 */
export type Caller =
  | ({ kind: "session" } & SignedIn)
  | ({ kind: "token" } & TokenGrant);

export type CallerHeaders = { authorization?: string | null; cookie?: string | null };

/**
 * A request that carries an Authorization header is judged by it alone, never by a cookie it also
 * carries: token calls are exempt from the CSRF checks, so a cookie must never ride along with one.
 */
export async function resolveCaller(headers: CallerHeaders, accept: { session: boolean; token: boolean }): Promise<Caller | null> {
  if (headers.authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization);
    if (!accept.token || !m) return null;
    const grant = await tokenCache().resolve(m[1]);
    return grant ? { kind: "token", ...grant } : null;
  }
  if (!accept.session) return null;
  const session = await readSession(headers.cookie);
  return session ? { kind: "session", ...session } : null;
}

/** The credential a revocation names (lib/auth/revocations.ts). */
export function credentialOf(caller: Caller): string {
  return caller.kind === "session" ? `session:${caller.sessionId}` : `token:${caller.tokenId}`;
}

/** Whether the caller may touch this endpoint at all (a token limited to some endpoints). Ownership is checked by the query. */
export function mayUseEndpoint(caller: Caller, endpointId: string): boolean {
  return caller.kind === "session" || caller.endpointIds === null || caller.endpointIds.includes(endpointId);
}

/** A signal that aborts when `signal` does or when the caller's session or token is revoked. */
export function revocableSignal(caller: Caller, signal: AbortSignal): AbortSignal {
  const ended = new AbortController();
  const stop = onRevoked(credentialOf(caller), () => ended.abort());
  signal.addEventListener("abort", () => ended.abort(), { once: true });
  ended.signal.addEventListener("abort", stop, { once: true });
  if (signal.aborted) ended.abort();
  return ended.signal;
}
