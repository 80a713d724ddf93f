"use client";

import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import type { RequestDetailDto } from "@/lib/requests/present";
import { apiFetch } from "./api";
import { queryKeys, type RequestListFilters } from "./query-keys";
import type { RequestPage } from "./request-cache";

export const PAGE_SIZE = 100;

export function requestListUrl(endpointId: string, filters: RequestListFilters, extra: Record<string, string> = {}) {
  const params = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return `/api/endpoints/${endpointId}/requests?${params}`;
}

export function useRequestList(endpointId: string, filters: RequestListFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.requests.list(endpointId, filters),
    queryFn: ({ pageParam }) =>
      apiFetch<RequestPage>(requestListUrl(endpointId, filters, { limit: String(PAGE_SIZE), ...(pageParam ? { before: pageParam } : {}) })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Live events keep the list current; a refetch would only repeat what SSE already delivered.
    staleTime: Infinity,
  });
}

export function useRequestDetail(endpointId: string, requestId: string | null) {
  return useQuery({
    queryKey: queryKeys.requests.detail(endpointId, requestId ?? ""),
    queryFn: () => apiFetch<RequestDetailDto>(`/api/endpoints/${endpointId}/requests/${requestId}`),
    enabled: Boolean(requestId),
    staleTime: Infinity, // a captured request never changes
  });
}

/** Deletes update the list through the SSE "deleted"/"cleared" events, in this tab and others. */
export function useDeleteRequest(endpointId: string) {
  return useMutation({
    mutationFn: (requestId: string) => apiFetch<void>(`/api/endpoints/${endpointId}/requests/${requestId}`, { method: "DELETE" }),
  });
}

/**
 * No refetch on success: the server's "cleared" event empties the list in stream order, before any
 * request that arrives after the clear. A refetch could land after such a request and drop it.
 */
export function useClearRequests(endpointId: string) {
  return useMutation({
    mutationFn: () => apiFetch<void>(`/api/endpoints/${endpointId}/requests`, { method: "DELETE" }),
  });
}
