"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ExperimentInput } from "@/lib/experiments/config";
import type { ExperimentReport, Observation } from "@/lib/experiments/report";
import type { ExperimentDto, ExperimentSamples } from "@/lib/experiments/store";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export type ExperimentListItem = ExperimentDto & { requestsKept: number };
/** An experiment as the page follows it (GET .../experiments/<id>). */
export type ExperimentView = Omit<ExperimentDto, "report" | "shared" | "createdAt" | "finishedAt" | "error"> &
  Partial<Pick<ExperimentDto, "shared" | "createdAt" | "finishedAt" | "error">> & {
    report?: ExperimentReport;
    samples?: ExperimentSamples | null;
    live?: { elapsedMs: number; observations: Observation[]; observationCount: number; timeline: number[][] };
  };

const base = (endpointId: string) => `/api/endpoints/${endpointId}/experiments`;

export function useExperiments(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.experiments.all(endpointId),
    queryFn: () => apiFetch<{ experiments: ExperimentListItem[] }>(base(endpointId)).then((r) => r.experiments),
  });
}

function useExperimentMutation<I, O>(endpointId: string, fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.experiments.all(endpointId) }) });
}

export const useStartExperiment = (endpointId: string) =>
  useExperimentMutation(endpointId, (input: ExperimentInput) => apiFetch<{ id: string }>(base(endpointId), { method: "POST", json: input }));
export const useCancelExperiment = (endpointId: string) =>
  useExperimentMutation(endpointId, (id: string) => apiFetch<ExperimentDto>(`${base(endpointId)}/${id}/cancel`, { method: "POST" }));
export const useDeleteExperiment = (endpointId: string) =>
  useExperimentMutation(endpointId, (id: string) => apiFetch<{ requestsDeleted: number }>(`${base(endpointId)}/${id}`, { method: "DELETE" }));
export const useShareExperiment = (endpointId: string) =>
  useExperimentMutation(endpointId, (id: string) => apiFetch<{ url: string }>(`${base(endpointId)}/${id}/share`, { method: "POST" }));
export const useUnshareExperiment = (endpointId: string) =>
  useExperimentMutation(endpointId, (id: string) => apiFetch<void>(`${base(endpointId)}/${id}/share`, { method: "DELETE" }));

const FOLLOW_MS = 1000;

/**
 * One experiment, followed live while it runs: every second the page asks for the figures so far
 * and only the observations it does not have yet, and keeps them all; once it has ended, the saved
 * report with its samples. It runs in the server either way (closing the page changes nothing).
 */
export function useExperimentRun(endpointId: string, id: string | null) {
  const qc = useQueryClient();
  const [view, setView] = useState<{ id: string; experiment: ExperimentView; observations: Observation[] } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let observations: Observation[] = [];
    const follow = async () => {
      try {
        const e = await apiFetch<ExperimentView>(`${base(endpointId)}/${id}?after=${observations.length}`);
        if (stopped) return;
        if (e.state === "running") observations = observations.concat(e.live?.observations ?? []);
        else observations = e.samples?.observations ?? [];
        setView({ id, experiment: e, observations });
        setError(null);
        if (e.state === "running") timer = setTimeout(follow, FOLLOW_MS);
        else void qc.invalidateQueries({ queryKey: queryKeys.experiments.all(endpointId) });
      } catch (err) {
        if (stopped) return;
        setError(err as Error);
        timer = setTimeout(follow, FOLLOW_MS * 3);
      }
    };
    void follow();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [endpointId, id, qc]);
  return { view: view?.id === id ? view : null, error };
}
