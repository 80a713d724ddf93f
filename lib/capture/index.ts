import type { AppConfig } from "@/lib/config/env";
import { eventBus } from "@/lib/events/bus";
import { presentSummary } from "@/lib/requests/present";
import { endpointCache } from "./endpoint-cache";
import type { InboundDeps } from "./handle-inbound";
import { RateLimiter } from "./rate-limiter";
import { ThreadedCaptureWriter } from "./threaded-writer";

/**
 * Wires the inbound fast path for server.ts: the capture writer on its own thread, and the
 * commit -> event bus link. Live views hear about a request only once it is committed, so they
 * never show a row that a crash could still take back.
 */
export async function startCapture(config: AppConfig): Promise<InboundDeps> {
  const writer = ThreadedCaptureWriter.start({ databaseUrl: config.DATABASE_URL, synchronous: config.SQLITE_SYNCHRONOUS });
  await writer.whenReady();
  writer.onCommit((rows) => {
    const bus = eventBus();
    for (const r of rows) bus.publish({ type: "request", endpointId: r.endpointId, request: presentSummary(r) });
  });
  return {
    maxBodyBytes: config.MAX_BODY_BYTES,
    trustProxy: config.TRUST_PROXY,
    endpoints: endpointCache(),
    writer,
    limiter: new RateLimiter(),
  };
}
