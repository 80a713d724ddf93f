"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EndpointDto } from "@/lib/endpoints/present";
import type { EndpointStats } from "@/lib/endpoints/stats";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export function useEndpoints() {
  return useQuery({
    queryKey: queryKeys.endpoints.list(),
    queryFn: () => apiFetch<{ endpoints: EndpointDto[] }>("/api/endpoints").then((r) => r.endpoints),
  });
}

/** One endpoint; `initial` is the copy sent with the page (no fetch on load). */
export function useEndpoint(id: string, initial?: EndpointDto) {
  return useQuery({
    queryKey: queryKeys.endpoints.detail(id),
    queryFn: () => apiFetch<EndpointDto>(`/api/endpoints/${id}`),
    initialData: initial,
  });
}

/** PATCH any endpoint fields (name, response settings, limits). */
export function useUpdateEndpoint(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Record<string, unknown>) => apiFetch<EndpointDto>(`/api/endpoints/${id}`, { method: "PATCH", json: patch }),
    onSuccess: (endpoint) => {
      qc.setQueryData(queryKeys.endpoints.detail(id), endpoint);
      void qc.invalidateQueries({ queryKey: queryKeys.endpoints.list() });
    },
  });
}

export function useCreateEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiFetch<EndpointDto>("/api/endpoints", { method: "POST", json: { name } }),
    onSuccess: (endpoint) => {
      qc.setQueryData(queryKeys.endpoints.detail(endpoint.id), endpoint);
      return qc.invalidateQueries({ queryKey: queryKeys.endpoints.all });
    },
  });
}

export function useDeleteEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/endpoints/${id}`, { method: "DELETE" }),
    // Not awaited: the refetch drops the endpoint, which unmounts the page that called mutate, and
    // TanStack Query skips a mutate() call's own callbacks (the toast, the navigation) once their
    // component is gone. Awaiting made the "Deleted" toast depend on that race.
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.endpoints.all }),
  });
}

/**
 * The sidebar's figures for every endpoint. The open endpoint's count follows its live stream
 * (use-live-inbox.ts); the others refresh on this interval, which is cheap (a few indexed queries).
 */
export function useEndpointStats() {
  return useQuery({
    queryKey: queryKeys.endpoints.stats(),
    queryFn: () => apiFetch<{ stats: Record<string, EndpointStats> }>("/api/endpoints/stats").then((r) => r.stats),
    refetchInterval: 10_000,
    staleTime: 5_000,
  });
}

export function useClearRejections(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(`/api/endpoints/${endpointId}/rejections`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.endpoints.stats() }),
  });
}
