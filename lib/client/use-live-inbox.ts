"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { EndpointStats } from "@/lib/endpoints/stats";
import type { DeliveryChange } from "@/lib/events/bus";
import type { RuleDto } from "@/lib/forwarding/rules";
import type { RequestSummaryDto } from "@/lib/requests/present";
import { browserClockMs } from "./clock-offset";
import { reportArrival } from "./push-latency-reporter";
import { queryKeys } from "./query-keys";
import { refreshQuery } from "./refresh-query";
import type { RequestWindow } from "./request-window";
import { upsertRule } from "./use-forwarding";

export type LiveStatus = "connecting" | "live" | "reconnecting";

const parse = <T,>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T;

/**
 * An endpoint's live stream, feeding whatever request list is on screen and the React Query cache:
 * requests, deletes and clears go to the list; rule and delivery changes update the rules panel,
 * delivery panels and rows' forwarding dots as they happen (nothing polls). The browser resumes with
 * Last-Event-ID after a drop; when it gives up (an HTTP error while the server restarts) we
 * reconnect ourselves from the last seq we saw.
 */
export function useLiveInbox(endpointId: string, win: RequestWindow | null, onRequest?: (r: RequestSummaryDto) => void): LiveStatus {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const current = useRef(win);
  current.current = win;
  const callback = useRef(onRequest);
  callback.current = onRequest;
  // The stream starts once the first list has its snapshot, and resumes after it. (The inbox is
  // keyed by endpoint, so this state never carries over to another endpoint.)
  const [startAfter, setStartAfter] = useState<number | null>(null);
  useEffect(() => {
    if (!win || startAfter !== null) return;
    const check = () => {
      if (win.snapshotTop !== null) setStartAfter((s) => s ?? win.snapshotTop);
    };
    check();
    return win.subscribe(check);
  }, [win, startAfter]);

  useEffect(() => {
    if (startAfter === null) return;
    let lastSeq = startAfter;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let newer: ReturnType<typeof setTimeout> | undefined;
    let stats: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const refreshStats = () => {
      clearTimeout(stats);
      stats = setTimeout(() => void qc.invalidateQueries({ queryKey: queryKeys.endpoints.stats() }), 1000);
    };

    const connect = () => {
      source = new EventSource(`/api/endpoints/${endpointId}/stream?after=${lastSeq}`);
      source.onopen = () => setStatus("live");
      source.onerror = () => {
        setStatus("reconnecting");
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(connect, 1500);
        }
      };
      source.addEventListener("request", (e) => {
        const arrivedMs = browserClockMs();
        const { request, committedAt } = parse<{ request: RequestSummaryDto; committedAt?: number }>(e);
        reportArrival(endpointId, committedAt, arrivedMs);
        lastSeq = Math.max(lastSeq, request.seq);
        const w = current.current;
        if (w?.filtered) {
          // Whether it matches the search needs the body: ask the server, debounced.
          clearTimeout(newer);
          newer = setTimeout(() => void w.fetchNewer(), 250);
        } else w?.arrive(request);
        bumpStats(request);
        callback.current?.(request);
      });
      source.addEventListener("deleted", (e) => {
        const { id } = parse<{ id: string }>(e);
        current.current?.remove(id);
        qc.removeQueries({ queryKey: queryKeys.requests.detail(endpointId, id) });
        refreshStats();
      });
      source.addEventListener("cleared", () => {
        current.current?.clear();
        refreshStats();
      });
      source.addEventListener("removed", () => {
        void current.current?.load();
        refreshStats();
      });
      source.addEventListener("reset", (e) => {
        lastSeq = Math.max(lastSeq, Number((e as MessageEvent).lastEventId) || 0);
        void current.current?.load();
      });
      source.addEventListener("rule", (e) => {
        const { rule } = parse<{ rule: RuleDto }>(e);
        qc.setQueryData<RuleDto[]>(queryKeys.rules.all(endpointId), (rules) => upsertRule(rules, rule));
        refreshStats();
      });
      source.addEventListener("rule-deleted", (e) => {
        const { id } = parse<{ id: string }>(e);
        qc.setQueryData<RuleDto[]>(queryKeys.rules.all(endpointId), (rules) => rules?.filter((r) => r.id !== id));
        refreshStats();
      });
      source.addEventListener("delivery", (e) => {
        const { delivery } = parse<{ delivery: DeliveryChange }>(e);
        current.current?.setForwarding(delivery.requestId, delivery.requestState);
        void refreshQuery(qc, queryKeys.requests.deliveries(endpointId, delivery.requestId));
        if (delivery.ruleId) void qc.invalidateQueries({ queryKey: queryKeys.rules.deliveries(endpointId, delivery.ruleId) });
        refreshStats();
      });
      source.addEventListener("deliveries-changed", () => {
        void qc.invalidateQueries({ queryKey: queryKeys.requests.all(endpointId) });
        void qc.invalidateQueries({ queryKey: queryKeys.rules.all(endpointId) });
        void current.current?.load();
        refreshStats();
      });
    };

    // The sidebar's figures for this endpoint follow each arrival without a refetch.
    const bumpStats = (r: RequestSummaryDto) =>
      qc.setQueryData<Record<string, EndpointStats>>(queryKeys.endpoints.stats(), (all) => {
        const s = all?.[endpointId];
        if (!s) return all;
        const activity = [...s.activity];
        activity[activity.length - 1]++;
        return { ...all, [endpointId]: { ...s, requests: s.requests + 1, lastRequestAt: r.receivedAt, activity } };
      });

    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(newer);
      clearTimeout(stats);
      source?.close();
    };
  }, [endpointId, startAfter, qc]);

  return status;
}
