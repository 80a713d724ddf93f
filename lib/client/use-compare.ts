"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { CompareResult } from "@/lib/compare/on-traffic";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export type CompareParams = { window: "hour" | "day" | "week" | "all"; intervals: number[]; budget: number; price: number; ticks: number };

/** The what-if comparison over the endpoint's traffic; the last answer stays on screen while a new one loads. */
export function useComparison(endpointId: string, p: CompareParams) {
  const params = { window: p.window, intervals: p.intervals.join(","), budget: String(p.budget), price: String(p.price), ticks: String(p.ticks) };
  return useQuery({
    queryKey: queryKeys.compare(endpointId, params),
    queryFn: () => apiFetch<CompareResult>(`/api/endpoints/${endpointId}/compare?${new URLSearchParams(params)}`),
    placeholderData: keepPreviousData,
  });
}
