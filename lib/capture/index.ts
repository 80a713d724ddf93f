import type { AppConfig } from "@/lib/config/env";
import { store } from "@/lib/db/store";
import { metrics } from "@/lib/ops/metrics";
import { endpointCache } from "./endpoint-cache";
import type { InboundDeps } from "./handle-inbound";
import { RateLimiter } from "@/lib/http/rate-limiter";
import { createLivePublisher } from "./live-publisher";
import { RejectionCounter } from "./rejections";
import { CaptureWriter } from "./writer";

/**
 * Wires the inbound fast path for server.ts: the group-commit writer on the process's Prisma
 * client, and the commit -> event bus link. Live views hear about a request only once it is
 * committed, so they never show a row that a crash could still take back.
 *
 * (A worker-thread writer with its own connection was tried and measured slower on 2 cores: the
 * message round trip per batch cost more than the commits it moved off this thread.)
 */
export function startCapture(config: AppConfig): InboundDeps {
  const writer = new CaptureWriter(store());
  const m = metrics();
  writer.observeCommits((rows, seconds) => m.captureCommitted(rows, seconds));
  writer.onCommit(createLivePublisher());
  const rejections = new RejectionCounter();
  rejections.start(store());
  return {
    maxBodyBytes: config.MAX_BODY_BYTES,
    trustProxy: config.TRUST_PROXY,
    endpoints: endpointCache(),
    writer,
    limiter: new RateLimiter(),
    rejections,
  };
}
