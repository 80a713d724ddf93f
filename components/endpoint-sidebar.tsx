"use client";

import { Settings } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { errorMessage } from "@/lib/client/error-message";
import { useEndpointStats, useEndpoints } from "@/lib/client/use-endpoints";
import { EndpointNavItem } from "./endpoint-nav-item";
import { NewEndpointDialog } from "./new-endpoint-dialog";

/** The endpoints of the user, each with its live figures, plus the way to settings. */
export function EndpointSidebar({ activeId, onNavigate }: { activeId?: string; onNavigate?: () => void }) {
  const endpoints = useEndpoints();
  const stats = useEndpointStats();
  const onSettings = usePathname() === "/settings";
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center justify-between px-3 pt-3 pb-1">
        <h2 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Endpoints</h2>
        <NewEndpointDialog compact onCreated={onNavigate} />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-2">
        {endpoints.isPending && <p className="px-2 py-1 text-sm text-zinc-500">Loading…</p>}
        {endpoints.error && <p role="alert" className="px-2 py-1 text-sm text-red-700 dark:text-red-400">{errorMessage(endpoints.error)}</p>}
        {endpoints.data?.length === 0 && <p className="px-2 py-1 text-sm text-zinc-500">No endpoints yet.</p>}
        <ul className="space-y-0.5" data-testid="endpoint-list">
          {endpoints.data?.map((e) => <EndpointNavItem key={e.id} endpoint={e} stats={stats.data?.[e.id]} active={e.id === activeId} onNavigate={onNavigate} />)}
        </ul>
      </div>
      <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
        <Link
          href="/settings"
          prefetch={false}
          onClick={onNavigate}
          aria-current={onSettings ? "page" : undefined}
          className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-900 dark:text-zinc-300 dark:hover:bg-zinc-900 dark:aria-[current=page]:bg-indigo-950/60 dark:aria-[current=page]:text-indigo-100"
        >
          <Settings className="size-4" aria-hidden />
          Settings and API tokens
        </Link>
      </div>
    </div>
  );
}
