import type { AppConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { eventBus } from "@/lib/events/bus";
import { presentSummary } from "@/lib/requests/present";
import { endpointCache } from "./endpoint-cache";
import type { InboundDeps } from "./handle-inbound";
import { RateLimiter } from "./rate-limiter";
import { CaptureWriter } from "./writer";

const KEY = Symbol.for("webhook-inbox.capture-writer");

/** The process's one capture writer (on globalThis: see lib/db/client.ts for why). */
export function captureWriter(): CaptureWriter {
  const g = globalThis as typeof globalThis & { [KEY]?: CaptureWriter };
  if (!g[KEY]) {
    const writer = new CaptureWriter(getPrisma());
    // Live views hear about a request only once it is committed, so they never show a row that a
    // crash could still take back.
    writer.onCommit((rows) => {
      const bus = eventBus();
      for (const r of rows) bus.publish({ type: "request", endpointId: r.endpointId, request: presentSummary(r) });
    });
    g[KEY] = writer;
  }
  return g[KEY];
}

export function inboundDeps(config: AppConfig): InboundDeps {
  return {
    maxBodyBytes: config.MAX_BODY_BYTES,
    trustProxy: config.TRUST_PROXY,
    endpoints: endpointCache(),
    writer: captureWriter(),
    limiter: new RateLimiter(),
  };
}
