/**
 * What an endpoint owner may make the inbound URL answer. Inbound URLs are served on the
 * dashboard's origin unless INBOUND_PUBLIC_URL moves them to their own, so a configured response
 * must never be able to act on that origin in a visitor's browser: set or clear its cookies,
 * register a service worker for it, redirect from it, or relax the sandbox every inbound answer
 * carries (lib/capture/respond.ts). Such headers are refused when saved (422 naming the header)
 * and dropped when sent, for rows saved before this rule existed.
 */

/** Headers that change the browser's state for the origin or how it treats the response. */
const BROWSER_STATE_HEADERS = new Map<string, string>([
  ["set-cookie", "it would set cookies on this site"],
  ["set-cookie2", "it would set cookies on this site"],
  ["clear-site-data", "it would clear visitors' data for this site"],
  ["service-worker-allowed", "it would let a service worker control this site"],
  ["content-security-policy", "inbound answers always carry the server's sandbox policy"],
  ["content-security-policy-report-only", "inbound answers always carry the server's sandbox policy"],
  ["x-content-type-options", "inbound answers always carry nosniff"],
  ["refresh", "it would redirect visitors from this site"],
  ["strict-transport-security", "it would change how browsers reach this whole site"],
  ["alt-svc", "it would change how browsers reach this whole site"],
  ["link", "it can preload or prefetch resources on this site's behalf"],
  ["origin-agent-cluster", "it changes this site's browsing-context isolation"],
  ["cross-origin-opener-policy", "it changes this site's browsing-context isolation"],
  ["cross-origin-embedder-policy", "it changes this site's browsing-context isolation"],
  ["permissions-policy", "it changes what this site's pages may do"],
  ["reporting-endpoints", "it registers reporting endpoints for this site"],
  ["report-to", "it registers reporting endpoints for this site"],
  ["nel", "it registers reporting endpoints for this site"],
]);

/** Why this configured response header is refused, or null when it is allowed. */
export function refusedHeaderReason(name: string): string | null {
  const why = BROWSER_STATE_HEADERS.get(name.toLowerCase());
  return why ? `${name} cannot be configured: ${why}` : null;
}

/**
 * Redirects: a Location may only point inside the endpoint's own inbound URL (`/h/<slug>...`,
 * as a path), so a sender can be tested against 301/302/307 without the dashboard's origin
 * becoming an open redirect to anywhere.
 */
export function locationAllowed(value: string, slug: string): boolean {
  const base = `/h/${slug}`;
  return (value === base || value.startsWith(`${base}/`) || value.startsWith(`${base}?`)) && !/[\\\s]/.test(value);
}

export const LOCATION_RULE = "Location must be a path inside this endpoint's own URL (/h/<slug>/...): redirecting elsewhere would make this site an open redirect";

/** The headers that may go out for this endpoint (send-time filter, same rules as on save). */
export function sendableHeaders(headers: [string, string][], slug: string): [string, string][] {
  return headers.filter(([name, value]) => {
    if (refusedHeaderReason(name)) return false;
    return name.toLowerCase() !== "location" || locationAllowed(value, slug);
  });
}
