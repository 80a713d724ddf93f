"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EndpointDto } from "@/lib/endpoints/present";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export function useEndpoints() {
  return useQuery({
    queryKey: queryKeys.endpoints.list(),
    queryFn: () => apiFetch<{ endpoints: EndpointDto[] }>("/api/endpoints").then((r) => r.endpoints),
  });
}

export function useEndpoint(id: string) {
  return useQuery({
    queryKey: queryKeys.endpoints.detail(id),
    queryFn: () => apiFetch<EndpointDto>(`/api/endpoints/${id}`),
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
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.endpoints.all }),
  });
}

export function useRenameEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      apiFetch<EndpointDto>(`/api/endpoints/${id}`, { method: "PATCH", json: { name } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.endpoints.all }),
  });
}

export function useDeleteEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/endpoints/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.endpoints.all }),
  });
}
