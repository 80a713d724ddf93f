"use client";

import { useSyncExternalStore } from "react";

/** One shared clock for every relative time on the page, ticking every 15 s (not one timer per row). */
const TICK_MS = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(): Date {
  const ms = useSyncExternalStore(subscribe, () => now, () => now);
  return new Date(ms);
}
