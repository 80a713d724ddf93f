"use client";

import { Play } from "lucide-react";
import { useState } from "react";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { useBulkReplay, useBulkReplays, useStartBulkReplay } from "@/lib/client/use-replay";
import { Button } from "../ui/button";
import { DialogContent } from "../ui/dialog";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { BulkReplayProgress } from "./bulk-replay-progress";
import { TargetPicker, targetChoice, type TargetDraft } from "./target-picker";

/**
 * Bulk replay of every request matching the inbox's current search, oldest first, one after
 * another at a set rate. Opening it again shows the newest job's progress (it runs on the server,
 * and survives a restart).
 */
export function BulkReplayDialogContent({ endpointId, q, matching }: { endpointId: string; q: string; matching: number }) {
  const jobs = useBulkReplays(endpointId);
  const [started, setStarted] = useState<string | null>(null);
  const [fresh, setFresh] = useState(false);
  const latest = jobs.data?.[0];
  const showing = started ?? (!fresh && latest && (latest.state === "running" || latest.state === "paused") ? latest.id : null);
  const job = useBulkReplay(endpointId, showing);
  const start = useStartBulkReplay(endpointId);
  const [target, setTarget] = useState<TargetDraft>({ kind: "url", url: "" });
  const [rate, setRate] = useState("10");
  const field = errorField(start.error);

  return (
    <DialogContent title="Bulk replay" description="Send every request matching the current search again, in the order they arrived." data-testid="bulk-replay-dialog">
      {showing && job.data ? (
        <div className="space-y-3">
          <BulkReplayProgress endpointId={endpointId} job={job.data} />
          {(job.data.state === "completed" || job.data.state === "cancelled") && (
            <Button size="sm" onClick={() => { setStarted(null); setFresh(true); start.reset(); }}>New bulk replay…</Button>
          )}
        </div>
      ) : (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate({ ...targetChoice(target), filters: { q }, ratePerSecond: Number(rate) }, { onSuccess: (j) => setStarted(j.id) });
          }}
        >
          <p className="text-sm" data-testid="bulk-matching">
            {matching} request{matching === 1 ? "" : "s"} {q ? <>match <code className="font-mono text-xs">{q}</code></> : "in this inbox"}, sent oldest first.
          </p>
          <TargetPicker endpointId={endpointId} value={target} onChange={setTarget} error={field === "targetUrl" ? errorMessage(start.error) : undefined} />
          <Field label="Requests per second" error={field === "ratePerSecond" ? errorMessage(start.error) : undefined} hint="Each waits for the previous one's answer, so a slow target makes it slower.">
            <Input data-testid="bulk-rate" type="number" min={0.1} max={1000} step="any" className="w-28" value={rate} onChange={(e) => setRate(e.target.value)} />
          </Field>
          {start.error && field !== "targetUrl" && field !== "ratePerSecond" && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(start.error)}</p>}
          <Button type="submit" variant="primary" disabled={start.isPending || matching === 0} data-testid="bulk-start"><Play aria-hidden />Start</Button>
        </form>
      )}
    </DialogContent>
  );
}
