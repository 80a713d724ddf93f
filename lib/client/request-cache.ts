import type { InfiniteData } from "@tanstack/react-query";
import type { RequestSummaryDto } from "@/lib/requests/present";

/** One page of GET /api/endpoints/<id>/requests. */
export type RequestPage = { requests: RequestSummaryDto[]; nextCursor: string | null };
export type RequestPages = InfiniteData<RequestPage, string | null>;

/**
 * Pure updates of the cached, newest-first request list, applied as SSE events arrive so the
 * list never has to be refetched per event. Each returns the same object when nothing changes.
 */
export function insertRequest(data: RequestPages | undefined, r: RequestSummaryDto): RequestPages | undefined {
  if (!data) return data;
  if (data.pages.some((p) => p.requests.some((x) => x.id === r.id))) return data;
  const [first, ...rest] = data.pages;
  const requests = [...first.requests];
  // Events arrive in seq order, so this is almost always index 0.
  let at = 0;
  while (at < requests.length && requests[at].seq > r.seq) at++;
  // Older than everything on the first page and more pages exist: it belongs to a page not loaded.
  if (at === requests.length && first.nextCursor !== null) return data;
  requests.splice(at, 0, r);
  return { ...data, pages: [{ ...first, requests }, ...rest] };
}

export function removeRequest(data: RequestPages | undefined, id: string): RequestPages | undefined {
  if (!data || !data.pages.some((p) => p.requests.some((x) => x.id === id))) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, requests: p.requests.filter((x) => x.id !== id) })) };
}

export function emptyPages(): RequestPages {
  return { pages: [{ requests: [], nextCursor: null }], pageParams: [null] };
}

export function newestSeq(data: RequestPages | undefined): number | null {
  return data?.pages[0]?.requests[0]?.seq ?? null;
}
