import { IncomingMessage, METHODS, STATUS_CODES, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { RawRequestError, RawRequestParser, isMethodToken } from "./raw-request";

type Dispatch = (req: IncomingMessage, res: ServerResponse) => void;
type ClientError = Error & { code?: string; rawPacket?: Buffer };

const KNOWN = new Set(METHODS);
const readers = new WeakMap<Socket, RawRequestParser>();
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
export function handleClientError(err: ClientError, socket: Socket, isInboundTarget: (url: string) => boolean, dispatch: Dispatch) {
  const reader = readers.get(socket);
  if (reader) return feed(reader, socket, err.rawPacket);
  const packet = err.rawPacket;
  if (err.code === "HPE_INVALID_METHOD" && packet && !inFlightResponse(socket) && startsUnknownMethodRequest(packet, isInboundTarget)) {
    return feed(startReading(socket, dispatch), socket, packet);
  }
  answerLikeNode(err, socket);
}

/** True when the packet begins with `<unknown method> /<inbound path>`, i.e. it is the failing request. */
function startsUnknownMethodRequest(packet: Buffer, isInboundTarget: (url: string) => boolean): boolean {
  const line = packet.subarray(0, 8192).toString("latin1");
  const m = /^(\S+) (\/\S*)/.exec(line);
  return !!m && isMethodToken(m[1]) && !KNOWN.has(m[1]) && isInboundTarget(m[2]);
}

function startReading(socket: Socket, dispatch: Dispatch): RawRequestParser {
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
  readers.set(socket, reader);
  socket.on("timeout", () => socket.destroy());
  return reader;
}

function feed(reader: RawRequestParser, socket: Socket, packet: Buffer | undefined) {
  if (!packet || reader.done) return; // bytes after the request: the connection is closing
  // Re-armed per packet: a sender that keeps sending is not cut off, one that goes quiet is.
  socket.setTimeout(IDLE_MS);
  try {
    reader.feed(packet);
  } catch (err) {
    if (!(err instanceof RawRequestError)) throw err;
    answerAndClose(socket, err.status);
  }
}

/** Node's own answer when 'clientError' has no listener (lib/_http_server.js, socketOnError). */
function answerLikeNode(err: ClientError, socket: Socket) {
  const status =
    err.code === "HPE_HEADER_OVERFLOW" ? 431
    : err.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW" ? 413
    : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408
    : 400;
  answerAndClose(socket, status, err);
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
