import type { AppConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { endpointCache } from "./endpoint-cache";
import type { InboundDeps } from "./handle-inbound";
import { RateLimiter } from "./rate-limiter";
import { CaptureWriter } from "./writer";

const KEY = Symbol.for("webhook-inbox.capture-writer");

/** The process's one capture writer (on globalThis: see lib/db/client.ts for why). */
export function captureWriter(): CaptureWriter {
  const g = globalThis as typeof globalThis & { [KEY]?: CaptureWriter };
  g[KEY] ??= new CaptureWriter(getPrisma());
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
