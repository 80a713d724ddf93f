import { randomBytes } from "node:crypto";
import { IncomingMessage, type ServerResponse } from "node:http";
import { clientIp } from "@/lib/capture/client-ip";
import { rejectTooLarge } from "@/lib/capture/handle-inbound";
import { BodyTooLargeError, readBodyLimited } from "@/lib/capture/read-body";
import { writeError } from "@/lib/capture/respond";
import type { AppConfig } from "@/lib/config/env";
import { CLIENT_IP_HEADER } from "@/lib/http/client-address";
import { csrfViolation } from "@/lib/http/csrf";

/**
 * Everything a request outside the inbound path goes through before Next sees it: a readable
 * path, the inbound origin kept apart from the dashboard, security headers (with the CSP nonce
 * Next puts on its own inline scripts), the sender's address for throttling, CSRF rules, and a
 * body limit enforced while streaming, before any authentication or parsing runs. Resolves to the
 * request to hand to Next, or null when it has already been answered.
 */
export function createDashboardGate(config: AppConfig) {
  const dev = config.NODE_ENV === "development";
  const configuredHosts = dashboardHosts(config);
  const offDashboard = createInboundHostRule(config);
  const limits = bodyLimits(config.MAX_BODY_BYTES);

  return async function gate(req: IncomingMessage, res: ServerResponse): Promise<IncomingMessage | null> {
    const url = req.url ?? "/";
    const pathname = url.split("?", 1)[0];
    const host = forwardedHost(req, config.TRUST_PROXY);
    if (offDashboard(req, res)) return null;
    try {
      decodeURIComponent(pathname);
    } catch {
      return answer(res, "bad_request", "Malformed percent-encoding in the URL path");
    }

    const nonce = randomBytes(16).toString("base64");
    const csp = contentSecurityPolicy(nonce, dev);
    // Next reads the nonce from the request's CSP header and puts it on the scripts it inlines.
    req.headers["content-security-policy"] = csp;
    defaultHeaders(res, { ...PAGE_HEADERS, "Content-Security-Policy": csp });
    // Route handlers cannot see the socket; this header (never taken from the sender) carries its address.
    req.headers[CLIENT_IP_HEADER] = clientIp(req, config.TRUST_PROXY);

    const refused = csrfViolation({ method: req.method ?? "GET", pathname, headers: req.headers, allowedHosts: [host, ...configuredHosts] });
    if (refused) return answer(res, refused.status === 403 ? "forbidden" : "unsupported_media_type", refused.message);

    const limit = pathname.startsWith("/api/auth/") || pathname === "/api/users" || !pathname.startsWith("/api/") ? limits.small : limits.api;
    return withinBodyLimit(req, res, limit);
  };
}

/**
 * The inbound origin (INBOUND_PUBLIC_URL) serves inbound URLs only: no dashboard, API or live
 * stream there, and so no dashboard cookies. Answers a request to that host with 404 and returns
 * true; the gate applies it, and server.ts to the live streams it serves before the gate.
 */
export function createInboundHostRule(config: AppConfig) {
  const configuredHosts = dashboardHosts(config);
  const inboundHost = config.INBOUND_PUBLIC_URL ? new URL(config.INBOUND_PUBLIC_URL).host : null;
  return function refused(req: IncomingMessage, res: ServerResponse): boolean {
    if (!inboundHost) return false;
    const host = forwardedHost(req, config.TRUST_PROXY);
    if (host !== inboundHost || configuredHosts.includes(host)) return false;
    answer(res, "not_found", "Nothing here: this host serves inbound webhook URLs (/h/...) only");
    return true;
  };
}

function dashboardHosts(config: AppConfig): string[] {
  return [config.PUBLIC_URL, config.NEXTAUTH_URL].filter((u): u is string => !!u).map((u) => new URL(u).host);
}

/**
 * JSON API bodies carry at most a captured body in base64 (replay edits), so their limit follows
 * MAX_BODY_BYTES; sign-in, sign-up and pages never need more than a small form.
 */
export function bodyLimits(maxBodyBytes: number) {
  return { small: 64 * 1024, api: Math.max(1024 * 1024, Math.ceil((maxBodyBytes * 4) / 3) + 64 * 1024) };
}

const PAGE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/**
 * Scripts only with this response's nonce ('strict-dynamic' lets those load Next's chunks);
 * styles may be inline (React's style attributes), which cannot run code. Development needs eval
 * for React Refresh.
 */
function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Declared lengths are checked before a byte is read (Node's parser never reads past them).
 * Chunked bodies are read here within the limit and handed to Next as a request with that exact
 * body: Next reads bodies itself, so a limit cannot be imposed half-way through its read.
 */
async function withinBodyLimit(req: IncomingMessage, res: ServerResponse, limit: number): Promise<IncomingMessage | null> {
  const declared = Number(req.headers["content-length"]);
  if (!req.headers["transfer-encoding"]) {
    if (Number.isFinite(declared) && declared > limit) {
      rejectTooLarge(req, res, limit);
      return null;
    }
    return req;
  }
  try {
    return replayWithBody(req, await readBodyLimited(req, limit));
  } catch (err) {
    if (err instanceof BodyTooLargeError) rejectTooLarge(req, res, limit);
    else req.socket.destroy(); // the sender went away mid-body
    return null;
  }
}

function replayWithBody(original: IncomingMessage, body: Buffer): IncomingMessage {
  const req = new IncomingMessage(original.socket);
  const rawHeaders: string[] = [];
  for (let i = 0; i < original.rawHeaders.length; i += 2) {
    const name = original.rawHeaders[i].toLowerCase();
    if (name !== "transfer-encoding" && name !== "content-length") rawHeaders.push(original.rawHeaders[i], original.rawHeaders[i + 1]);
  }
  rawHeaders.push("Content-Length", String(body.length));
  const headers = { ...original.headers, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  Object.assign(req, {
    method: original.method, url: original.url, rawHeaders, headers, complete: true,
    httpVersion: original.httpVersion, httpVersionMajor: original.httpVersionMajor, httpVersionMinor: original.httpVersionMinor,
  });
  req.push(body);
  req.push(null);
  return req;
}

/**
 * Adds these headers when the response goes out, unless the handler set its own (e.g. the raw
 * body route's sandbox CSP): Next never replaces a header already on the response, so setting
 * them up front would override the handlers' stricter ones.
 */
function defaultHeaders(res: ServerResponse, defaults: Record<string, string>) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const given = args.find((a) => typeof a === "object" && a !== null) as Record<string, unknown> | unknown[] | undefined;
    const givenNames = new Set((Array.isArray(given) ? given.filter((_, i) => i % 2 === 0) : Object.keys(given ?? {})).map((n) => String(n).toLowerCase()));
    for (const [name, value] of Object.entries(defaults)) if (!this.hasHeader(name) && !givenNames.has(name.toLowerCase())) this.setHeader(name, value);
    return writeHead.apply(this, args as Parameters<typeof writeHead>);
  } as typeof res.writeHead;
}

function forwardedHost(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-host"] ?? "").split(",")[0].trim() : "";
  return forwarded || req.headers.host || "";
}

function answer(res: ServerResponse, code: Parameters<typeof writeError>[1], message: string): null {
  writeError(res, code, message);
  return null;
}
