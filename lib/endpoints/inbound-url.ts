/**
 * The public inbound URL of an endpoint: on INBOUND_PUBLIC_URL when inbound traffic has its own
 * origin, else PUBLIC_URL (set it behind a proxy), else the origin the request came in on, which
 * Next fills from Host / X-Forwarded-* headers.
 */
export function inboundUrl(slug: string, origin: string): string {
  const base = (process.env.INBOUND_PUBLIC_URL || process.env.PUBLIC_URL || origin).replace(/\/+$/, "");
  return `${base}/h/${slug}`;
}

export function requestOrigin(req: Request): string {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (host) return `${proto === "https" ? "https" : "http"}://${host}`;
  return new URL(req.url).origin;
}
