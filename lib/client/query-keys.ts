/** The one query-key factory: every React Query key in the app is built here. */
/** The request list's search: `q` in the query language of lib/conditions/query.ts. */
export type RequestListFilters = { q?: string; experiments?: "hide" };

export const queryKeys = {
  endpoints: {
    all: ["endpoints"] as const,
    list: () => [...queryKeys.endpoints.all, "list"] as const,
    detail: (id: string) => [...queryKeys.endpoints.all, "detail", id] as const,
    stats: () => [...queryKeys.endpoints.all, "stats"] as const,
  },
  // The request list itself is a RequestWindow (lib/client/request-window.ts), not a query.
  requests: {
    all: (endpointId: string) => ["requests", endpointId] as const,
    detail: (endpointId: string, requestId: string) => [...queryKeys.requests.all(endpointId), "detail", requestId] as const,
    deliveries: (endpointId: string, requestId: string) => [...queryKeys.requests.all(endpointId), "deliveries", requestId] as const,
  },
  tokens: {
    all: ["tokens"] as const,
  },
  verifications: {
    all: (endpointId: string) => ["verifications", endpointId] as const,
    recheck: (endpointId: string) => ["verifications", endpointId, "recheck"] as const,
  },
  apiDocument: ["api-document"] as const,
  replays: {
    all: (endpointId: string) => ["replays", endpointId] as const,
    targets: (endpointId: string) => ["replays", endpointId, "targets"] as const,
    bulk: (endpointId: string, id: string) => ["replays", endpointId, "bulk", id] as const,
  },
  compare: (endpointId: string, params: Record<string, string>) => ["compare", endpointId, params] as const,
  experiments: {
    all: (endpointId: string) => ["experiments", endpointId] as const,
  },
  rules: {
    all: (endpointId: string) => ["rules", endpointId] as const,
    deliveries: (endpointId: string, ruleId: string) => ["rules", endpointId, "deliveries", ruleId] as const,
  },
};
