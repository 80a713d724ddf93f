import { memo } from "react";
import { formatBytes } from "@/lib/format/bytes";
import type { RequestSummaryDto } from "@/lib/requests/present";
import { ForwardingDot } from "../forwarding-dot";
import { MethodBadge } from "../method-badge";
import { SignatureBadge } from "../signature-badge";
import { Badge } from "../ui/badge";
import { RelativeTime } from "../ui/relative-time";

type Props = { request: RequestSummaryDto; selected: boolean; onSelect: (id: string) => void };

export const ROW_HEIGHT = 56;
export const rowDomId = (id: string) => `request-${id}`;

/** One request in the list: an option of the listbox (keyboard handling lives on the list). */
export const RequestRow = memo(function RequestRow({ request: r, selected, onSelect }: Props) {
  return (
    <div
      role="option"
      id={rowDomId(r.id)}
      aria-selected={selected}
      onClick={() => onSelect(r.id)}
      data-testid="request-row"
      data-seq={r.seq}
      className={`flex h-full w-full cursor-pointer flex-col justify-center gap-0.5 border-b border-zinc-100 px-3 text-left text-sm dark:border-zinc-800/70 ${
        selected ? "bg-indigo-50 shadow-[inset_3px_0_0] shadow-indigo-500 dark:bg-indigo-950/50" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"
      }`}
    >
      <span className="flex min-w-0 items-center gap-2">
        <MethodBadge method={r.method} />
        <span className="min-w-0 flex-1 truncate font-mono text-xs" data-testid="request-path">
          {r.path}
          {r.query ? `?${r.query}` : ""}
        </span>
        <ForwardingDot state={r.forwarding} />
        <RelativeTime iso={r.receivedAt} className="shrink-0 text-xs text-zinc-600 tabular-nums dark:text-zinc-400" />
      </span>
      <span className="flex min-w-0 items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="shrink-0 tabular-nums">#{r.seq}</span>
        <span className="shrink-0 tabular-nums">{formatBytes(r.size)}</span>
        {(r.signatureStatus !== "none" || r.duplicateOfSeq !== null) && (
          <span className="flex shrink-0 gap-1">
            <SignatureBadge status={r.signatureStatus} className="py-0" />
            {r.duplicateOfSeq !== null && <Badge tone="amber" className="py-0" data-testid="duplicate-badge">duplicate of #{r.duplicateOfSeq}</Badge>}
          </span>
        )}
        {r.experimentId && <Badge tone="indigo" className="shrink-0 py-0" data-testid="experiment-badge">experiment</Badge>}
        <span className="truncate">{r.contentType ?? "no content type"}</span>
        <span className="ml-auto hidden shrink-0 sm:inline">{r.ip}</span>
      </span>
    </div>
  );
});
