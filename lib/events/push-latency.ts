import { pushLatencyRecorder } from "@/lib/latency/recorder";
import type { Delivery } from "./bus";

/**
 * What a live stream calls when it has written a frame: for a live request event, the time from
 * its commit to this write is the push latency the comparison view shows as "measured" (each
 * request counted once, at its first write; lib/latency/recorder.ts aggregates and stores it).
 */
export function recordFrameWritten(d: Delivery): void {
  if (d.event.type !== "request" || d.event.committedAt === undefined) return;
  pushLatencyRecorder().frameWritten(d.event.endpointId, d.event.request.seq, d.event.committedAt);
}
