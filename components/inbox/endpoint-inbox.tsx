"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "@/lib/client/error-message";
import type { InboxSnapshot } from "@/lib/endpoints/inbox-snapshot";
import { useEndpoint, useEndpointStats } from "@/lib/client/use-endpoints";
import { useLiveInbox } from "@/lib/client/use-live-inbox";
import { useRequestWindow, useWindowView } from "@/lib/client/use-request-window";
import { useShortcuts } from "@/lib/client/use-shortcuts";
import { useStoredFlag } from "@/lib/client/use-stored-flag";
import { useThrottled } from "@/lib/client/use-throttled";
import { RulesSheet } from "../rules/rules-sheet";
import { SignaturesSheet } from "../signatures/signatures-sheet";
import { ConnectionBanner } from "./connection-banner";
import { EndpointMenu } from "./endpoint-menu";
import { FirstRequestGuide } from "./first-request-guide";
import { FollowBar, NewRequestsPill } from "./follow-bar";
import { InboxHeader } from "./inbox-header";
import { RefusedBanner } from "./refused-banner";
import { RequestList, type RequestListHandle } from "./request-list";
import { RequestPane } from "./request-pane";
import { SearchBar } from "./search-bar";

const FOLLOW_MS = 250;

/**
 * One endpoint's inbox: the live list on the left, the selected request on the right (below
 * 1024 px the request covers the list until "Back"). While following, each new request is
 * selected as it arrives; scrolling or choosing another row stops following, and arrivals then
 * wait behind the "N new" pill so the rows never move under the cursor.
 */
export function EndpointInbox({ endpointId, initial }: { endpointId: string; initial?: InboxSnapshot }) {
  const endpoint = useEndpoint(endpointId, initial?.endpoint);
  const stats = useEndpointStats().data?.[endpointId];
  const [q, setQ] = useState("");
  const [hideExperiments, setHideExperiments] = useStoredFlag("inbox.hideExperiments");
  const filtered = q !== "";
  const filters = useMemo(() => ({ ...(q ? { q } : {}), ...(hideExperiments ? { experiments: "hide" as const } : {}) }), [q, hideExperiments]);
  const win = useRequestWindow(endpointId, filters, initial?.window);
  const view = useWindowView(win);
  const status = useLiveInbox(endpointId, win);
  const [follow, setFollow] = useState(true);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const list = useRef<RequestListHandle>(null);
  const pane = useRef<HTMLDivElement>(null);

  useEffect(() => win?.hold(!follow), [win, follow]);
  // With no rows on screen there is nothing to keep still: arrivals show (after a clear, say).
  const nothingShown = view.status === "ready" && view.length === 0;
  useEffect(() => {
    if (nothingShown) setFollow(true);
  }, [nothingShown]);
  const newestId = view.rowAt(0)?.id ?? null;
  const selectedSeq = useMemo(() => (selectedId ? (view.rowAt(view.indexOf(selectedId))?.seq ?? null) : null), [view, selectedId]);
  // Opening a request fetches and renders its detail and scrolls the list: done for every arrival
  // at 200 a second, that kept the page's main thread so busy that live events waited 60-200 ms
  // in it (npm run bench -- live_chromium; 0.7/2.8 ms p50/p99 before following existed). While
  // following, the newest request is opened at most every FOLLOW_MS.
  const followedId = useThrottled(newestId, FOLLOW_MS);
  useEffect(() => {
    if (!follow || !followedId) return;
    setSelectedId(followedId);
    list.current?.scrollToIndex(0);
  }, [follow, followedId]);

  const select = useCallback(
    (id: string, open: boolean) => {
      setSelectedId(id);
      if (open) setDetailOpen(true);
      if (id !== newestId) setFollow(false);
    },
    [newestId],
  );
  const onRowClick = useCallback((id: string) => select(id, true), [select]);
  const closeDetail = useCallback(() => setDetailOpen(false), []);
  const onDeleted = useCallback(() => {
    setSelectedId(null);
    setDetailOpen(false);
  }, []);
  const onUserScroll = useCallback(() => setFollow(false), []);
  const selected = useMemo(() => (selectedId && selectedSeq !== null ? { id: selectedId, seq: selectedSeq } : null), [selectedId, selectedSeq]);
  // Read through a ref: the memoized pane must not re-render for every change of the list.
  const viewRef = useRef(view);
  viewRef.current = view;
  const openRequest = useCallback((id: string) => {
    setFollow(false);
    setSelectedId(id);
    const index = viewRef.current.indexOf(id);
    if (index >= 0) list.current?.scrollToIndex(index);
  }, []);
  const reload = useCallback(() => void win?.load(), [win]);

  function move(delta: number) {
    const from = selectedId ? view.indexOf(selectedId) : -1;
    const to = Math.min(view.length - 1, Math.max(0, from + delta));
    const row = view.rowAt(to);
    list.current?.scrollToIndex(to);
    if (row) select(row.id, false);
  }
  const inList = () => document.activeElement === document.body || Boolean(document.activeElement?.closest("#requests"));
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: (e) => inList() && (e.preventDefault(), move(1)),
    ArrowUp: (e) => inList() && (e.preventDefault(), move(-1)),
    Enter: () => {
      if (!selectedId || !inList()) return;
      setDetailOpen(true);
      requestAnimationFrame(() => pane.current?.focus());
    },
    Escape: () => {
      if (!detailOpen) return;
      setDetailOpen(false);
      requestAnimationFrame(() => list.current?.focus());
    },
    f: () => setFollow((f) => !f),
    "/": (e) => {
      e.preventDefault();
      document.getElementById("request-search")?.focus();
    },
  });

  if (endpoint.error) return <p role="alert" className="p-6 text-sm text-red-700 dark:text-red-400">{errorMessage(endpoint.error)}</p>;
  if (!endpoint.data) return <p className="p-6 text-sm text-zinc-500">Loading…</p>;

  const empty = view.status === "ready" && view.length === 0 && view.queued === 0;
  // A new endpoint: its URL and a test command take the whole inbox, until the first request.
  const firstRun = empty && !filtered;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <InboxHeader
        endpoint={endpoint.data}
        status={status}
        actions={
          <>
            <SignaturesSheet endpointId={endpointId} stored={stats?.requests ?? view.length} onRechecked={reload} />
            <RulesSheet
              endpointId={endpointId}
              selected={selected}
              searchQuery={q}
              health={stats?.forwarding.health ?? "none"}
            />
            <EndpointMenu endpoint={endpoint.data} filters={filters} matching={view.length} />
          </>
        }
      />
      <ConnectionBanner status={status} />
      {stats && <RefusedBanner endpointId={endpointId} rejected={stats.rejected} />}
      {firstRun ? (
        <FirstRequestGuide url={endpoint.data.url} />
      ) : (
        <div className="flex min-h-0 flex-1">
          <section
            aria-label="Request list"
            className={`relative min-h-0 w-full flex-col border-zinc-200 lg:flex lg:w-[420px] lg:shrink-0 lg:border-r xl:w-[460px] dark:border-zinc-800 ${detailOpen ? "hidden" : "flex"}`}
          >
            <SearchBar value={q} onChange={setQ} error={view.status === "error" ? errorMessage(view.error) : undefined} />
            <FollowBar
              follow={follow}
              onFollow={setFollow}
              total={view.length}
              filtered={filtered}
              hideExperiments={hideExperiments}
              onHideExperiments={setHideExperiments}
            />
            <div className="relative flex min-h-0 flex-1 flex-col">
              <NewRequestsPill count={view.queued} onShow={() => setFollow(true)} />
              {empty && <p className="p-6 text-center text-sm text-zinc-500" data-testid="empty-list">No request matches this search.</p>}
              {view.status === "loading" && <p className="p-6 text-center text-sm text-zinc-500">Loading requests…</p>}
              {!empty && <RequestList ref={list} win={win} view={view} selectedId={selectedId} onSelect={onRowClick} onUserScroll={onUserScroll} />}
            </div>
          </section>
          <section
            ref={pane}
            tabIndex={-1}
            aria-label="Selected request"
            className={`min-h-0 min-w-0 flex-1 flex-col focus:outline-none lg:flex ${detailOpen ? "flex" : "hidden"}`}
          >
            <RequestPane endpointId={endpointId} endpointUrl={endpoint.data.url} requestId={selectedId} onBack={closeDetail} onDeleted={onDeleted} onOpenRequest={openRequest} />
          </section>
        </div>
      )}
    </div>
  );
}
