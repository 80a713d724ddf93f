"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { RecheckJob } from "@/lib/verifications/recheck";
import type { VerificationDto } from "@/lib/verifications/verifications";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

const base = (endpointId: string) => `/api/endpoints/${endpointId}/verifications`;

export function useVerifications(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.verifications.all(endpointId),
    queryFn: () => apiFetch<{ verifications: VerificationDto[] }>(base(endpointId)).then((r) => r.verifications),
  });
}

/** The answer replaces the setting in the cached list (secrets are never in it: hints only). */
function useVerificationChange<I, O extends VerificationDto | undefined>(endpointId: string, call: (input: I) => Promise<O>, removedId?: (input: I) => string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (v, input) =>
      qc.setQueryData<VerificationDto[]>(queryKeys.verifications.all(endpointId), (list) => {
        if (!list) return list;
        if (!v) return list.filter((x) => x.id !== removedId?.(input));
        return list.some((x) => x.id === v.id) ? list.map((x) => (x.id === v.id ? v : x)) : [...list, v];
      }),
  });
}

export function useCreateVerification(endpointId: string) {
  return useVerificationChange(endpointId, (body: Record<string, unknown>) => apiFetch<VerificationDto>(base(endpointId), { method: "POST", json: body }));
}

/** Rotation: the new secret is tried first; older ones keep verifying until removed. */
export function useAddSecret(endpointId: string) {
  return useVerificationChange(endpointId, ({ id, secret }: { id: string; secret: string }) =>
    apiFetch<VerificationDto>(`${base(endpointId)}/${id}/secrets`, { method: "POST", json: { secret } }),
  );
}

export function useRemoveSecret(endpointId: string) {
  return useVerificationChange(endpointId, ({ id, secretId }: { id: string; secretId: string }) =>
    apiFetch<VerificationDto>(`${base(endpointId)}/${id}/secrets/${secretId}`, { method: "DELETE" }),
  );
}

export function useDeleteVerification(endpointId: string) {
  return useVerificationChange(
    endpointId,
    (id: string) => apiFetch<undefined>(`${base(endpointId)}/${id}`, { method: "DELETE" }),
    (id) => id,
  );
}

/**
 * The endpoint's re-check job (null: none since the server started), polled while it runs: the
 * server sends no event for its progress, and a poll is one in-memory look-up. When a job seen
 * running finishes, the stored results changed: cached request details are dropped and
 * `onFinished` runs (the inbox reloads its list, whose badges changed).
 */
export function useRecheckJob(endpointId: string, { enabled, onFinished }: { enabled: boolean; onFinished?: () => void }) {
  const qc = useQueryClient();
  const key = queryKeys.verifications.recheck(endpointId);
  const job = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<{ job: RecheckJob | null }>(`${base(endpointId)}/recheck`).then((r) => r.job),
    // A job under way is followed to its end even when nobody looks, so the list still reloads.
    enabled: enabled || qc.getQueryData<RecheckJob | null>(key)?.state === "running",
    refetchInterval: (q) => (q.state.data?.state === "running" ? 400 : false),
    staleTime: 0,
  });
  const state = job.data?.state;
  const last = useRef(state);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  useEffect(() => {
    if (last.current === "running" && state === "finished") {
      void qc.invalidateQueries({ queryKey: queryKeys.requests.all(endpointId) });
      finished.current?.();
    }
    last.current = state;
  }, [state, endpointId, qc]);
  return job;
}

export function useStartRecheck(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<RecheckJob>(`${base(endpointId)}/recheck`, { method: "POST" }),
    onSuccess: (job) => qc.setQueryData(queryKeys.verifications.recheck(endpointId), job),
  });
}
