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
  return headerOrigin(req.headers) ?? new URL(req.url).origin;
}

/** The origin a request's Host / X-Forwarded-* headers name (also for server components, which have no Request). */
export function headerOrigin(headers: Headers): string | null {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return host ? `${proto === "https" ? "https" : "http"}://${host}` : null;
}
