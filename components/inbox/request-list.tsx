"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useImperativeHandle, useRef, type Ref } from "react";
import type { RequestWindow, WindowView } from "@/lib/client/request-window";
import { ROW_HEIGHT, RequestRow, rowDomId } from "./request-row";

export type RequestListHandle = { scrollToIndex: (index: number) => void; focus: () => void };

type Props = {
  win: RequestWindow | null;
  view: WindowView;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** The user scrolled away from the newest rows (follow mode ends). */
  onUserScroll: () => void;
  ref?: Ref<RequestListHandle>;
};

const OVERSCAN = 10;
const rowHeight = () => ROW_HEIGHT;

/**
 * Virtualized listbox over the whole list: the scrollbar spans every stored request and only the
 * visible rows are in the DOM. Rows not loaded yet show as placeholders while their window loads,
 * so a drag to the bottom fetches the oldest rows directly. Keys are handled by the inbox
 * (j/k/arrows/Enter); the list is one tab stop and points at the selected row.
 */
export function RequestList({ win, view, selectedId, onSelect, onUserScroll, ref }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const programmaticUntil = useRef(0);
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scroller.current,
    // Stable identities: the virtualizer re-measures all `count` rows whenever these change, which
    // at 100,000 rows was a 30-70 ms task (and GC) on every render. Rows get their React keys below.
    estimateSize: rowHeight,
    overscan: OVERSCAN,
    // Renders in the next frame rather than synchronously inside each scroll event.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (last >= 0) win?.ensure(Math.max(0, first - OVERSCAN), last + OVERSCAN);
  }, [win, view, first, last]);

  useImperativeHandle(ref, () => ({
    scrollToIndex(index) {
      programmaticUntil.current = Date.now() + 300;
      virtualizer.scrollToIndex(index, { align: index === 0 ? "start" : "auto" });
    },
    focus: () => scroller.current?.focus(),
  }));

  function onScroll() {
    if (Date.now() < programmaticUntil.current) return;
    if ((scroller.current?.scrollTop ?? 0) > ROW_HEIGHT / 2) onUserScroll();
  }

  const selectedRendered = selectedId !== null && items.some((it) => view.rowAt(it.index)?.id === selectedId);
  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      role="listbox"
      tabIndex={0}
      aria-label="Requests"
      aria-activedescendant={selectedRendered ? rowDomId(selectedId!) : undefined}
      className="min-h-0 flex-1 overflow-auto focus-visible:outline-offset-[-2px]"
      data-testid="request-list"
      id="requests"
    >
      <div role="none" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((item) => {
          const r = view.rowAt(item.index);
          return (
            <div role="none" key={r?.id ?? `pending-${item.index}`} style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
              {r ? (
                <RequestRow request={r} selected={r.id === selectedId} onSelect={onSelect} />
              ) : (
                <div role="none" className="flex h-full flex-col justify-center gap-2 border-b border-zinc-100 px-3 dark:border-zinc-800/70" data-testid="row-placeholder">
                  <span className="h-3 w-2/3 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
                  <span className="h-2.5 w-1/3 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
