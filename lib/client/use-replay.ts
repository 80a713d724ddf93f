"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BulkReplayAction, BulkReplayDto } from "@/lib/replay/bulk";
import type { ReplayEditPayload } from "@/lib/replay/draft";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export type ReplayTargetChoice = { ruleId: string } | { targetUrl: string };
type Targets = { rules: { id: string; name: string; targetUrl: string }[]; recentUrls: string[] };

/** The endpoint's rules and the URLs typed in before, for the replay target picker. */
export function useReplayTargets(endpointId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.replays.targets(endpointId),
    queryFn: () => apiFetch<Targets>(`/api/endpoints/${endpointId}/replay-targets`),
    enabled,
  });
}

export function useReplay(endpointId: string, requestId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplayTargetChoice & { edit?: ReplayEditPayload; resign?: boolean }) =>
      apiFetch<{ deliveryId: string }>(`/api/endpoints/${endpointId}/requests/${requestId}/replay`, { method: "POST", json: body }),
    onSuccess: () => {
      // The attempt arrives as a live "delivery" event; the new delivery row and a remembered URL now.
      void qc.invalidateQueries({ queryKey: queryKeys.requests.deliveries(endpointId, requestId) });
      void qc.invalidateQueries({ queryKey: queryKeys.replays.targets(endpointId) });
    },
  });
}

/** The endpoint's bulk replays, newest first. */
export function useBulkReplays(endpointId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.replays.all(endpointId),
    queryFn: () => apiFetch<{ replays: BulkReplayDto[] }>(`/api/endpoints/${endpointId}/replays`).then((r) => r.replays),
    enabled,
  });
}

/** One bulk replay; polled twice a second while it can still change (its progress is counted on the server). */
export function useBulkReplay(endpointId: string, id: string | null) {
  return useQuery({
    queryKey: queryKeys.replays.bulk(endpointId, id ?? ""),
    queryFn: () => apiFetch<BulkReplayDto>(`/api/endpoints/${endpointId}/replays/${id}`),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && ["completed", "cancelled"].includes(query.state.data.state) ? false : 500),
  });
}

export function useStartBulkReplay(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplayTargetChoice & { filters: { q: string }; ratePerSecond: number }) =>
      apiFetch<BulkReplayDto>(`/api/endpoints/${endpointId}/replays`, { method: "POST", json: body }),
    onSuccess: (job) => {
      qc.setQueryData(queryKeys.replays.bulk(endpointId, job.id), job);
      void qc.invalidateQueries({ queryKey: queryKeys.replays.all(endpointId) });
    },
  });
}

export function useBulkReplayAction(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: BulkReplayAction }) =>
      apiFetch<BulkReplayDto>(`/api/endpoints/${endpointId}/replays/${id}/${action}`, { method: "POST" }),
    onSuccess: (job) => qc.setQueryData(queryKeys.replays.bulk(endpointId, job.id), job),
  });
}
