import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import { parseResponse, rawRoundTrip } from "./inbound";
import type { AddressInfo } from "node:net";

/** One request as the forwarding target saw it: raw header pairs in wire order, exact body bytes. */
export type Received = {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
  /** performance.now() when the whole request had arrived. */
  at: number;
  /** Header value by case-insensitive name (first occurrence), or undefined. */
  header(name: string): string | undefined;
};

/** Answers one received request. `nth` counts earlier requests with the same Idempotency-Key under this route (0-based). */
export type Behaviour = (req: Received, res: ServerResponse, nth: number) => void;

export type Target = {
  port: number;
  url: string;
  /** Every request, in arrival order. */
  received: Received[];
  /** Requests whose URL starts with `prefix`. */
  at(prefix: string): Received[];
  /** Sets how requests under `prefix` are answered (longest prefix wins); default 200 "ok". */
  route(prefix: string, behaviour: Behaviour): void;
  close(): Promise<void>;
};

export const ok: Behaviour = (_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain" });
  res.end("ok");
};

export const status =
  (code: number, headers: Record<string, string> = {}, body = `status ${code}`): Behaviour =>
  (_req, res) => {
    res.writeHead(code, { "Content-Type": "text/plain", ...headers });
    res.end(body);
  };

/** A local HTTP server standing in for a webhook receiver; records everything it receives. */
export async function startTarget(): Promise<Target> {
  const received: Received[] = [];
  const routes = new Map<string, Behaviour>();
  const seen = new Map<string, number>();
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawHeaders = [...req.rawHeaders];
      const rec: Received = {
        method: req.method ?? "",
        url: req.url ?? "",
        rawHeaders,
        body: Buffer.concat(chunks),
        at: performance.now(),
        header(name) {
          for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === name.toLowerCase()) return rawHeaders[i + 1];
          return undefined;
        },
      };
      received.push(rec);
      const prefix = [...routes.keys()].filter((p) => rec.url.startsWith(p)).sort((a, b) => b.length - a.length)[0];
      const key = `${prefix}\n${rec.header("idempotency-key")}`;
      const nth = seen.get(key) ?? 0;
      seen.set(key, nth + 1);
      (prefix === undefined ? ok : routes.get(prefix)!)(rec, res, nth);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    received,
    at: (prefix) => received.filter((r) => r.url.startsWith(prefix)),
    route: (prefix, behaviour) => void routes.set(prefix, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Raw header list [n, v, n, v, ...] as pairs. */
export function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/**
 * Sends one request over a fresh TCP connection exactly as given: request line, header lines in the
 * given order and case (duplicates kept), then `body` (already framed by the caller: Content-Length
 * or chunked, whatever the headers say). Reads until the server closes the connection, so the
 * request must carry Connection: close; returns the answer's status and body.
 */
export async function sendRawHttp(port: number, head: string, body: Buffer = Buffer.alloc(0)): Promise<{ status: number; body: string }> {
  const res = parseResponse(await rawRoundTrip(port, Buffer.concat([Buffer.from(head, "latin1"), body])));
  return { status: res.status, body: res.body.toString("latin1") };
}

/** Polls `fn` until it returns a non-undefined value, or throws with the last value after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
