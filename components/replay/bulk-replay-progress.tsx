"use client";

import { Pause, Play, Square } from "lucide-react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { useBulkReplayAction } from "@/lib/client/use-replay";
import type { BulkReplayDto } from "@/lib/replay/bulk";
import { Badge, type BadgeTone } from "../ui/badge";
import { Button } from "../ui/button";

const TONE: Record<string, BadgeTone> = { running: "indigo", paused: "amber", completed: "green", cancelled: "neutral" };

/** A bulk replay's progress bar, counts, controls, and the summary of outcomes by status. */
export function BulkReplayProgress({ endpointId, job }: { endpointId: string; job: BulkReplayDto }) {
  const action = useBulkReplayAction(endpointId);
  const act = (kind: "pause" | "resume" | "cancel") =>
    action.mutate({ id: job.id, action: kind }, { onError: (err) => toast.error(`Could not ${kind}`, { description: errorMessage(err) }) });
  const done = job.sent + job.cancelled;
  const percent = job.total ? Math.round((done / job.total) * 100) : 100;
  const finished = job.state === "completed" || job.state === "cancelled";
  return (
    <div className="space-y-3" data-testid="bulk-progress" data-state={job.state}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={TONE[job.state] ?? "neutral"} data-testid="bulk-state">{job.state}</Badge>
        <span className="min-w-0 truncate font-mono text-xs" title={job.targetUrl}>{job.ruleName ? `Rule “${job.ruleName}”` : job.targetUrl}</span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{job.ratePerSecond}/s</span>
      </div>
      <div
        role="progressbar"
        aria-label="Bulk replay progress"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={done}
        className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm" data-testid="bulk-counts">
        <span data-testid="bulk-sent">{job.sent}</span> of <span data-testid="bulk-total">{job.total}</span> sent · <span className="text-emerald-700 dark:text-emerald-400">{job.succeeded} succeeded</span> ·{" "}
        <span className="text-red-700 dark:text-red-400">{job.failed} failed</span>
        {job.cancelled > 0 && <> · {job.cancelled} cancelled</>}
      </p>
      {!finished && (
        <div className="flex gap-1.5">
          {job.state === "running" ? (
            <Button size="sm" disabled={action.isPending} onClick={() => act("pause")} data-testid="bulk-pause"><Pause aria-hidden />Pause</Button>
          ) : (
            <Button size="sm" disabled={action.isPending} onClick={() => act("resume")} data-testid="bulk-resume"><Play aria-hidden />Resume</Button>
          )}
          <Button size="sm" variant="danger" disabled={action.isPending} onClick={() => act("cancel")} data-testid="bulk-cancel"><Square aria-hidden />Cancel</Button>
        </div>
      )}
      {(finished || job.outcomes.length > 0) && (
        <div className="space-y-1" data-testid="bulk-summary">
          <h4 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{finished ? "Summary" : "Outcomes so far"}</h4>
          <ul className="flex flex-wrap gap-1.5">
            {job.outcomes.map((o) => (
              <li key={String(o.status)}>
                <Badge tone={o.status !== null && o.status < 300 ? "green" : "red"}>{o.status ?? "no answer"} × {o.count}</Badge>
              </li>
            ))}
          </ul>
          {job.errors.filter((e) => e.error).map((e) => (
            <p key={e.error} className="text-xs text-red-700 dark:text-red-400">{e.count} × {e.error}</p>
          ))}
        </div>
      )}
    </div>
  );
}
