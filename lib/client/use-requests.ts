"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { RequestDetailDto } from "@/lib/requests/present";
import type { SignatureDetail } from "@/lib/verifications/explain";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/** The detail view's request: with its signature result explained (lib/verifications/explain.ts). */
export type RequestView = RequestDetailDto & { signature: SignatureDetail };

export function useRequestDetail(endpointId: string, requestId: string | null) {
  return useQuery({
    queryKey: queryKeys.requests.detail(endpointId, requestId ?? ""),
    queryFn: () => apiFetch<RequestView>(`/api/endpoints/${endpointId}/requests/${requestId}`),
    enabled: Boolean(requestId),
    // A captured request never changes; its signature result only by a re-check, which invalidates it.
    staleTime: Infinity,
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
