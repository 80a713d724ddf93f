import { isDashboardCookie } from "@/lib/auth/cookies";

/**
 * The one deliberate exception to byte-exact capture. When inbound URLs share the dashboard's
 * origin, a signed-in user who opens another user's inbound URL sends the dashboard's session
 * cookie with it; stored, that token would be shown, exported and forwarded to the endpoint's
 * owner. So the dashboard's own cookie pairs are removed from Cookie headers before anything is
 * stored or matched; every other pair keeps its exact bytes and order, and a Cookie header left
 * empty is dropped. (With INBOUND_PUBLIC_URL on another host, browsers never send them.)
 */
export function stripDashboardCookies(headers: [string, string][]): [string, string][] {
  // Fast exit: almost no webhook carries a Cookie header, and fewer still ours.
  if (!headers.some(([name, value]) => value.includes("next-auth.") && name.toLowerCase() === "cookie")) return headers;
  const out: [string, string][] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== "cookie") {
      out.push([name, value]);
      continue;
    }
    const kept = value.split(";").filter((pair) => !isDashboardCookie(pair.split("=", 1)[0].trim()));
    if (kept.length === 0) continue;
    // Keep the separators the sender used; only a leading space left by a removed first pair goes.
    const joined = kept.join(";");
    out.push([name, kept.length < value.split(";").length ? joined.replace(/^ /, "") : value]);
  }
  return out;
}
