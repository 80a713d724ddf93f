"use client";

import { useQueryClient, type Query } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { RequestSummaryDto } from "@/lib/requests/present";
import { queryKeys, type RequestListFilters } from "./query-keys";
import { emptyPages, insertRequest, newestSeq, removeRequest, type RequestPages } from "./request-cache";

export type LiveStatus = "connecting" | "live" | "reconnecting";

const isFiltered = (q: Query) => Object.values((q.queryKey[3] ?? {}) as RequestListFilters).some(Boolean);

/**
 * Keeps an endpoint's cached request lists current from its SSE stream. The unfiltered list is
 * updated in place; filtered lists (whose matching needs the body, which events do not carry) are
 * refetched, debounced. The browser resumes with Last-Event-ID after a drop; when it gives up
 * (an HTTP error while the server restarts), we reconnect ourselves from the last seq we saw.
 */
export function useLiveRequests(endpointId: string, opts: { ready: boolean; onRequest?: (r: RequestSummaryDto) => void }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const onRequest = useRef(opts.onRequest);
  onRequest.current = opts.onRequest;

  useEffect(() => {
    if (!opts.ready) return;
    const listKey = queryKeys.requests.list(endpointId, {});
    const lists = queryKeys.requests.lists(endpointId);
    let lastSeq = newestSeq(qc.getQueryData<RequestPages>(listKey)) ?? 0;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let refetch: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const refetchFiltered = () => {
      clearTimeout(refetch);
      refetch = setTimeout(() => void qc.invalidateQueries({ queryKey: lists, predicate: isFiltered }), 300);
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
        const { request } = JSON.parse((e as MessageEvent<string>).data) as { request: RequestSummaryDto };
        lastSeq = Math.max(lastSeq, request.seq);
        qc.setQueryData<RequestPages>(listKey, (d) => insertRequest(d, request));
        refetchFiltered();
        onRequest.current?.(request);
      });
      source.addEventListener("deleted", (e) => {
        const { id } = JSON.parse((e as MessageEvent<string>).data) as { id: string };
        qc.setQueriesData<RequestPages>({ queryKey: lists }, (d) => removeRequest(d, id));
        qc.removeQueries({ queryKey: queryKeys.requests.detail(endpointId, id) });
      });
      source.addEventListener("cleared", () => {
        qc.setQueriesData<RequestPages>({ queryKey: lists }, (d) => (d ? emptyPages() : d));
      });
      source.addEventListener("reset", (e) => {
        lastSeq = Math.max(lastSeq, Number((e as MessageEvent).lastEventId) || 0);
        void qc.invalidateQueries({ queryKey: lists });
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(refetch);
      source?.close();
    };
  }, [endpointId, opts.ready, qc]);

  return status;
}
