import { setMaxListeners } from "node:events";

/** Ends one open stream after sending it `goodbye` (an SSE frame). */
export type StreamCloser = (goodbye: Uint8Array) => void;

const encoder = new TextEncoder();

/**
 * Every open live stream of the process, so that shutdown can end them with a reconnect hint and
 * /metrics can count them. On globalThis: the streams are opened by route handlers in Next's bundle,
 * shutdown and metrics run in server.ts.
 */
class OpenStreams {
  private streams = new Set<StreamCloser>();
  private closing = false;
  private ended = new AbortController();

  constructor() {
    // Every long poll waiting at once listens to `ending`: many listeners are expected, not a leak.
    setMaxListeners(0, this.ended.signal);
  }

  get size(): number {
    return this.streams.size;
  }

  /** Aborted when shutdown ends the streams: other waits for live events (long polls) end then too. */
  get ending(): AbortSignal {
    return this.ended.signal;
  }

  /** Tracks a stream until the returned function is called. One opened during shutdown ends at once. */
  add(close: StreamCloser): () => void {
    if (this.closing) {
      close(goodbyeFrame());
      return () => {};
    }
    this.streams.add(close);
    return () => this.streams.delete(close);
  }

  /** Ends every open stream, and every later one, each with a reconnect hint; returns how many were open. */
  closeAll(): number {
    this.closing = true;
    this.ended.abort();
    const open = [...this.streams];
    this.streams.clear();
    for (const close of open) close(goodbyeFrame());
    return open.length;
  }
}

/**
 * `retry:` tells the browser when to reconnect. Spread over 1-5 s, so that the dashboards of an
 * instance going down do not all land on the next one in the same instant; that is also about
 * how long a restart of this server takes.
 */
export function goodbyeFrame(random = Math.random): Uint8Array {
  return encoder.encode(`retry: ${1000 + Math.floor(random() * 4000)}\n: server shutting down\n\n`);
}

const KEY = Symbol.for("webhook-inbox.open-streams");
export function openStreams(): OpenStreams {
  const g = globalThis as typeof globalThis & { [KEY]?: OpenStreams };
  g[KEY] ??= new OpenStreams();
  return g[KEY];
}

export type { OpenStreams };
