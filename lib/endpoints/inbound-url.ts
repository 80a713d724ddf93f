/**
 * The public inbound URL of an endpoint. PUBLIC_URL wins (set it behind a proxy); otherwise the
 * origin the request came in on, which Next fills from Host / X-Forwarded-* headers.
 */
export function inboundUrl(slug: string, origin: string): string {
  const base = (process.env.PUBLIC_URL || origin).replace(/\/+$/, "");
  return `${base}/h/${slug}`;
}

export function requestOrigin(req: Request): string {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (host) return `${proto === "https" ? "https" : "http"}://${host}`;
  return new URL(req.url).origin;
}
