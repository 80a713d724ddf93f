import type { Socket } from "node:net";
import type { Delivery, EventBus } from "./bus";

/**
 * Writes the event bus's frames to every open live stream's socket. Each frame is encoded once by
 * the bus; the frames an endpoint published since its last flush are joined once and that one
 * buffer is written to every caught-up subscriber of the endpoint: no allocation per subscriber,
 * and one write per subscriber per flush however many events it holds. Flushes are spaced by the
 * CPU time the last one used, so the busier the fan-out, the more each write carries (`npm run
 * bench -- live_fanout`, README "Benchmarks": at 5,000 subscribers and 100 req/s this cut the
 * server's CPU per delivered event from ~1.3 to ~0.5-0.9 µs).
 *
 * A subscriber is private at first: while its replay from the database runs it keeps what it hears
 * (`backlog`), then it gets each event on its own, skipping seqs it already has. It joins the
 * shared writes once its last seq is one the bus has already published for the endpoint: every
 * later event is then new to it, so the shared writes need no per-subscriber filtering.
 *
 * A subscriber that does not read is dropped (its socket destroyed) as soon as more than
 * `maxBufferedBytes` wait in its socket's user-space buffer, i.e. beyond what the kernel already
 * holds for it: memory stays bounded and the others are not delayed. Its client reconnects with
 * Last-Event-ID and resumes from the database.
 */
export type FanoutOptions = {
  heartbeatMs: number;
  maxBufferedBytes: number;
  /** Called for each subscriber dropped for not reading, with the bytes it left unsent. */
  onDrop?: (endpointId: string, unsentBytes: number) => void;
  /** Called once a delivery's frame has been written to at least one subscriber (push latency is measured here). */
  onWritten?: (d: Delivery) => void;
};

const HEARTBEAT = Buffer.from(": heartbeat\n\n");

export class Subscriber {
  /** What the bus delivered while the replay ran; null once live. */
  backlog: Delivery[] | null = [];
  shared = false;
  unsubscribe = () => {};
  constructor(
    readonly topic: Topic,
    readonly socket: Socket,
    /** Highest request seq this client has (or claimed with Last-Event-ID). */
    public lastSeq: number,
    /** Unsent bytes allowed before it is dropped: the limit, plus what its replay left unsent. */
    public allowance: number,
  ) {}
}

class Topic {
  readonly shared = new Set<Subscriber>();
  readonly private = new Set<Subscriber>();
  /** Highest request seq published for the endpoint while this topic existed. */
  publishedSeq = 0;
  private pending: Delivery[] = [];
  private last: Delivery | null = null;
  private scheduled = false;
  /** When the last flush ended (performance.now()), and the CPU time its writes used (ms). */
  private flushedAt = 0;
  private flushMs = 0;

  constructor(readonly endpointId: string, private fanout: Fanout) {}

  get size() {
    return this.shared.size + this.private.size;
  }

  /** Every subscriber's bus listener calls this with each delivery; the first call of a delivery queues it. */
  heard(s: Subscriber, d: Delivery) {
    if (d !== this.last) {
      this.last = d;
      if (d.event.type === "request") this.publishedSeq = Math.max(this.publishedSeq, d.event.request.seq);
      if (this.shared.size) this.pending.push(d);
      // Also when all are private: the flush is where caught-up ones join the shared writes.
      this.schedule();
    }
    if (s.shared) return;
    if (s.backlog) s.backlog.push(d);
    else this.fanout.deliver(s, d);
  }

  /**
   * The next flush comes no sooner than the last one's writes took after it ended: with many
   * subscribers the fan-out then takes at most half the event loop (capture keeps the rest), and
   * each write carries what arrived meanwhile, fewer and fuller writes for both ends. With few
   * subscribers a flush takes well under a millisecond and the next one is not held back.
   */
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.flushedAt + this.flushMs - performance.now();
    if (wait >= 1) setTimeout(this.flush, wait);
    else setImmediate(this.flush);
  }

  private flush = () => {
    this.scheduled = false;
    this.last = null;
    if (this.pending.length) {
      const cpu = process.cpuUsage();
      const written = this.pending;
      this.pending = [];
      const bytes = written.length === 1 ? written[0].frame : Buffer.concat(written.map((d) => d.frame));
      for (const s of this.shared) this.fanout.write(s, bytes);
      if (this.shared.size) for (const d of written) this.fanout.written(d);
      // CPU time, not elapsed: time the process spent preempted (a busy machine) is not work to make room for.
      const used = process.cpuUsage(cpu);
      this.flushMs = (used.user + used.system) / 1000;
      this.flushedAt = performance.now();
    }
    // After the shared write, which private subscribers already had on their own: from here on
    // every event is new to those caught up.
    for (const s of this.private) {
      if (s.backlog || s.lastSeq > this.publishedSeq || s.socket.destroyed) continue;
      this.private.delete(s);
      this.shared.add(s);
      s.shared = true;
    }
  };
}

export class Fanout {
  private topics = new Map<string, Topic>();
  private heartbeat: NodeJS.Timeout;

  constructor(private bus: EventBus, private opts: FanoutOptions) {
    // One timer for every stream: a timer each would cost memory per subscriber.
    this.heartbeat = setInterval(() => this.beat(), opts.heartbeatMs).unref();
  }

  /** Starts hearing the endpoint's events for a stream whose headers are sent; they wait in `backlog` until `live`. */
  subscribe(endpointId: string, socket: Socket, lastSeq: number): Subscriber {
    const topic = this.topics.get(endpointId) ?? new Topic(endpointId, this);
    this.topics.set(endpointId, topic);
    const s = new Subscriber(topic, socket, lastSeq, this.opts.maxBufferedBytes);
    topic.private.add(s);
    s.unsubscribe = this.bus.subscribe(endpointId, (d) => topic.heard(s, d));
    return s;
  }

  /** The replay is written: sends what arrived meanwhile (skipping what the replay had), then live events. */
  live(s: Subscriber) {
    const backlog = s.backlog ?? [];
    s.backlog = null;
    for (const d of backlog) this.deliver(s, d);
    s.topic.schedule();
  }

  leave(s: Subscriber) {
    const topic = s.topic;
    s.unsubscribe();
    topic.shared.delete(s);
    topic.private.delete(s);
    if (topic.size === 0 && this.topics.get(topic.endpointId) === topic) this.topics.delete(topic.endpointId);
  }

  /** One event to one private subscriber, unless it already has it. */
  deliver(s: Subscriber, d: Delivery) {
    if (d.event.type === "request") {
      if (d.event.request.seq <= s.lastSeq) return;
      s.lastSeq = d.event.request.seq;
    }
    this.write(s, d.frame);
    this.written(d);
  }

  written(d: Delivery) {
    this.opts.onWritten?.(d);
  }

  write(s: Subscriber, bytes: Uint8Array) {
    const socket = s.socket;
    if (socket.destroyed) return;
    socket.write(bytes);
    if (socket.writableLength > s.allowance) {
      this.opts.onDrop?.(s.topic.endpointId, socket.writableLength);
      socket.destroy();
    }
  }

  /** A replay may be large (up to MAX_REPLAY events): what the kernel does not take at once raises the allowance. */
  writeReplay(s: Subscriber, bytes: Uint8Array) {
    if (s.socket.destroyed) return;
    s.socket.write(bytes);
    s.allowance = this.opts.maxBufferedBytes + s.socket.writableLength;
  }

  stop() {
    clearInterval(this.heartbeat);
  }

  private beat() {
    for (const topic of this.topics.values()) {
      for (const s of topic.shared) this.write(s, HEARTBEAT);
      for (const s of topic.private) if (!s.backlog) this.write(s, HEARTBEAT);
    }
  }
}
