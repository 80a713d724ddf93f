"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeliveryDto } from "@/lib/forwarding/deliveries";
import type { RuleTestResult } from "@/lib/forwarding/rule-test";
import type { RuleDto } from "@/lib/forwarding/rules";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export function useRules(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.rules.all(endpointId),
    queryFn: () => apiFetch<{ rules: RuleDto[] }>(`/api/endpoints/${endpointId}/rules`).then((r) => r.rules),
  });
}

/** The cached rule list with `rule` replaced or added. */
export function upsertRule(rules: RuleDto[] | undefined, rule: RuleDto): RuleDto[] | undefined {
  return rules && (rules.some((r) => r.id === rule.id) ? rules.map((r) => (r.id === rule.id ? rule : r)) : [...rules, rule]);
}

export function useSaveRule(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, body }: { ruleId?: string; body: Record<string, unknown> }) =>
      apiFetch<RuleDto>(`/api/endpoints/${endpointId}/rules${ruleId ? `/${ruleId}` : ""}`, { method: ruleId ? "PATCH" : "POST", json: body }),
    // The live stream sends the same rule; writing it here makes the panel current even without it.
    onSuccess: (rule) => qc.setQueryData<RuleDto[]>(queryKeys.rules.all(endpointId), (rules) => upsertRule(rules, rule)),
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

// No polling: attempts happen on the server's schedule, and each one arrives as a "delivery" event
// on the inbox's live stream, which invalidates these queries (use-live-inbox.ts).
export function useDeliveries(endpointId: string, requestId: string) {
  return useQuery({
    queryKey: queryKeys.requests.deliveries(endpointId, requestId),
    queryFn: () => apiFetch<{ deliveries: DeliveryDto[] }>(`/api/endpoints/${endpointId}/requests/${requestId}/deliveries`).then((r) => r.deliveries),
  });
}

/** A rule's recent deliveries. */
export function useRuleDeliveries(endpointId: string, ruleId: string) {
  return useQuery({
    queryKey: queryKeys.rules.deliveries(endpointId, ruleId),
    queryFn: () => apiFetch<{ deliveries: DeliveryDto[] }>(`/api/endpoints/${endpointId}/rules/${ruleId}/deliveries`).then((r) => r.deliveries),
  });
}

/** Dry run of a rule draft against a captured request (nothing is sent). */
export function useRuleTest(endpointId: string) {
  return useMutation({
    mutationFn: (input: { requestId: string; rule: Record<string, unknown> }) =>
      apiFetch<RuleTestResult>(`/api/endpoints/${endpointId}/rules/test`, { method: "POST", json: input }),
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
