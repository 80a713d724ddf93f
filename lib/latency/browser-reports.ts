import { z } from "zod";
import { pushLatencyRecorder } from "./recorder";

/**
 * Push latencies as an open dashboard measured them: commit (the time the event carries) to the
 * event's arrival in the page, on the server's clock after the page removed its own clock's offset
 * (lib/client/clock-offset.ts). A page sends them in batches; values are bounded so that one
 * confused clock cannot write nonsense.
 */
export const browserLatencyInput = z.object({
  samples: z.array(z.number().min(0).max(600_000)).min(1).max(500),
});

export function recordBrowserLatencies(endpointId: string, samples: number[]): void {
  const recorder = pushLatencyRecorder();
  for (const ms of samples) recorder.record(endpointId, "browser", ms);
}
