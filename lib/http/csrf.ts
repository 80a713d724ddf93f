/**
 * Cross-site request forgery defence for every state-changing request outside the inbound path.
 * SameSite=Lax cookies stop other *sites*, but a page on another port or subdomain of the same
 * host is the same site and its requests carry the dashboard's cookies. So:
 * - a browser's request must come from the dashboard's own origin: `Origin` (which browsers send
 *   on every POST/PUT/PATCH/DELETE) must name this host; without Origin, `Sec-Fetch-Site` must not
 *   say cross-site or same-site. A client that sends neither is not a browser, so it carries no
 *   ambient cookies of a victim;
 * - JSON API calls must say `Content-Type: application/json`: an HTML form or a "simple" fetch
 *   can only send form or text/plain bodies without a CORS preflight, which we never grant.
 * Calls authenticated by `Authorization: Bearer` carry no ambient authority and are exempt (the
 * API resolves such a caller from the token alone, never from a cookie). next-auth's own routes
 * (/api/auth/*) post forms and protect them with next-auth's CSRF token, so only the origin rule
 * applies there.
 */
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export type CsrfInput = {
  method: string;
  pathname: string;
  headers: Record<string, string | string[] | undefined>;
  /** host[:port] values this dashboard is reached at (Host, and the configured public URLs'). */
  allowedHosts: string[];
};

/** Null when the request may proceed, otherwise the reason it is refused (403 / 415). */
export function csrfViolation({ method, pathname, headers, allowedHosts }: CsrfInput): { status: 403 | 415; message: string } | null {
  if (SAFE.has(method)) return null;
  if (/^Bearer\s/i.test(one(headers.authorization))) return null;

  const origin = one(headers.origin);
  if (origin) {
    if (!allowedHosts.includes(hostOf(origin))) return { status: 403, message: "Cross-origin request refused: this API only accepts its own pages' requests" };
  } else {
    const site = one(headers["sec-fetch-site"]);
    if (site === "cross-site" || site === "same-site") return { status: 403, message: "Cross-origin request refused: this API only accepts its own pages' requests" };
  }

  if (pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/")) {
    const type = one(headers["content-type"]).split(";")[0].trim().toLowerCase();
    if (type !== "application/json") return { status: 415, message: "State-changing API calls must send Content-Type: application/json" };
  }
  return null;
}

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

/** "https://a.example:8443" -> "a.example:8443"; "null" or garbage -> "" (never allowed). */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}
