import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { z } from "zod";
import { callerFor, checkEndpoint } from "@/lib/access/handlers";
import { revocableSignal } from "@/lib/auth/caller";
import { writeThrown } from "@/lib/capture/respond";
import { HttpError } from "@/lib/http/errors";
import { presentSummary } from "@/lib/requests/present";
import { newestSeq, requestsAfter } from "@/lib/requests/queries";
import { eventBus, sseFrame } from "./bus";
import { Fanout, type Subscriber } from "./fanout";
import { openStreams } from "./open-streams";
import { recordFrameWritten } from "./push-latency";

/**
 * GET /api/endpoints/<id>/stream, the live stream of dashboards and CLIs, served by server.ts
 * beside the inbound path instead of by a Next route handler, which cost ~2.3-3 ms of CPU and
 * ~100-110 KB per open stream here (its request pipeline and web streams; README "Benchmarks" has
 * this path's figures). The same rules as every API call (lib/access: session cookie or personal
 * token, 404 for an endpoint that is not the caller's), and the stream semantics the dashboard
 * relies on: subscribe first, then replay from the database what came after Last-Event-ID (or
 * ?after=), then live events, with no gap and no duplicate between the two; more than MAX_REPLAY
 * missed is a `reset`. Ends when the client leaves, when its session or token is revoked, or at
 * shutdown with a reconnect hint.
 */
const STREAM_PATH = /^\/api\/endpoints\/([^/?#]+)\/stream(?:\?|$)/;
const HEARTBEAT_MS = 15_000;
/** More missed than this and the client is told to reload its list instead of replaying. */
const MAX_REPLAY = 1000;
/**
 * Unsent bytes a stream may hold beyond what the kernel took (and beyond its replay) before it is
 * dropped: ~850 typical events. A client that reads never comes close; one that stops reading
 * first fills the kernel's buffers for the connection (~4 MB on loopback here).
 */
export const MAX_BUFFERED_BYTES = 256 * 1024;

// EventSource sends Last-Event-ID on reconnect; on first connect the page passes ?after=<newest
// seq it already has>, so nothing that arrived in between is lost.
const afterSeq = z.coerce.number().int().min(0).nullable();

// The body is the stream itself, ended by closing the connection (no Content-Length, no chunked
// framing): frames then go to the socket exactly as the bus encoded them, one buffer shared by
// every subscriber. no-transform also keeps proxies from compressing (and so buffering) it.
export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  "X-Content-Type-Options": "nosniff",
};

const encoder = new TextEncoder();
const PREAMBLE = encoder.encode("retry: 1000\n: connected\n\n");

export function startLiveStreams(opts: {
  /** Answers requests the dashboard's host rule refuses (lib/server/dashboard-request.ts); true when it did. */
  refuseHost: (req: IncomingMessage, res: ServerResponse) => boolean;
  onDrop?: (endpointId: string, unsentBytes: number) => void;
}) {
  const fanout = new Fanout(eventBus(), { heartbeatMs: HEARTBEAT_MS, maxBufferedBytes: MAX_BUFFERED_BYTES, onDrop: opts.onDrop, onWritten: recordFrameWritten });
  return {
    /** Takes the request if it is for a live stream (answering it, errors included); false otherwise. */
    serve(req: IncomingMessage, res: ServerResponse): boolean {
      const m = STREAM_PATH.exec(req.url ?? "");
      if (!m) return false;
      if (!opts.refuseHost(req, res)) open(fanout, req, res, m[1]).catch((err) => writeThrown(res, err));
      return true;
    },
    stop: () => fanout.stop(),
  };
}

async function open(fanout: Fanout, req: IncomingMessage, res: ServerResponse, rawId: string) {
  if (req.method !== "GET") throw new HttpError("method_not_allowed", `${req.method} is not allowed here`, undefined, { Allow: "GET" });
  const endpointId = decodePathSegment(rawId);
  const caller = await callerFor({ authorization: req.headers.authorization, cookie: req.headers.cookie }, { token: true });
  await checkEndpoint(caller, endpointId);
  const query = req.url!.indexOf("?");
  const raw = req.headers["last-event-id"] ?? (query === -1 ? null : new URLSearchParams(req.url!.slice(query + 1)).get("after"));
  const after = afterSeq.parse(raw || null);
  const socket = await responseSocket(req, res);
  if (!socket || res.destroyed) return; // the client left meanwhile

  res.useChunkedEncodingByDefault = false;
  res.writeHead(200, SSE_HEADERS);
  const stream = new LiveStream(fanout, res);
  const closed = new AbortController();
  res.once("close", () => closed.abort());
  revocableSignal(caller, closed.signal).addEventListener("abort", stream.end, { once: true });
  if (!stream.track()) return;

  const s = stream.subscribe(endpointId, socket, after ?? 0);
  // With the headers, in one write; from here on frames go to the socket directly.
  res.write(PREAMBLE);
  if (after !== null) {
    const ready = eventBus().ready(endpointId); // only with several instances (lib/events/bus.ts)
    if (ready) await ready;
    const missed = await requestsAfter(caller.userId, endpointId, after, MAX_REPLAY + 1);
    if (stream.ended) return;
    if (missed.length > MAX_REPLAY) {
      const newest = await newestSeq(caller.userId, endpointId);
      if (stream.ended) return;
      s.lastSeq = newest;
      // With an id, a client that reconnects again resumes from here instead of resetting again.
      fanout.write(s, encoder.encode(`id: ${newest}\nevent: reset\ndata: {"type":"reset"}\n\n`));
    } else if (missed.length) {
      s.lastSeq = missed.at(-1)!.seq;
      fanout.writeReplay(s, Buffer.concat(missed.map((r) => sseFrame({ type: "request", endpointId, request: presentSummary(r) }))));
    }
  }
  if (!stream.ended) fanout.live(s);
}

/**
 * What an open stream holds on to. A class rather than closures over `open`'s scope, which
 * would keep everything `open` touched (the request, the caller) alive as long as the stream.
 */
class LiveStream {
  ended = false;
  private sub: Subscriber | null = null;
  private untrack = () => {};

  constructor(private fanout: Fanout, private res: ServerResponse) {}

  /** Registers with shutdown; false when shutdown is under way (the stream is then already ended with a reconnect hint). */
  track(): boolean {
    this.untrack = openStreams().add(this.goodbye);
    return !this.ended;
  }

  subscribe(endpointId: string, socket: Socket, lastSeq: number): Subscriber {
    return (this.sub = this.fanout.subscribe(endpointId, socket, lastSeq));
  }

  end = () => {
    if (this.ended) return;
    this.ended = true;
    if (this.sub) this.fanout.leave(this.sub);
    this.untrack();
    if (!this.res.destroyed) this.res.end();
  };

  private goodbye = (frame: Uint8Array) => {
    if (!this.res.destroyed) this.res.write(frame);
    this.end();
  };
}

function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError("bad_request", "Malformed percent-encoding in the URL path");
  }
}

/** A request pipelined behind another gets its socket once the one before it is answered (null: the client left). */
function responseSocket(req: IncomingMessage, res: ServerResponse): Promise<Socket | null> {
  if (res.socket) return Promise.resolve(res.socket);
  return new Promise((resolve) => {
    const gone = () => resolve(null);
    req.socket.once("close", gone);
    res.once("socket", (socket: Socket) => {
      req.socket.off("close", gone);
      resolve(socket);
    });
  });
}
