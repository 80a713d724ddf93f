/**
 * A small, strict HTTP/1.x request parser for the one case Node's own parser refuses: a method it
 * does not know (see unknown-method.ts). Fed the connection's bytes as they arrive, it reports the
 * head, then the body (de-chunked) in pieces, then the end. Anything it does not accept is a
 * RawRequestError carrying the status to answer, never a guess.
 */
import { HEADER_NAME as TOKEN } from "@/lib/endpoints/settings";

export type RawHead = {
  method: string;
  /** The request-target exactly as sent (origin form: starts with "/"). */
  target: string;
  httpMinor: 0 | 1;
  /** [name, value, name, value, ...] as sent, latin1, like Node's `rawHeaders`. */
  rawHeaders: string[];
};

export type RawRequestEvents = {
  head(head: RawHead): void;
  body(chunk: Buffer): void;
  end(): void;
};

export class RawRequestError extends Error {
  constructor(
    readonly status: 400 | 431,
    message: string,
  ) {
    super(message);
  }
}

// Node's defaults: --max-http-header-size (16 KiB) for the head, the same for trailers.
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_CHUNK_LINE = 1024;
const REQUEST_LINE = /^(\S+) (\/[\x21-\x7e\x80-\xff]*) HTTP\/1\.([01])$/;
const FIELD_VALUE = /^[^\0\r\n]*$/;
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

type State =
  | { kind: "head" }
  | { kind: "fixed"; left: number }
  | { kind: "chunk-size" }
  | { kind: "chunk-data"; left: number }
  | { kind: "chunk-end" }
  | { kind: "trailers" }
  | { kind: "done" };

export class RawRequestParser {
  private pending: Buffer = Buffer.alloc(0);
  private state: State = { kind: "head" };

  constructor(private on: RawRequestEvents) {}

  get done(): boolean {
    return this.state.kind === "done";
  }

  /** Consumes bytes; throws RawRequestError on anything malformed. Bytes after the end are ignored. */
  feed(data: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    while (this.pending.length && this.state.kind !== "done") {
      if (!this.step()) break; // needs more bytes
    }
  }

  /** One state transition; false when the bytes so far are not enough to make one. */
  private step(): boolean {
    const s = this.state;
    switch (s.kind) {
      case "head": {
        const end = this.pending.indexOf(HEAD_END);
        if (end === -1) {
          if (this.pending.length > MAX_HEAD_BYTES) throw new RawRequestError(431, "Request header fields too large");
          return false;
        }
        if (end + 4 > MAX_HEAD_BYTES) throw new RawRequestError(431, "Request header fields too large");
        const head = parseHead(this.pending.subarray(0, end).toString("latin1"));
        this.pending = this.pending.subarray(end + 4);
        this.on.head(head);
        this.state = bodyState(head.rawHeaders);
        if (this.state.kind === "done") this.on.end();
        return true;
      }
      case "fixed":
        if (this.passBody(s)) this.finish();
        return true;
      case "chunk-size": {
        const line = this.line(MAX_CHUNK_LINE, "Chunk size line too long");
        if (line === null) return false;
        const size = line.split(";")[0].trim();
        if (!/^[0-9a-fA-F]{1,15}$/.test(size)) throw new RawRequestError(400, "Malformed chunk size");
        const left = parseInt(size, 16);
        this.state = left ? { kind: "chunk-data", left } : { kind: "trailers" };
        return true;
      }
      case "chunk-data":
        if (this.passBody(s)) this.state = { kind: "chunk-end" };
        return true;
      case "chunk-end": {
        if (this.pending.length < 2) return false;
        if (!this.pending.subarray(0, 2).equals(CRLF)) throw new RawRequestError(400, "Chunk data not followed by CRLF");
        this.pending = this.pending.subarray(2);
        this.state = { kind: "chunk-size" };
        return true;
      }
      case "trailers": {
        // Trailer fields are read and dropped, as Node does for the body it hands over.
        const line = this.line(MAX_HEAD_BYTES, "Trailer fields too large");
        if (line === null) return false;
        if (line === "") this.finish();
        return true;
      }
      case "done":
        return false;
    }
  }

  /** Passes on up to `s.left` of the pending bytes as body; true once all of them have gone. */
  private passBody(s: { left: number }): boolean {
    const piece = this.pending.subarray(0, s.left);
    this.pending = this.pending.subarray(piece.length);
    s.left -= piece.length;
    this.on.body(piece);
    return s.left === 0;
  }

  /** The next CRLF-terminated line, or null when it has not fully arrived. */
  private line(max: number, tooLong: string): string | null {
    const end = this.pending.indexOf(CRLF);
    if (end === -1) {
      if (this.pending.length > max) throw new RawRequestError(400, tooLong);
      return null;
    }
    const line = this.pending.subarray(0, end).toString("latin1");
    this.pending = this.pending.subarray(end + 2);
    return line;
  }

  private finish() {
    this.state = { kind: "done" };
    this.on.end();
  }
}

/** A method as this parser accepts it: an RFC 9110 token of at most 64 characters. */
export function isMethodToken(s: string): boolean {
  return s.length <= 64 && TOKEN.test(s);
}

function parseHead(text: string): RawHead {
  const [requestLine, ...lines] = text.split("\r\n");
  const m = REQUEST_LINE.exec(requestLine);
  if (!m || !isMethodToken(m[1])) throw new RawRequestError(400, "Malformed request line");
  const rawHeaders: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    // A line starting with whitespace is obsolete folding, refused like llhttp does.
    if (colon <= 0 || !TOKEN.test(name)) throw new RawRequestError(400, "Malformed header line");
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!FIELD_VALUE.test(value)) throw new RawRequestError(400, "Invalid character in header value");
    rawHeaders.push(name, value);
  }
  return { method: m[1], target: m[2], httpMinor: m[3] === "1" ? 1 : 0, rawHeaders };
}

/** How the body is delimited, refusing the ambiguous framings request smuggling relies on. */
function bodyState(rawHeaders: string[]): State {
  const lengths: string[] = [];
  const encodings: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (name === "content-length") lengths.push(rawHeaders[i + 1]);
    if (name === "transfer-encoding") encodings.push(rawHeaders[i + 1]);
  }
  if (encodings.length) {
    if (lengths.length) throw new RawRequestError(400, "Both Content-Length and Transfer-Encoding");
    if (encodings.length > 1 || encodings[0].toLowerCase() !== "chunked") throw new RawRequestError(400, "Unsupported Transfer-Encoding");
    return { kind: "chunk-size" };
  }
  if (!lengths.length) return { kind: "done" };
  if (lengths.some((l) => l !== lengths[0]) || !/^\d{1,15}$/.test(lengths[0])) throw new RawRequestError(400, "Invalid Content-Length");
  const left = Number(lengths[0]);
  return left ? { kind: "fixed", left } : { kind: "done" };
}
