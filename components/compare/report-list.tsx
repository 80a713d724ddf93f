"use client";

import type { ExperimentListItem } from "@/lib/client/use-experiments";
import { Badge } from "../ui/badge";
import { RelativeTime } from "../ui/relative-time";
import { describeConfig } from "./experiment-summary";
import { STATE_TONES } from "./experiment-view";

/** The endpoint's saved experiments, newest first; choosing one shows it. */
export function ReportList({ experiments, selectedId, onSelect }: { experiments: ExperimentListItem[]; selectedId: string | null; onSelect: (id: string) => void }) {
  if (experiments.length === 0) return <p className="text-sm text-zinc-500">No experiments on this endpoint yet.</p>;
  return (
    <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="report-list">
      {experiments.map((e) => (
        <li key={e.id}>
          <button
            type="button"
            onClick={() => onSelect(e.id)}
            aria-current={e.id === selectedId ? "true" : undefined}
            data-testid="report-item"
            className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-left text-sm hover:bg-zinc-50 aria-[current]:bg-indigo-50 dark:hover:bg-zinc-900 dark:aria-[current]:bg-indigo-950/50"
          >
            <Badge tone={STATE_TONES[e.state]}>{e.state}</Badge>
            <span className="min-w-0 flex-1 truncate">{describeConfig(e.config)}</span>
            {e.shared && <Badge tone="indigo">shared</Badge>}
            <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{e.report ? `${e.report.events.toLocaleString("en-US")} events` : ""}</span>
            <RelativeTime iso={e.createdAt} className="text-xs text-zinc-600 dark:text-zinc-400" />
          </button>
        </li>
      ))}
    </ul>
  );
}
