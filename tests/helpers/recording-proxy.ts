import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP proxy in front of the app that records every exchange as it crosses the wire: who asked
 * (User-Agent), what, when the request arrived, when the answer was complete, its status, body and
 * the exact bytes written back to the client. Streams (SSE) are forwarded chunk by chunk with the
 * time each chunk passed. A test-side observer for what a client really sent and received.
 */
export type Exchange = {
  userAgent: string;
  method: string;
  url: string;
  arrivedAt: number;
  status: number;
  /** When the proxy handed the answer's last bytes to the client's socket (NaN while unfinished). */
  doneAt: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** [time, text] of each chunk of the answer as it passed. */
  chunks: [number, string][];
  /** Bytes written to the client's socket for this answer (status line, headers, body, framing). */
  wireBytes: number;
  finished: boolean;
};

const now = () => performance.timeOrigin + performance.now();

export async function startRecordingProxy(target: () => string): Promise<{ url: string; exchanges: Exchange[]; close: () => Promise<void> }> {
  const exchanges: Exchange[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server: Server = createServer((req, res) => {
    const x: Exchange = {
      userAgent: req.headers["user-agent"] ?? "", method: req.method ?? "GET", url: req.url ?? "/", arrivedAt: now(),
      status: 0, doneAt: Number.NaN, headers: {}, body: Buffer.alloc(0), chunks: [], wireBytes: 0, finished: false,
    };
    exchanges.push(x);
    const socket = req.socket;
    const before = socket.bytesWritten;
    const upstream = request(new URL(req.url ?? "/", target()), { method: req.method, headers: req.headers, agent }, (up) => {
      x.status = up.statusCode ?? 0;
      x.headers = up.headers;
      res.writeHead(x.status, up.statusMessage, up.rawHeaders);
      res.flushHeaders();
      const parts: Buffer[] = [];
      up.on("data", (c: Buffer) => {
        parts.push(c);
        x.chunks.push([now(), c.toString()]);
        res.write(c);
      });
      up.on("end", () => {
        x.body = Buffer.concat(parts);
        // Before end(): the client cannot have the answer earlier, whereas "finish" may run later.
        x.doneAt = now();
        res.end();
      });
    });
    res.on("finish", () => {
      x.finished = true;
      x.wireBytes = socket.bytesWritten - before;
    });
    // A client that leaves (a stopped long poll, a closed stream) ends the upstream request too.
    res.on("close", () => {
      if (!x.finished) upstream.destroy();
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
