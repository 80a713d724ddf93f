import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { checkEndpoint } from "@/lib/access/handlers";
import { resolveCaller, revocableSignal, type Caller } from "@/lib/auth/caller";
import { HttpError, notFound, toErrorEnvelope, unauthorized } from "@/lib/http/errors";
import { budgetHeaders, type HourlyBudget } from "./rate-limit";
import type { UsageCounter } from "./usage";

/**
 * The public pull API (/api/v1), served in server.ts beside the inbound path rather than through
 * Next: polling clients call it far more often than people load pages, and a Next route handler
 * costs ~2-4 ms of CPU per call here where this path costs a fraction of that (`npm run bench --
 * pull`). Each route is declared once, with the zod schemas its input is parsed with and its
 * answers are described by; the OpenAPI document is generated from the same declarations
 * (openapi.ts), so the two cannot drift.
 *
 * Every call: token (401 + WWW-Authenticate), per-token hourly budget (429 + Retry-After, with
 * RateLimit-* headers on every answer), the endpoint the token may use and its user owns (404),
 * input (422 naming the parameter), the handler, then a strong ETag and 304 for list answers, and
 * a usage count for the token and endpoint.
 */
export type ApiContext<Q, B = unknown> = {
  caller: Extract<Caller, { kind: "token" }>;
  params: Record<string, string>;
  query: Q;
  /** The JSON body, parsed with the route's `body` schema. */
  body: B;
  /** Spends one call of the token's hourly budget (429 when none is left): for `budget: "forward"` routes, on calls that are not free. */
  charge: () => void;
  /** The endpoint named by `{id}`, checked; only on routes declared with `endpoint: true`. */
  endpoint: { id: string };
  url: URL;
  ifNoneMatch: string | null;
  /** Aborts when the client goes away or its token is revoked. */
  signal: AbortSignal;
  /** Set by a handler that held the request open (long-poll), for the usage counts. */
  longPoll: boolean;
};

export type ApiAnswer =
  | { json: unknown; headers?: Record<string, string>; etag?: boolean; status?: 201 }
  | { bytes: Buffer; contentType: string; headers?: Record<string, string> }
  | { noContent: true };

export type ApiRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> = {
  method: "GET" | "DELETE" | "PUT" | "POST";
  /** Changes data: refused (403) for read-only tokens. */
  write?: boolean;
  /** OpenAPI-style template, e.g. /api/v1/endpoints/{id}/requests */
  path: string;
  /** Named here when the one derived from the path would not read well. */
  operationId?: string;
  summary: string;
  description?: string;
  query?: Q;
  /** A JSON request body (Content-Type: application/json), parsed with this schema. */
  body?: B;
  /** The largest body accepted (413 beyond it); 256 KiB unless said. */
  maxBodyBytes?: number;
  endpoint?: boolean;
  /**
   * "forward": calls that move a forwarder (the CLI) forward along its cursor cost no budget, since
   * their number follows the endpoint's traffic rather than a polling loop; the handler calls
   * `ctx.charge()` for the others. Default: every call costs one, charged before the handler runs.
   */
  budget?: "forward";
  /** The success answer: 200 or 201 with a zod-described JSON body or raw bytes of a media type, or 204. */
  response: { description: string; schema?: z.ZodType; mediaType?: string; status?: 200 | 201 | 204 };
  /** Whether the answer carries an ETag and may be 304. */
  conditional?: boolean;
  handler: (ctx: ApiContext<z.infer<Q>, z.infer<B>>) => Promise<ApiAnswer>;
};

export function defineRoute<Q extends z.ZodType, B extends z.ZodType = z.ZodType>(route: ApiRoute<Q, B>): ApiRoute<Q, B> {
  return route;
}

const MAX_BODY_BYTES = 256 * 1024;

type Compiled = { route: ApiRoute; pattern: RegExp; names: string[] };

export function createApiRouter(routes: ApiRoute[], deps: { budget: HourlyBudget; usage: UsageCounter; trustProxy: boolean }) {
  const compiled: Compiled[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), "([^/]+)"));
    return { route, pattern: new RegExp(`^${source}$`), names };
  });

  /** Answers the request if it is an API path; returns false for anything else. */
  return async function handle(req: IncomingMessage, res: ServerResponse, publicDoc: () => unknown): Promise<void> {
    const url = new URL(req.url ?? "/", requestOrigin(req, deps.trustProxy));
    let tokenId: string | null = null;
    let endpointId: string | null = null;
    let longPoll = false;
    let headers: Record<string, string> = { "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff" };
    try {
      if (url.pathname === "/api/v1/openapi.json") return void send(res, 200, headers, JSON.stringify(publicDoc(), null, 2), "application/json");
      const match = find(compiled, url.pathname, req.method === "HEAD" ? "GET" : (req.method ?? "GET"));
      const caller = await resolveCaller({ authorization: req.headers.authorization ?? null }, { session: false, token: true });
      if (caller?.kind !== "token") throw unauthorized(true);
      tokenId = caller.tokenId;

      const ownLimit = caller.hourlyLimit ?? undefined;
      const charge = () => {
        const budget = deps.budget.take(caller.tokenId, ownLimit);
        headers = { ...headers, ...budgetHeaders(budget) };
        if (!budget.allowed) throw new HttpError("rate_limited", `This token's budget of ${budget.limit} calls an hour is spent`, undefined, { "Retry-After": String(budget.resetSeconds) });
      };
      const { route, params } = match;
      if (route.budget === "forward") headers = { ...headers, ...budgetHeaders(deps.budget.peek(caller.tokenId, ownLimit)) };
      else charge();

      if (route.write && caller.readOnly) throw new HttpError("forbidden", "This token is read-only");
      // Only the owner check (one statement on the driver adapter): no route here needs the
      // endpoint's settings, and loading them through Prisma cost more than a whole 304 answer.
      let endpoint: { id: string } | undefined;
      if (route.endpoint) {
        await checkEndpoint(caller, params.id);
        endpoint = { id: params.id };
        endpointId = endpoint.id;
      }
      const query = route.query ? parseQuery(route.query, url.searchParams) : {};
      const body = route.body ? route.body.parse(await readJson(req, route.maxBodyBytes ?? MAX_BODY_BYTES)) : undefined;
      const closed = new AbortController();
      res.once("close", () => closed.abort());
      const ctx: ApiContext<unknown> = {
        caller, params, query, body, charge, endpoint: endpoint!, url, ifNoneMatch: req.headers["if-none-match"] ?? null,
        signal: revocableSignal(caller, closed.signal), longPoll: false,
      };
      const answer = await route.handler(ctx);
      longPoll = ctx.longPoll;
      if (closed.signal.aborted || res.destroyed) return;
      if ("noContent" in answer) return count(send(res, 204, headers, ""));
      headers = { ...headers, ...answer.headers };
      if ("bytes" in answer) return count(send(res, 200, headers, answer.bytes, answer.contentType, req.method === "HEAD"));
      const json = JSON.stringify(answer.json);
      if (answer.etag) {
        const etag = strongEtag(json);
        headers.ETag = etag;
        if (matchesEtag(ctx.ifNoneMatch, etag)) return count(send(res, 304, headers, ""));
      }
      return count(send(res, answer.status ?? 200, headers, json, "application/json", req.method === "HEAD"));
    } catch (err) {
      const { status, body, headers: extra } = toErrorEnvelope(err);
      return count(send(res, status, { ...headers, ...extra }, JSON.stringify(body), "application/json"));
    }

    function count(sent: { status: number; bytes: number } | void) {
      if (tokenId && sent) deps.usage.count({ tokenId, endpointId, status: sent.status, longPoll, bytes: sent.bytes });
    }
  };
}

/** The route for this path and method: 404 when no route has the path, 405 (with Allow) when none has the method. */
function find(compiled: Compiled[], pathname: string, method: string) {
  const allowed: string[] = [];
  for (const c of compiled) {
    const m = c.pattern.exec(pathname);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    return { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  if (allowed.length) throw new HttpError("method_not_allowed", `${method} is not allowed here`, undefined, { Allow: allowed.join(", ") });
  throw notFound("No such API route");
}

/** The origin the client used (for Link headers and inbound URLs): X-Forwarded-* only behind a trusted proxy. */
function requestOrigin(req: IncomingMessage, trustProxy: boolean): string {
  const first = (v: string | string[] | undefined) => String(v ?? "").split(",")[0].trim();
  const proto = trustProxy && first(req.headers["x-forwarded-proto"]) === "https" ? "https" : "http";
  const host = (trustProxy && first(req.headers["x-forwarded-host"])) || req.headers.host || "localhost";
  // A Host header that is no host (a sender can write anything there) falls back to a neutral one.
  return URL.canParse(`${proto}://${host}`) ? `${proto}://${host}` : "http://localhost";
}

/** Query parameters through the route's zod schema: a bad one is a 422 naming it. */
function parseQuery(schema: z.ZodType, params: URLSearchParams): unknown {
  return schema.parse(Object.fromEntries(params));
}

/** A JSON body: 415 unless it says so, 413 beyond the limit (read no further), 400 when it is not JSON. */
async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new HttpError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  if (Number(req.headers["content-length"] ?? 0) > limit) throw new HttpError("payload_too_large", `The body must be at most ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError("payload_too_large", `The body must be at most ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError("bad_request", "The body must be valid JSON");
  }
}

/** Strong: the hash of the exact bytes of the answer, so any change in them changes it. */
export function strongEtag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((t) => t.trim() === etag);
}

/** Writes the answer; returns what was sent (status and bytes on the wire) for the usage counts. */
function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer, contentType?: string, head = false) {
  if (res.headersSent || res.destroyed) return;
  const out: Record<string, string | number> = { ...headers };
  if (contentType) out["Content-Type"] = contentType;
  const empty = status === 304 || status === 204;
  if (!empty) out["Content-Length"] = Buffer.byteLength(body);
  res.writeHead(status, out);
  res.end(head || empty ? undefined : body);
  const headBytes = 17 + Object.entries(out).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 2);
  return { status, bytes: headBytes + (head || empty ? 0 : Buffer.byteLength(body)) };
}
