import net from "node:net";

/**
 * A minimal EventSource for the benchmarks. It records when each `request` event arrived (ms since
 * epoch, sub-ms) by seq (the event's SSE id), and like a browser it reconnects when the server ends
 * the stream: after the server's `retry:` hint, sending Last-Event-ID, counting the reconnects.
 *
 * Cheap on purpose: the 5,000-subscriber fan-out delivers 500,000 events a second to this one
 * process, which shares two cores with the server, so what it measures must not be its own
 * parsing. A raw socket (no HTTP client machinery per read), and the bytes are scanned for the
 * frame headers the server writes (`\nid: <seq>\nevent: request\n`, lib/events/bus.ts) instead of
 * being decoded and parsed as text. JSON never holds a raw newline, so "\nid: " only starts a frame.
 * It reads the close-delimited streams this server sends, not chunked ones.
 */
const HEAD_END = Buffer.from("\r\n\r\n");
const FRAME = Buffer.from("\nid: ");
const REQUEST = Buffer.from("event: request\n");
const RETRY = Buffer.from("\nretry: ");
const ID_MARK = Buffer.from('"request":{"id":"');
const NL = 10;
const QUOTE = 34;

export class SseSubscriber {
  /** Distinct request events received. */
  received = 0;
  /** Request events received again (a stream must never repeat one). */
  duplicates = 0;
  reconnects = 0;
  lastSeq = 0;
  /** request id -> seq; kept only with `ids` (one subscriber is enough to map the senders' answers). */
  readonly seqOf = new Map<string, number>();
  private at = new Float64Array(1024);
  private socket: net.Socket | null = null;
  private closed = false;
  private retryMs = 1000;
  private carry: Buffer | null = null;

  /** `auth`: a Cookie header value, or "Bearer whi_..." for a token. */
  constructor(private url: string, private auth: string, private opts: { ids?: boolean } = { ids: true }) {}

  /** When the request event `seq` arrived, or undefined. */
  arrivalOf(seq: number): number | undefined {
    return this.at[seq] || undefined;
  }

  /** request id -> arrival time (needs `ids`). */
  get arrivals(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, seq] of this.seqOf) if (this.at[seq]) out.set(id, this.at[seq]);
    return out;
  }

  /** Resolves once the stream's first bytes (the server's preamble) arrived. */
  open(): Promise<void> {
    const u = new URL(this.url);
    const credentials = this.auth.startsWith("Bearer ") ? `Authorization: ${this.auth}` : `Cookie: ${this.auth}`;
    const resume = this.lastSeq ? `Last-Event-ID: ${this.lastSeq}\r\n` : "";
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(u.port), u.hostname);
      socket.setNoDelay(true);
      let head: Buffer | null = Buffer.alloc(0);
      socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nAccept: text/event-stream\r\n${credentials}\r\n${resume}\r\n`);
      socket.on("data", (chunk: Buffer) => {
        if (head) {
          head = Buffer.concat([head, chunk]);
          const end = head.indexOf(HEAD_END);
          if (end === -1) return;
          const text = head.toString("latin1", 0, end);
          chunk = head.subarray(end + HEAD_END.length);
          head = null;
          if (!text.startsWith("HTTP/1.1 200")) {
            socket.destroy();
            return reject(new Error(`stream answered ${text.split("\r\n")[0]}`));
          }
          if (/^transfer-encoding:/im.test(text)) {
            socket.destroy();
            return reject(new Error("this client reads close-delimited streams only"));
          }
          this.carry = Buffer.from("\n"); // so that a frame at the very start is found too
        }
        if (!chunk.length) return;
        resolve();
        this.feed(chunk);
      });
      socket.on("error", () => {}); // "close" follows
      socket.on("close", () => (head ? reject(new Error("closed before answering")) : this.lost(socket)));
      this.socket = socket;
    });
  }

  close() {
    this.closed = true;
    this.socket?.destroy();
  }

  /** The server ended the stream (or the connection broke): reconnect as EventSource does. */
  private lost(socket: net.Socket) {
    if (this.closed || this.socket !== socket) return;
    this.socket = null;
    this.reconnects++;
    const again = () => void this.open().catch(() => !this.closed && setTimeout(again, this.retryMs));
    setTimeout(again, this.retryMs);
  }

  private feed(chunk: Buffer) {
    const now = performance.timeOrigin + performance.now();
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const retry = buf.indexOf(RETRY);
    if (retry !== -1) this.retryMs = parseInt(buf.toString("latin1", retry + RETRY.length, retry + RETRY.length + 8), 10) || this.retryMs;
    let pos = 0;
    let incomplete = -1;
    for (;;) {
      const at = buf.indexOf(FRAME, pos);
      if (at === -1) break;
      let i = at + FRAME.length;
      let seq = 0;
      while (i < buf.length && buf[i] >= 48 && buf[i] <= 57) seq = seq * 10 + buf[i++] - 48;
      if (i + 1 + REQUEST.length > buf.length) {
        incomplete = at;
        break;
      }
      pos = i;
      if (buf[i] !== NL) continue;
      this.lastSeq = Math.max(this.lastSeq, seq);
      if (buf.compare(REQUEST, 0, REQUEST.length, i + 1, i + 1 + REQUEST.length) !== 0) continue;
      if (this.opts.ids) {
        const mark = buf.indexOf(ID_MARK, i);
        const end = mark === -1 ? -1 : buf.indexOf(QUOTE, mark + ID_MARK.length);
        if (end === -1) {
          incomplete = at;
          break;
        }
        this.seqOf.set(buf.toString("latin1", mark + ID_MARK.length, end), seq);
      }
      this.record(seq, now);
    }
    // Keep what may hold the start of a frame header split by the chunk boundary.
    this.carry = incomplete !== -1 ? Buffer.from(buf.subarray(incomplete)) : Buffer.from(buf.subarray(Math.max(pos, buf.length - FRAME.length + 1)));
  }

  private record(seq: number, now: number) {
    if (seq >= this.at.length) {
      const grown = new Float64Array(Math.max(seq + 1, this.at.length * 2));
      grown.set(this.at);
      this.at = grown;
    }
    if (this.at[seq]) {
      this.duplicates++;
      return;
    }
    this.at[seq] = now;
    this.received++;
  }
}
