/**
 * The clock push latencies are measured on: Unix-epoch milliseconds with sub-millisecond
 * resolution (performance.timeOrigin + performance.now()), the same in server.ts and Next's bundle.
 * Request events carry their commit time on it, and GET /api/clock serves it, so a dashboard can
 * work out its own clock's offset from it (lib/client/clock-offset.ts).
 */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}
