import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Refetches a query because the server says its data changed. Cancels first: React Query folds a
 * refetch into a fetch already running when the query has no data yet, so a first fetch that
 * started before the change was committed would answer for both and the change would stay
 * unseen for the whole staleTime (seen with deliveries reported right after a request arrived).
 */
export async function refreshQuery(qc: QueryClient, queryKey: QueryKey): Promise<void> {
  await qc.cancelQueries({ queryKey });
  await qc.invalidateQueries({ queryKey });
}
