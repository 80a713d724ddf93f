"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeliveryDto } from "@/lib/forwarding/deliveries";
import type { RuleDto } from "@/lib/forwarding/rules";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export function useRules(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.rules.all(endpointId),
    queryFn: () => apiFetch<{ rules: RuleDto[] }>(`/api/endpoints/${endpointId}/rules`).then((r) => r.rules),
  });
}

export function useSaveRule(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, body }: { ruleId?: string; body: Record<string, unknown> }) =>
      apiFetch<RuleDto>(`/api/endpoints/${endpointId}/rules${ruleId ? `/${ruleId}` : ""}`, { method: ruleId ? "PATCH" : "POST", json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.rules.all(endpointId) }),
  });
}

export function useDeleteRule(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => apiFetch<void>(`/api/endpoints/${endpointId}/rules/${ruleId}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.rules.all(endpointId) }),
  });
}

export function useRetryFailed(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => apiFetch<{ requeued: number }>(`/api/endpoints/${endpointId}/rules/${ruleId}/retry-failed`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.requests.all(endpointId) }),
  });
}

const active = (d: DeliveryDto) => d.state === "pending" || d.state === "delivering" || d.state === "retrying";

/** Polls while a delivery is still in motion: attempts happen on the server's schedule, not ours. */
export function useDeliveries(endpointId: string, requestId: string) {
  return useQuery({
    queryKey: queryKeys.requests.deliveries(endpointId, requestId),
    queryFn: () => apiFetch<{ deliveries: DeliveryDto[] }>(`/api/endpoints/${endpointId}/requests/${requestId}/deliveries`).then((r) => r.deliveries),
    refetchInterval: (q) => (q.state.data?.some(active) ? 1000 : false),
  });
}

/** A rule's recent deliveries; polls while any is still in motion. */
export function useRuleDeliveries(endpointId: string, ruleId: string) {
  return useQuery({
    queryKey: queryKeys.rules.deliveries(endpointId, ruleId),
    queryFn: () => apiFetch<{ deliveries: DeliveryDto[] }>(`/api/endpoints/${endpointId}/rules/${ruleId}/deliveries`).then((r) => r.deliveries),
    refetchInterval: (q) => (q.state.data?.some(active) ? 1000 : false),
  });
}

export function useDeliveryAction(endpointId: string, requestId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ deliveryId, action }: { deliveryId: string; action: "retry" | "cancel" }) =>
      apiFetch<void>(`/api/endpoints/${endpointId}/deliveries/${deliveryId}/${action}`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.requests.deliveries(endpointId, requestId) }),
  });
}
