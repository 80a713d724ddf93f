"use client";

import { RotateCcw, Send } from "lucide-react";
import { useMemo, useState } from "react";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { useDeliveries } from "@/lib/client/use-forwarding";
import { useReplay } from "@/lib/client/use-replay";
import { draftDiff, draftEdit, initialDraft, type Original } from "@/lib/replay/draft";
import type { RequestDetailDto } from "@/lib/requests/present";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogTrigger } from "../ui/dialog";
import { ReplayDiff } from "./replay-diff";
import { ReplayEditor } from "./replay-editor";
import { ReplayResult } from "./replay-result";
import { TargetPicker, targetChoice, type TargetDraft } from "./target-picker";

/**
 * Replay one request: to a rule's target or a URL, as captured or edited (shown as a diff against
 * the original), optionally re-signed; then the target's answer beside the original request.
 */
export function ReplayDialog({ endpointId, detail }: { endpointId: string; detail: RequestDetailDto }) {
  const original: Original = useMemo(() => ({ method: detail.method, headers: detail.headers, bodyText: detail.bodyText, size: detail.size }), [detail]);
  const [target, setTarget] = useState<TargetDraft>({ kind: "url", url: "" });
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(() => initialDraft(original));
  const [resign, setResign] = useState(false);
  const [sentId, setSentId] = useState<string | null>(null);
  const replay = useReplay(endpointId, detail.id);
  const deliveries = useDeliveries(endpointId, detail.id);
  const diff = editing ? draftDiff(original, draft) : null;
  const field = errorField(replay.error);

  function send() {
    const edit = editing ? draftEdit(original, draft) : undefined;
    replay.mutate({ ...targetChoice(target), ...(edit ? { edit } : {}), ...(resign ? { resign } : {}) }, { onSuccess: (r) => setSentId(r.deliveryId) });
  }
  function reset(open: boolean) {
    if (open) return;
    setSentId(null);
    replay.reset();
  }

  return (
    <Dialog onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button size="sm" data-testid="open-replay"><RotateCcw aria-hidden />Replay</Button>
      </DialogTrigger>
      <DialogContent side="right" title={`Replay request #${detail.seq}`} description="Send the captured request again, byte for byte or edited." data-testid="replay-dialog">
        {sentId ? (
          <div className="space-y-3">
            <ReplayResult detail={detail} delivery={deliveries.data?.find((d) => d.id === sentId)} />
            <Button size="sm" onClick={() => { setSentId(null); replay.reset(); }}>Replay again…</Button>
          </div>
        ) : (
          <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); send(); }}>
            <TargetPicker endpointId={endpointId} value={target} onChange={setTarget} error={field === "targetUrl" ? errorMessage(replay.error) : undefined} />
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" data-testid="replay-edit-toggle" checked={editing} onChange={(e) => setEditing(e.target.checked)} />
              Edit before sending
            </label>
            {editing && (
              <>
                <ReplayEditor original={original} draft={draft} onChange={setDraft} />
                {diff && <ReplayDiff diff={diff} />}
              </>
            )}
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" data-testid="replay-resign" checked={resign} onChange={(e) => setResign(e.target.checked)} />
              Re-sign with the endpoint&apos;s verification secret (fresh timestamp and signature)
            </label>
            {replay.error && field !== "targetUrl" && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(replay.error)}</p>}
            <Button type="submit" variant="primary" disabled={replay.isPending || (target.kind === "url" && target.url.trim() === "")} data-testid="replay-send">
              <Send aria-hidden />
              Send
            </Button>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
