"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TokenDto } from "@/lib/tokens/tokens";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens.all,
    queryFn: () => apiFetch<{ tokens: TokenDto[] }>("/api/tokens").then((r) => r.tokens),
  });
}

export type NewToken = { name: string; readOnly: boolean; endpointIds?: string[] };

/** The answer holds the token itself, this once (the server keeps only its hash). */
export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: NewToken) => apiFetch<TokenDto & { token: string }>("/api/tokens", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
}
