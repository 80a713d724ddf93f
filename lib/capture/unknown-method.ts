import { IncomingMessage, METHODS, STATUS_CODES, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { RawRequestError, RawRequestParser, isMethodToken } from "./raw-request";

type Dispatch = (req: IncomingMessage, res: ServerResponse) => void;
/** Told about an inbound-URL request refused as malformed, so it can be counted for its endpoint. */
type OnRefused = (method: string, target: string, status: number) => void;
type ClientError = Error & { code?: string; rawPacket?: Buffer };
type Reading = { parser: RawRequestParser; method: string; target: string };

const KNOWN = new Set(METHODS);
const readers = new WeakMap<Socket, Reading>();
// A connection on this path that goes quiet for this long before its request is complete is closed.
const IDLE_MS = 30_000;

/**
 * The server's 'clientError' handler. Node's parser (llhttp) knows a fixed list of methods and
 * answers 400 to any other (`FOO`, `NOTIFY2`...) before app code runs, yet an inbound URL must
 * accept every method. On that one error, when the failing bytes start a request for an inbound
 * path, this parses the request itself (raw-request.ts) and hands it to `dispatch` as a real
 * IncomingMessage/ServerResponse pair, so it takes exactly the normal capture path. Node's parser
 * for the connection is spent: it keeps reporting each later packet as the same error, which is
 * how the rest of the request reaches us, and the connection closes after the answer.
 *
 * Every other client error gets Node's default answer.
 */
export function handleClientError(
  err: ClientError,
  socket: Socket,
  isInboundTarget: (url: string) => boolean,
  dispatch: Dispatch,
  onRefused: OnRefused = () => {},
) {
  const reader = readers.get(socket);
  if (reader) return feed(reader, socket, err.rawPacket, onRefused);
  const packet = err.rawPacket;
  const start = packet ? requestStart(packet) : null;
  const inbound = start !== null && isInboundTarget(start.target);
  if (err.code === "HPE_INVALID_METHOD" && inbound && !KNOWN.has(start.method) && !inFlightResponse(socket)) {
    return feed(startReading(socket, dispatch, start), socket, packet, onRefused);
  }
  // A request for an inbound URL that Node's parser refused (bad framing, oversized head...).
  if (inbound) onRefused(start.method, start.target, answerStatus(err));
  answerLikeNode(err, socket);
}

/** `<method> /<target>` when the packet begins a request line. */
function requestStart(packet: Buffer): { method: string; target: string } | null {
  const line = packet.subarray(0, 8192).toString("latin1");
  const m = /^(\S+) (\/\S*)/.exec(line);
  return m && isMethodToken(m[1]) ? { method: m[1], target: m[2] } : null;
}

function startReading(socket: Socket, dispatch: Dispatch, start: { method: string; target: string }): Reading {
  let req: IncomingMessage | undefined;
  const reader = new RawRequestParser({
    head(head) {
      req = new IncomingMessage(socket);
      Object.assign(req, { method: head.method, url: head.target, httpVersionMajor: 1, httpVersionMinor: head.httpMinor, httpVersion: `1.${head.httpMinor}` });
      req.rawHeaders = head.rawHeaders;
      req.headers = headerMap(head.rawHeaders);
      const res = new ServerResponse(req);
      res.shouldKeepAlive = false; // sends Connection: close
      res.assignSocket(socket);
      res.once("finish", () => {
        res.detachSocket(socket);
        socket.destroySoon();
      });
      if (/^100-continue$/i.test(req.headers.expect ?? "")) socket.write("HTTP/1.1 100 Continue\r\n\r\n");
      dispatch(req, res);
    },
    body(chunk) {
      req!.push(chunk);
    },
    end() {
      socket.setTimeout(0); // the whole request is in; the answer may wait for a configured delay
      req!.complete = true;
      req!.push(null);
    },
  });
  const reading = { parser: reader, ...start };
  readers.set(socket, reading);
  socket.on("timeout", () => socket.destroy());
  return reading;
}

function feed(reading: Reading, socket: Socket, packet: Buffer | undefined, onRefused: OnRefused) {
  if (!packet || reading.parser.done) return; // bytes after the request: the connection is closing
  // Re-armed per packet: a sender that keeps sending is not cut off, one that goes quiet is.
  socket.setTimeout(IDLE_MS);
  try {
    reading.parser.feed(packet);
  } catch (err) {
    if (!(err instanceof RawRequestError)) throw err;
    onRefused(reading.method, reading.target, err.status);
    answerAndClose(socket, err.status);
  }
}

/** The status Node answers a client error with (lib/_http_server.js, socketOnError). */
function answerStatus(err: ClientError): number {
  return err.code === "HPE_HEADER_OVERFLOW" ? 431
    : err.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW" ? 413
    : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408
    : 400;
}

/** Node's own answer when 'clientError' has no listener. */
function answerLikeNode(err: ClientError, socket: Socket) {
  answerAndClose(socket, answerStatus(err), err);
}

/** A bare error answer, unless a response already started on this socket; then the socket goes. */
function answerAndClose(socket: Socket, status: number, err?: Error) {
  if (socket.writable && !inFlightResponse(socket)?.headersSent) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy(err);
}

/** The response Node (or startReading) has attached to this socket, if any. */
function inFlightResponse(socket: Socket): ServerResponse | undefined {
  return (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
}

/**
 * Node's `req.headers` from raw pairs: lower-case names; for the fields the inbound path reads
 * (content-type, content-length, x-forwarded-for, expect) the first wins or values are joined
 * exactly as Node does.
 */
function headerMap(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    if (!(name in out)) out[name] = value;
    else if (!SINGLE_VALUED.has(name)) out[name] += (name === "cookie" ? "; " : ", ") + value;
  }
  return out;
}

// Fields Node keeps only the first of (lib/_http_incoming.js, matchKnownFields).
const SINGLE_VALUED = new Set([
  "content-type", "content-length", "user-agent", "referer", "host", "authorization", "proxy-authorization",
  "if-modified-since", "if-unmodified-since", "from", "location", "max-forwards", "retry-after", "etag",
  "last-modified", "server", "age", "expires",
]);
