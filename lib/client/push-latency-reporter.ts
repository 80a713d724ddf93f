"use client";

import { apiFetch } from "./api";
import { browserClockMs, type ClockOffset, estimateOffset, type Probe, toServerClock } from "./clock-offset";

/**
 * Reports to the server when live requests reached this page: commit (the time the event carries,
 * on the server's clock) to arrival here, with this browser's clock offset removed (clock-offset.ts;
 * five probes of GET /api/clock, the shortest round trip kept, measured again every 10 minutes).
 * Samples are sent in batches every few seconds. Nothing is reported while the page is hidden
 * (background tabs get their events late on purpose) or while the offset is too uncertain to mean
 * anything next to a latency of a few milliseconds.
 */
const PROBES = 5;
const REMEASURE_MS = 10 * 60_000;
const MAX_UNCERTAINTY_MS = 25;
const SEND_EVERY_MS = 5000;
const MAX_BATCH = 500;

let clock: { value: ClockOffset | null; at: number } | null = null;
let measuring: Promise<void> | null = null;
const batches = new Map<string, number[]>();
/** Arrivals noted while the offset was being measured, worked out once it is known. */
let waiting: { endpointId: string; committedAt: number; arrivedMs: number }[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

async function measureClock(): Promise<void> {
  const probes: Probe[] = [];
  for (let i = 0; i < PROBES; i++) {
    const sentMs = browserClockMs();
    const { now } = await apiFetch<{ now: number }>("/api/clock", { cache: "no-store" });
    probes.push({ sentMs, serverMs: now, receivedMs: browserClockMs() });
  }
  clock = { value: estimateOffset(probes), at: Date.now() };
}

/** The offset, or null while it is (first) being measured; measures again when it is old. */
function currentClock(): ClockOffset | null {
  if ((!clock || Date.now() - clock.at > REMEASURE_MS) && !measuring) {
    measuring = measureClock()
      .catch(() => undefined)
      .finally(() => {
        measuring = null;
        const noted = waiting;
        waiting = [];
        for (const w of noted) record(w.endpointId, w.committedAt, w.arrivedMs, clock?.value ?? null);
      });
  }
  return clock?.value ?? null;
}

/** A live request event arrived (call first thing in the handler, with the arrival time taken there). */
export function reportArrival(endpointId: string, committedAt: number | undefined, arrivedMs: number): void {
  if (committedAt === undefined || document.visibilityState !== "visible") return;
  const c = currentClock();
  if (measuring && !c) {
    if (waiting.length < MAX_BATCH) waiting.push({ endpointId, committedAt, arrivedMs });
  }
  else record(endpointId, committedAt, arrivedMs, c);
}

function record(endpointId: string, committedAt: number, arrivedMs: number, c: ClockOffset | null) {
  if (!c || c.uncertaintyMs > MAX_UNCERTAINTY_MS) return;
  const batch = batches.get(endpointId) ?? [];
  batches.set(endpointId, batch);
  if (batch.length < MAX_BATCH) batch.push(Math.max(0, toServerClock(arrivedMs, c) - committedAt));
  timer ??= setTimeout(send, SEND_EVERY_MS);
}

function send() {
  timer = undefined;
  for (const [endpointId, samples] of batches) {
    void apiFetch(`/api/endpoints/${endpointId}/push-latency`, { method: "POST", json: { samples } }).catch(() => undefined);
  }
  batches.clear();
}
