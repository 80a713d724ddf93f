import { randomBytes } from "node:crypto";
import { getPrisma, selectRows } from "@/lib/db/client";
import { revoked } from "./revocations";
import { decodeSessionJwt } from "./session-jwt";

/**
 * Server-side sessions behind next-auth's JWT cookie. The JWT alone stays valid until it expires,
 * so signing out (or a stolen cookie) would not end it; each JWT therefore names a Session row
 * (`sid`), and a session is only as good as that row: sign-out and a password change revoke rows.
 * One function reads the cookie for every server path (pages, route handlers), so there is one
 * definition of "signed in".
 */
export type SignedIn = { userId: string; sessionId: string; email: string };

/** next-auth's cookie names: `__Secure-` on https; long tokens are split into `.0`, `.1`, ... */
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export async function startSession(userId: string): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  await getPrisma().session.create({ data: { id, userId } });
  return id;
}

export async function revokeSession(sessionId: string): Promise<void> {
  await getPrisma().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  revoked([`session:${sessionId}`]);
}

/** Ends every session of the user but `keep` (the one making the change). */
export async function revokeOtherSessions(userId: string, keep: string | null): Promise<number> {
  const where = { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) };
  const ending = await getPrisma().session.findMany({ where, select: { id: true } });
  const { count } = await getPrisma().session.updateMany({ where: { ...where, id: { in: ending.map((s) => s.id) } }, data: { revokedAt: new Date() } });
  revoked(ending.map((s) => `session:${s.id}`));
  return count;
}

// One statement on the driver adapter: this runs for every signed-in call (lib/db/client.ts `selectRows`).
const SESSION_USER = `SELECT u."id", u."email" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ? AND s."userId" = ? AND s."revokedAt" IS NULL`;

/** The signed-in user behind a Cookie header, or null (no cookie, bad or expired JWT, revoked session, deleted user). */
export async function readSession(cookieHeader: string | null | undefined): Promise<SignedIn | null> {
  const jwt = sessionCookie(cookieHeader ?? "");
  if (!jwt) return null;
  const token = await decodeSessionJwt({ token: jwt, secret: process.env.NEXTAUTH_SECRET ?? "" }).catch(() => null);
  if (typeof token?.sid !== "string" || typeof token.uid !== "string") return null;
  const [row] = await selectRows(getPrisma(), SESSION_USER, [token.sid, token.uid]);
  return row ? { userId: String(row[0]), sessionId: token.sid, email: String(row[1]) } : null;
}

function sessionCookie(header: string): string | null {
  const cookies = new Map<string, string>();
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const name of SESSION_COOKIES) {
    if (cookies.has(name)) return cookies.get(name)!;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length) return chunks.join("");
  }
  return null;
}
