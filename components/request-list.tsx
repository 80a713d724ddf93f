"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { RequestSummaryDto } from "@/lib/requests/present";
import { RequestRow } from "./request-row";

type Props = {
  requests: RequestSummaryDto[];
  selectedId: string | null;
  freshIds: Set<string>;
  unreadIds: Set<string>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onSelect: (id: string) => void;
};

const ROW_HEIGHT = 56;

/** Virtualized: only the visible rows are in the DOM, so 100,000 requests scroll like 100. */
export function RequestList({ requests, selectedId, freshIds, unreadIds, hasMore, loadingMore, onLoadMore, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: requests.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => requests[i].id,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= requests.length - 20) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, requests.length, onLoadMore]);

  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-auto" data-testid="request-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((item) => {
          const r = requests[item.index];
          return (
            <div key={item.key} style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
              <RequestRow request={r} selected={r.id === selectedId} fresh={freshIds.has(r.id)} unread={unreadIds.has(r.id)} onSelect={() => onSelect(r.id)} />
            </div>
          );
        })}
      </div>
      {loadingMore && <p className="p-3 text-center text-xs text-zinc-500">Loading more…</p>}
    </div>
  );
}
