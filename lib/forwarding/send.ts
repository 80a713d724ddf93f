import http from "node:http";
import https from "node:https";
import { BlockedAddressError, checkUrl, guardedLookup, type AllowList } from "./ssrf";

export const RESPONSE_EXCERPT_BYTES = 64 * 1024;

export type SendRequest = {
  url: string;
  method: string;
  headers: [string, string][];
  body: Uint8Array;
  timeoutMs: number;
};

export type SendResult = {
  status: number | null;
  headers: [string, string][];
  body: Buffer;
  durationMs: number;
  /** Why there is no usable answer: "DNS: …", "connection refused", "timeout after …", "TLS: …", "blocked: …". */
  error: string | null;
  retryAfter: string | null;
};

export type Sender = (req: SendRequest) => Promise<SendResult>;

/**
 * One outbound HTTP attempt with the SSRF guard on every connection: literal addresses are checked
 * before connecting (Node skips `lookup` for them), names through the guarded lookup, which checks
 * every resolved address and connects to a checked one. Redirects are never followed.
 * `allow: null` sends without the guard: only for the CLI, which sends to its user's own machine.
 */
export function createSender(allow: AllowList | null): Sender {
  const lookup = allow ? guardedLookup(allow) : undefined;
  // Guarded, each attempt opens its own connection to the address just checked. Unguarded (the
  // CLI, one request after another to the same local server), connections are kept alive.
  const agents = allow ? null : { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  return (input) =>
    new Promise((resolve) => {
      const started = performance.now();
      const done = (r: Omit<SendResult, "durationMs">) => resolve({ ...r, durationMs: Math.round(performance.now() - started) });
      const fail = (error: string) => done({ status: null, headers: [], body: Buffer.alloc(0), error, retryAfter: null });

      const verdict = allow ? checkUrl(input.url, allow) : { allowed: true as const };
      if (!verdict.allowed) return fail(`blocked: ${verdict.reason}`);
      const target = splitTarget(input.url);
      if (!target) return fail(`invalid target URL ${JSON.stringify(input.url)}`);
      const { url, rawPath } = target;
      const client = url.protocol === "https:" ? https : http;
      // With headers given as a raw list Node adds no Host of its own; HTTP/1.1 requires one.
      const headers = ["Host", url.host, ...input.headers.flat(), "Content-Length", String(input.body.byteLength)];
      const options = { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ""), port: url.port || undefined, path: rawPath };
      // The raw path goes out as built: a URL object would resolve "/../" (letting a sender climb
      // out of the rule's path prefix) and re-encode the query (breaking signed URLs).
      const agent = agents ? agents[url.protocol as "http:" | "https:"] : false;
      const req = client.request({ ...options, method: input.method, headers, lookup, agent }, (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (c: Buffer) => {
          if (kept < RESPONSE_EXCERPT_BYTES) {
            chunks.push(c.subarray(0, RESPONSE_EXCERPT_BYTES - kept));
            kept += Math.min(c.length, RESPONSE_EXCERPT_BYTES - kept);
          }
        });
        res.on("end", () => {
          const status = res.statusCode ?? null;
          const pairs: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
          const location = res.headers.location;
          done({
            status,
            headers: pairs,
            body: Buffer.concat(chunks),
            error: status !== null && status >= 300 && status < 400 ? `redirect not followed${location ? ` (Location: ${location})` : ""}` : null,
            retryAfter: typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : null,
          });
        });
        res.on("error", (err) => fail(describe(err, input.timeoutMs)));
      });
      // A deadline for the whole exchange, not an idle timeout: a target trickling one byte at a
      // time would otherwise hold one of the shared delivery slots indefinitely.
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })), input.timeoutMs);
      req.on("close", () => clearTimeout(deadline));
      req.on("error", (err) => fail(describe(err, input.timeoutMs)));
      req.end(input.body);
    });
}

/** Origin parts from the URL parser, path and query exactly as in the string. */
function splitTarget(raw: string): { url: URL; rawPath: string } | null {
  const m = /^https?:\/\/[^/?#]*(.*)$/i.exec(raw);
  if (!m) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const rest = m[1];
  return { url, rawPath: rest === "" ? "/" : rest.startsWith("?") ? `/${rest}` : rest };
}

function describe(err: Error & { code?: string }, timeoutMs: number): string {
  if (err instanceof BlockedAddressError || err.code === "EBLOCKED") return `blocked: ${(err as BlockedAddressError).reason ?? err.message}`;
  switch (err.code) {
    case "ETIMEOUT":
      return `timeout after ${timeoutMs} ms`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `DNS: ${err.message}`;
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
  }
  if (err.code && /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(err.code)) return `TLS: ${err.message}`;
  return err.message || String(err.code);
}
