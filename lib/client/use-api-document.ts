"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./api";
import type { OpenApiDocument } from "./openapi-view";
import { queryKeys } from "./query-keys";

/** The pull API's OpenAPI document, as any client would fetch it (it changes only with a new server version). */
export function useApiDocument() {
  return useQuery({
    queryKey: queryKeys.apiDocument,
    queryFn: () => apiFetch<OpenApiDocument>("/api/v1/openapi.json"),
    staleTime: Infinity,
  });
}
