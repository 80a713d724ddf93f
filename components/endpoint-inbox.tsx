"use client";

import { useCallback, useMemo, useState } from "react";
import type { RequestListFilters } from "@/lib/client/query-keys";
import { useEndpoint, useUpdateEndpoint } from "@/lib/client/use-endpoints";
import { useLiveRequests } from "@/lib/client/use-live-requests";
import { useClearRequests, useDeleteRequest, useRequestDetail, useRequestList } from "@/lib/client/use-requests";
import type { RequestSummaryDto } from "@/lib/requests/present";
import { InboxHeader } from "./inbox-header";
import { RequestDetail } from "./request-detail/request-detail";
import { RequestFilters } from "./request-filters";
import { RequestList } from "./request-list";
import { RequestDeliveries } from "./request-deliveries";
import { ResponseSettingsForm } from "./response-settings-form";
import { RulesPanel } from "./rules-panel";

const FRESH_MS = 2000;

export function EndpointInbox({ endpointId }: { endpointId: string }) {
  const endpoint = useEndpoint(endpointId);
  const [filters, setFilters] = useState<RequestListFilters>({});
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [freshIds, setFreshIds] = useState<Set<string>>(new Set());
  const [unreadIds, setUnreadIds] = useState<Set<string>>(new Set());
  const [showSettings, setShowSettings] = useState(false);
  const [showRules, setShowRules] = useState(false);

  const all = useRequestList(endpointId, {});
  const filtered = Object.keys(filters).length > 0;
  const filteredList = useRequestList(endpointId, filters);
  const list = filtered ? filteredList : all;
  const requests = useMemo(() => list.data?.pages.flatMap((p) => p.requests) ?? [], [list.data]);
  const detail = useRequestDetail(endpointId, selectedId);
  const clear = useClearRequests(endpointId);
  const remove = useDeleteRequest(endpointId);
  const update = useUpdateEndpoint(endpointId);

  const onRequest = useCallback((r: RequestSummaryDto) => {
    setFreshIds((s) => new Set(s).add(r.id));
    setUnreadIds((s) => new Set(s).add(r.id));
    setTimeout(() => setFreshIds((s) => { const n = new Set(s); n.delete(r.id); return n; }), FRESH_MS);
  }, []);
  const status = useLiveRequests(endpointId, { ready: all.isSuccess, onRequest });

  const select = (id: string) => {
    setSelectedId(id);
    setUnreadIds((s) => { const n = new Set(s); n.delete(id); return n; });
  };

  if (endpoint.error) return <p role="alert" className="p-6 text-sm text-red-600">{endpoint.error.message}</p>;
  if (!endpoint.data) return <p className="p-6 text-sm text-zinc-500">Loading…</p>;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <InboxHeader
        endpoint={endpoint.data}
        status={status}
        unread={unreadIds.size}
        filters={filters}
        onMarkRead={() => setUnreadIds(new Set())}
        onClear={() => clear.mutate()}
        onToggleSettings={() => setShowSettings((v) => !v)}
        onToggleRules={() => setShowRules((v) => !v)}
      />
      {/* Panels scroll on their own so the request list always keeps room on a 720px screen. */}
      {(showRules || showSettings) && (
        <div className="max-h-[40vh] shrink-0 overflow-auto">
          {showRules && <RulesPanel endpointId={endpointId} />}
          {showSettings && (
            <ResponseSettingsForm
              endpoint={endpoint.data}
              saving={update.isPending}
              error={update.error?.message}
              onSave={(patch) => update.mutate(patch, { onSuccess: () => setShowSettings(false) })}
            />
          )}
        </div>
      )}
      <div className="flex min-h-64 flex-1 flex-col lg:flex-row">
        <section className={`flex min-h-0 flex-col border-zinc-200 lg:w-[420px] lg:border-r dark:border-zinc-800 ${selectedId ? "hidden lg:flex" : "flex flex-1 lg:flex-none"}`}>
          <RequestFilters value={filters} onChange={setFilters} error={list.error?.message} />
          {list.isSuccess && requests.length === 0 && (
            <p className="p-6 text-center text-sm text-zinc-500" data-testid="empty-list">
              {filtered ? "No request matches these filters." : "Waiting for the first request…"}
            </p>
          )}
          <RequestList
            requests={requests}
            selectedId={selectedId}
            freshIds={freshIds}
            unreadIds={unreadIds}
            hasMore={Boolean(list.hasNextPage)}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
            onSelect={select}
          />
        </section>
        <section className={`min-h-0 flex-1 overflow-auto ${selectedId ? "" : "hidden lg:block"}`}>
          {selectedId && (
            <button type="button" className="m-3 text-sm text-indigo-600 lg:hidden" onClick={() => setSelectedId(null)}>← Back to list</button>
          )}
          {!selectedId && <p className="p-6 text-sm text-zinc-500">Select a request to see it in full.</p>}
          {detail.error && <p role="alert" className="p-6 text-sm text-red-600">{detail.error.message}</p>}
          {detail.data && (
            <div className="p-4">
              <div className="flex justify-end">
                <button
                  type="button"
                  className="rounded-md border border-zinc-300 px-2 py-1 text-xs text-red-600 dark:border-zinc-700"
                  onClick={() => remove.mutate(detail.data.id, { onSuccess: () => setSelectedId(null) })}
                >
                  Delete request
                </button>
              </div>
              <RequestDetail detail={detail.data} endpointUrl={endpoint.data.url} />
              <RequestDeliveries endpointId={endpointId} requestId={detail.data.id} />
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
