"use client";

import { RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { useStartRecheck } from "@/lib/client/use-verifications";
import type { RecheckJob } from "@/lib/verifications/recheck";
import { Button } from "../ui/button";

type Props = { endpointId: string; stored: number; changed: boolean; job: RecheckJob | null | undefined };

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * Stored requests keep the result they got on arrival; after the settings change this offers to
 * verify them again with the new ones, and shows the server's progress while it does.
 */
export function RecheckPanel({ endpointId, stored, changed, job }: Props) {
  const start = useStartRecheck(endpointId);
  const running = job?.state === "running";
  const tone = changed && !running ? "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40" : "border-zinc-200 dark:border-zinc-800";
  return (
    <section aria-label="Re-check stored requests" data-testid="recheck" className={`space-y-2 rounded-lg border p-3 text-sm ${tone}`}>
      {changed && !running && (
        <p className="text-amber-900 dark:text-amber-200">The settings changed. Requests already stored keep the result they got when they arrived.</p>
      )}
      {job && <Progress job={job} />}
      {!running && (
        <Button
          size="sm"
          variant={changed ? "primary" : "secondary"}
          disabled={start.isPending || stored === 0}
          onClick={() => start.mutate(undefined, { onError: (err) => toast.error("The re-check did not start", { description: errorMessage(err) }) })}
        >
          <RefreshCw aria-hidden />
          Re-check {count(stored, "stored request")}
        </Button>
      )}
    </section>
  );
}

function Progress({ job }: { job: RecheckJob }) {
  // Requests that arrive while it runs are checked too, so done can pass the total counted at the start.
  const total = Math.max(job.total, job.done);
  const pct = total ? Math.round((job.done / total) * 100) : 100;
  const text =
    job.state === "running"
      ? `Re-checking… ${job.done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`
      : job.state === "finished"
        ? `Re-checked ${count(job.done, "request")}: ${count(job.changed, "result")} changed.`
        : `The re-check stopped after ${count(job.done, "request")}: ${job.error ?? "unknown error"}`;
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label="Re-check progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={job.done}
        data-testid="recheck-progress"
        className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className={`h-full transition-[width] ${job.state === "failed" ? "bg-red-500" : "bg-indigo-600 dark:bg-indigo-400"}`} style={{ width: `${pct}%` }} />
      </div>
      <p className={`text-xs ${job.state === "failed" ? "text-red-700 dark:text-red-400" : "text-zinc-700 dark:text-zinc-300"}`} role="status" data-testid="recheck-status">{text}</p>
    </div>
  );
}
