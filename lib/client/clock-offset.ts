/**
 * How far the server's latency clock is ahead of this browser's, NTP-style: a probe notes the
 * browser's time before asking (sentMs) and after the answer (receivedMs), and the server's time in
 * the answer (serverMs). The server read its clock somewhere in between, so
 *   offset = serverMs - (sentMs + receivedMs) / 2, within ± (receivedMs - sentMs) / 2,
 * exactly when the request and the answer took equally long. The probe with the shortest round
 * trip bounds the error best, so that one is used.
 */
export type Probe = { sentMs: number; serverMs: number; receivedMs: number };
export type ClockOffset = { offsetMs: number; uncertaintyMs: number };

export function estimateOffset(probes: readonly Probe[]): ClockOffset | null {
  let best: Probe | null = null;
  for (const p of probes) {
    if (!(p.receivedMs >= p.sentMs) || !Number.isFinite(p.serverMs)) continue;
    if (!best || p.receivedMs - p.sentMs < best.receivedMs - best.sentMs) best = p;
  }
  if (!best) return null;
  return { offsetMs: best.serverMs - (best.sentMs + best.receivedMs) / 2, uncertaintyMs: (best.receivedMs - best.sentMs) / 2 };
}

/** A time on this browser's clock as the server's clock would read it. */
export const toServerClock = (browserMs: number, clock: ClockOffset) => browserMs + clock.offsetMs;

/** This browser's clock, on the same footing as the server's (epoch ms, sub-ms resolution). */
export const browserClockMs = () => performance.timeOrigin + performance.now();
