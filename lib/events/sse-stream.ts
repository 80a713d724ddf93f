import { presentSummary } from "@/lib/requests/present";
import { newestSeq, requestsAfter } from "@/lib/requests/queries";
import { eventBus, sseFrame, type Delivery } from "./bus";
import { openStreams } from "./open-streams";
import { recordFrameWritten } from "./push-latency";

const HEARTBEAT_MS = 15_000;
/** More missed than this and the client is told to reload its list instead of replaying. */
const MAX_REPLAY = 1000;

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform also keeps Next's gzip from buffering the stream.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

const encoder = new TextEncoder();

/**
 * An endpoint's live stream. Subscribes first and buffers, then replays from the database what
 * the client missed after `afterSeq` (its Last-Event-ID), then flushes the buffer skipping what the
 * replay already sent: no gap and no duplicate between the two.
 */
export function endpointEventStream(opts: { userId: string; endpointId: string; afterSeq: number | null; signal: AbortSignal }) {
  const { userId, endpointId, signal } = opts;
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (chunk: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(chunk);
        } catch {
          cleanup();
        }
      };
      let lastSeq = opts.afterSeq ?? 0;
      let buffer: Delivery[] | null = [];
      const deliver = (d: Delivery) => {
        if (d.event.type === "request") {
          if (d.event.request.seq <= lastSeq) return;
          lastSeq = d.event.request.seq;
        }
        send(d.frame);
        recordFrameWritten(d);
      };
      const unsubscribe = eventBus().subscribe(endpointId, (d) => (buffer ? buffer.push(d) : deliver(d)));
      const heartbeat = setInterval(() => send(encoder.encode(`: heartbeat\n\n`)), HEARTBEAT_MS);
      let untrack = () => {};
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        untrack();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      // A client that left before this ran has already fired "abort": release now, not never.
      if (signal.aborted) return cleanup();
      // Shutdown ends the stream with a reconnect hint (one opened during shutdown ends at once).
      untrack = openStreams().add((goodbye) => {
        send(goodbye);
        cleanup();
      });
      if (closed) return;

      send(encoder.encode(`retry: 1000\n: connected\n\n`));
      if (opts.afterSeq !== null) {
        const missed = await requestsAfter(userId, endpointId, opts.afterSeq, MAX_REPLAY + 1);
        if (missed.length > MAX_REPLAY) {
          lastSeq = await newestSeq(userId, endpointId);
          // With an id, a client that reconnects again resumes from here instead of resetting again.
          send(encoder.encode(`id: ${lastSeq}\nevent: reset\ndata: {"type":"reset"}\n\n`));
        } else {
          for (const r of missed) {
            const event = { type: "request", endpointId, request: presentSummary(r) } as const;
            deliver({ event, frame: sseFrame(event) });
          }
        }
      }
      if (closed) return;
      const pending = buffer;
      buffer = null;
      for (const d of pending) deliver(d);
    },
    cancel() {
      cleanup();
    },
  });
}
