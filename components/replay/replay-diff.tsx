import type { DiffLine, DraftDiff } from "@/lib/replay/draft";
import { formatBytes } from "@/lib/format/bytes";

const LINE: Record<DiffLine["change"], { mark: string; className: string }> = {
  same: { mark: " ", className: "text-zinc-600 dark:text-zinc-400" },
  added: { mark: "+", className: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" },
  removed: { mark: "-", className: "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200" },
  skipped: { mark: "…", className: "text-zinc-400 italic dark:text-zinc-500" },
};

function Lines({ lines, testId }: { lines: DiffLine[]; testId: string }) {
  return (
    <pre data-testid={testId} className="max-h-56 overflow-auto rounded border border-zinc-200 font-mono text-xs dark:border-zinc-800">
      {lines.map((l, i) => (
        <div key={i} data-change={l.change} className={`px-2 break-all whitespace-pre-wrap ${LINE[l.change].className}`}>
          <span aria-hidden className="mr-2 select-none">{LINE[l.change].mark}</span>
          <span className="sr-only">{l.change === "same" || l.change === "skipped" ? "" : `${l.change}: `}</span>
          {l.text}
        </div>
      ))}
    </pre>
  );
}

/** The edit against the captured request: only the parts that changed. */
export function ReplayDiff({ diff }: { diff: DraftDiff }) {
  if (!diff.method && !diff.headers && !diff.body) return <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="replay-diff-none">No changes: the stored bytes and headers are sent.</p>;
  return (
    <div className="space-y-2" data-testid="replay-diff">
      <h4 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Changes from the original</h4>
      {diff.method && (
        <p className="font-mono text-xs" data-testid="diff-method">
          Method: <span className="text-red-700 line-through dark:text-red-400">{diff.method.from}</span> → <span className="text-emerald-700 dark:text-emerald-400">{diff.method.to}</span>
        </p>
      )}
      {diff.headers && <Lines lines={diff.headers} testId="diff-headers" />}
      {diff.body && ("lines" in diff.body ? (
        <Lines lines={diff.body.lines} testId="diff-body" />
      ) : (
        <p className="text-xs" data-testid="diff-body">Body: {formatBytes(diff.body.from)} replaced by {diff.body.file} ({formatBytes(diff.body.to)})</p>
      ))}
    </div>
  );
}
