"use client";

import { ArrowLeft, Plus, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/lib/client/error-message";
import { useRecheckJob, useVerifications } from "@/lib/client/use-verifications";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogTrigger } from "../ui/dialog";
import { RecheckPanel } from "./recheck-panel";
import { VerificationCard } from "./verification-card";
import { VerificationForm } from "./verification-form";

type Props = {
  endpointId: string;
  /** Requests stored on the endpoint (the sidebar's count): what a re-check would go through. */
  stored: number;
  /** A re-check finished: stored results changed, so the inbox reloads its list. */
  onRechecked: () => void;
};

/** Provider-signature verification in a side sheet over the inbox, like forwarding rules. */
export function SignaturesSheet({ endpointId, stored, onRechecked }: Props) {
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  // Any change this visit: stored requests still carry results from the old settings.
  const [changed, setChanged] = useState(false);
  const verifications = useVerifications(endpointId);
  const job = useRecheckJob(endpointId, { enabled: open, onFinished: () => { setChanged(false); onRechecked(); } });
  const count = verifications.data?.length ?? 0;

  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) setAdding(false); }}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm" data-testid="open-signatures">
          <ShieldCheck aria-hidden />
          <span className="max-sm:sr-only">Signatures</span>
          {count > 0 && <span className="rounded bg-zinc-100 px-1 text-[11px] tabular-nums dark:bg-zinc-800">{count}</span>}
        </Button>
      </DialogTrigger>
      <DialogContent
        side="right"
        title={adding ? "New signature verification" : "Signature verification"}
        description="Each request is checked when it arrives, over its exact bytes. Secrets are stored encrypted and never shown again: only their last 4 characters."
        data-testid="signatures-sheet"
      >
        {adding ? (
          <div className="space-y-3">
            <Button variant="ghost" size="sm" onClick={() => setAdding(false)}><ArrowLeft aria-hidden />All verifications</Button>
            <VerificationForm endpointId={endpointId} onDone={(created) => { setAdding(false); if (created) setChanged(true); }} />
          </div>
        ) : (
          <div className="space-y-3" data-testid="signatures-panel">
            <Button variant="primary" size="sm" onClick={() => setAdding(true)}><Plus aria-hidden />Add verification</Button>
            {verifications.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(verifications.error)}</p>}
            {verifications.data?.length === 0 && (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Nothing is verified yet: requests show no signature result. Add the provider and its secret to check each one, search with <code className="font-mono">sig:invalid</code>, and forward only valid ones.
              </p>
            )}
            <ul className="space-y-2">
              {verifications.data?.map((v) => <VerificationCard key={v.id} endpointId={endpointId} verification={v} onChanged={() => setChanged(true)} />)}
            </ul>
            {(count > 0 || changed || job.data) && <RecheckPanel endpointId={endpointId} stored={stored} changed={changed} job={job.data} />}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
