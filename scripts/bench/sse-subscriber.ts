import net from "node:net";

/**
 * A minimal EventSource for the benchmarks. It records when each `request` event arrived (ms since
 * epoch, sub-ms) by seq (the event's SSE id), and like a browser it reconnects when the server ends
 * the stream: after the server's `retry:` hint, sending Last-Event-ID, counting the reconnects.
 *
 * Cheap on purpose: the 5,000-subscriber fan-out delivers 500,000 events a second to this one
 * process, which shares two cores with the server, so what it measures must not be its own
 * parsing. A raw socket read into one buffer shared by every subscriber (`onread`: no stream
 * machinery or allocation per read), scanned for the frame headers the server writes
 * (`id: <seq>\nevent: request\n`, lib/events/bus.ts) instead of decoding and parsing text. JSON
 * never holds a raw newline, so "\nid: " only starts a frame. It reads the close-delimited streams
 * this server sends, and chunked ones whose chunks hold whole frames (how the Next route handler
 * this path replaced sent them, for before-and-after runs).
 */
const HEAD_END = Buffer.from("\r\n\r\n");
const ID = Buffer.from("id: ");
const FRAME = Buffer.from("\nid: ");
const FRAME_END = Buffer.from("\n\n");
const REQUEST = Buffer.from("event: request\n");
const RETRY = Buffer.from("\nretry: ");
const ID_MARK = Buffer.from('"request":{"id":"');
const NL = 10;
const QUOTE = 34;
/** Every subscriber reads into this: each read is handled before the next one lands. */
const READS = Buffer.allocUnsafe(256 * 1024);

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
  /** The next byte read starts a frame (the last read ended with one). */
  private frameStart = false;

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
      let head: Buffer | null = Buffer.alloc(0);
      const onRead = (n: number, buf: Buffer) => {
        let chunk = buf.subarray(0, n);
        if (head) {
          head = Buffer.concat([head, chunk]);
          const end = head.indexOf(HEAD_END);
          if (end === -1) return true;
          const text = head.toString("latin1", 0, end);
          chunk = head.subarray(end + HEAD_END.length);
          head = null;
          if (!text.startsWith("HTTP/1.1 200")) {
            socket.destroy();
            reject(new Error(`stream answered ${text.split("\r\n")[0]}`));
            return false;
          }
          this.carry = null;
          this.frameStart = true;
        }
        if (chunk.length) {
          resolve();
          this.feed(chunk);
        }
        return true;
      };
      const socket = net.connect({ port: Number(u.port), host: u.hostname, onread: { buffer: READS, callback: onRead } });
      socket.setNoDelay(true);
      socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nAccept: text/event-stream\r\n${credentials}\r\n${resume}\r\n`);
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
    // The server writes whole frames, so a read nearly always ends with one: nothing to carry over.
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const retry = buf.indexOf(RETRY);
    if (retry !== -1) this.retryMs = parseInt(buf.toString("latin1", retry + RETRY.length, retry + RETRY.length + 8), 10) || this.retryMs;
    const next = (from: number) => {
      const at = buf.indexOf(FRAME, from);
      return at === -1 ? -1 : at + 1;
    };
    let h = this.frameStart && buf.compare(ID, 0, ID.length, 0, ID.length) === 0 ? 0 : next(0);
    for (; h !== -1; h = next(h)) {
      let i = h + ID.length;
      let seq = 0;
      while (i < buf.length && buf[i] >= 48 && buf[i] <= 57) seq = seq * 10 + buf[i++] - 48;
      if (i + 1 + REQUEST.length > buf.length) return this.keep(buf, h);
      if (buf[i] !== NL) continue;
      this.lastSeq = Math.max(this.lastSeq, seq);
      if (buf.compare(REQUEST, 0, REQUEST.length, i + 1, i + 1 + REQUEST.length) !== 0) continue;
      if (this.opts.ids) {
        const mark = buf.indexOf(ID_MARK, i);
        const end = mark === -1 ? -1 : buf.indexOf(QUOTE, mark + ID_MARK.length);
        if (end === -1) return this.keep(buf, h);
        this.seqOf.set(buf.toString("latin1", mark + ID_MARK.length, end), seq);
      }
      this.record(seq, now);
    }
    // Unless the read ended with a frame, its last bytes may hold the start of the next header.
    this.frameStart = buf.length >= 2 && buf.compare(FRAME_END, 0, 2, buf.length - 2) === 0;
    if (!this.frameStart) this.carry = Buffer.from(buf.subarray(Math.max(0, buf.length - FRAME.length + 1)));
  }

  /** A frame header cut by the end of the read: keep it (copied: the read buffer is reused) for the next one. */
  private keep(buf: Buffer, from: number) {
    this.carry = Buffer.from(buf.subarray(from));
    this.frameStart = true;
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
