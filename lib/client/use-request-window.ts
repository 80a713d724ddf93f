"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { apiFetch } from "./api";
import type { RequestListFilters } from "./query-keys";
import { RequestWindow, type WindowQuery, type WindowResult, type WindowView } from "./request-window";

export function requestListUrl(endpointId: string, filters: RequestListFilters, extra: Record<string, string> = {}) {
  const params = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return `/api/endpoints/${endpointId}/requests?${params}`;
}

function windowUrl(endpointId: string, filters: RequestListFilters, q: WindowQuery) {
  return requestListUrl(endpointId, filters, {
    limit: String(q.limit),
    offset: String(q.offset),
    ...(q.top !== null ? { top: String(q.top) } : {}),
    ...(q.after !== undefined ? { after: String(q.after) } : {}),
    ...(q.count ? { count: "1" } : {}),
  });
}

/**
 * The request list of an endpoint for the given filters; a new list (and snapshot) when they
 * change. `initial` is the unfiltered first window sent with the page: used once, instead of a fetch.
 */
export function useRequestWindow(endpointId: string, filters: RequestListFilters, initial?: WindowResult): RequestWindow | null {
  const key = JSON.stringify(filters);
  const unusedInitial = useRef(initial);
  const [win, setWin] = useState<RequestWindow | null>(() => (initial ? primed(endpointId, initial) : null));
  useEffect(() => {
    const parsed = JSON.parse(key) as RequestListFilters;
    const filtered = Object.values(parsed).some(Boolean);
    if (!filtered && unusedInitial.current && win) {
      unusedInitial.current = undefined; // the primed list from the first render is this one
      return () => win.dispose();
    }
    unusedInitial.current = undefined;
    const w = new RequestWindow((q) => apiFetch<WindowResult>(windowUrl(endpointId, parsed, q)), filtered);
    setWin(w);
    void w.load();
    return () => w.dispose();
    // `win` is read only to adopt the primed list once; a new list must not re-run this effect.
  }, [endpointId, key]);
  return win;
}

function primed(endpointId: string, initial: WindowResult): RequestWindow {
  const w = new RequestWindow((q) => apiFetch<WindowResult>(windowUrl(endpointId, {}, q)), false);
  w.prime(initial);
  return w;
}

const EMPTY: WindowView = { status: "loading", error: null, length: 0, queued: 0, rowAt: () => undefined, indexOf: () => -1 };
const noop = () => () => {};

/** The list's current view; a primed list renders its first window on the server too. */
export function useWindowView(win: RequestWindow | null): WindowView {
  const view = win?.getView ?? (() => EMPTY);
  return useSyncExternalStore(win?.subscribe ?? noop, view, view);
}
