import type { RequestSummaryDto } from "@/lib/requests/present";
import { MethodBadge } from "./method-badge";

type Props = { request: RequestSummaryDto; selected: boolean; fresh: boolean; unread: boolean; onSelect: () => void };

function formatSize(n: number) {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function RequestRow({ request: r, selected, fresh, unread, onSelect }: Props) {
  const time = new Date(r.receivedAt);
  return (
    <button
      type="button"
      onClick={onSelect}
      data-testid="request-row"
      data-seq={r.seq}
      aria-current={selected}
      className={`flex h-full w-full flex-col justify-center gap-0.5 border-b border-zinc-100 px-3 text-left text-sm transition-colors duration-1000 dark:border-zinc-800 ${
        selected ? "bg-indigo-50 dark:bg-indigo-950" : fresh ? "bg-amber-100 dark:bg-amber-900/40" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"
      }`}
    >
      <span className="flex min-w-0 items-center gap-2">
        {unread && <span className="h-1.5 w-1.5 shrink-0 rounded-full bg-indigo-500" aria-label="unread" />}
        <MethodBadge method={r.method} />
        <span className="truncate font-mono text-xs" data-testid="request-path">
          {r.path}
          {r.query ? `?${r.query}` : ""}
        </span>
        <span className="ml-auto shrink-0 text-xs text-zinc-500" title={r.receivedAt}>
          #{r.seq} · {time.toLocaleTimeString()}
        </span>
      </span>
      <span className="flex gap-3 truncate text-xs text-zinc-500">
        <span>{formatSize(r.size)}</span>
        <span className="truncate">{r.contentType ?? "no content type"}</span>
        <span className="ml-auto">{r.ip}</span>
      </span>
    </button>
  );
}
