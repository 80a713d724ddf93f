"use client";

import { Download, Link2, Link2Off, MoreHorizontal, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { copyText } from "@/lib/client/copy-text";
import { downloadUrl } from "@/lib/client/download";
import { errorMessage } from "@/lib/client/error-message";
import { useDeleteExperiment, useShareExperiment, useUnshareExperiment } from "@/lib/client/use-experiments";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "../ui/dropdown-menu";

/** What the owner does with a saved report: download it, share a read-only link (or revoke it), delete it with its traffic. */
export function ReportActions({ endpointId, id, shared, requestsKept, onDeleted }: { endpointId: string; id: string; shared: boolean; requestsKept: number; onDeleted: () => void }) {
  const share = useShareExperiment(endpointId);
  const unshare = useUnshareExperiment(endpointId);
  const remove = useDeleteExperiment(endpointId);
  const [link, setLink] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const file = (q: string) => downloadUrl(`/api/endpoints/${endpointId}/experiments/${id}/export?${q}`);

  return (
    <>
      {link && (
        <span className="flex items-center gap-1.5 text-xs" data-testid="share-link">
          <code className="max-w-64 truncate rounded bg-zinc-100 px-1.5 py-1 dark:bg-zinc-900" title={link}>{link}</code>
        </span>
      )}
      <Menu>
        <MenuTrigger asChild>
          <Button size="sm" aria-label="Report actions" data-testid="report-actions"><MoreHorizontal aria-hidden />Report</Button>
        </MenuTrigger>
        <MenuContent>
          <MenuItem onSelect={() => file("format=json")}><Download aria-hidden />Export JSON</MenuItem>
          <MenuItem onSelect={() => file("format=csv")}><Download aria-hidden />Export CSV (per client)</MenuItem>
          <MenuItem onSelect={() => file("format=csv&rows=events")}><Download aria-hidden />Export CSV (per event)</MenuItem>
          <MenuSeparator />
          <MenuItem
            data-testid="share-report"
            onSelect={() =>
              share.mutate(id, {
                onSuccess: async ({ url }) => {
                  setLink(url);
                  const copied = await copyText(url);
                  toast.success(copied ? "Read-only link copied" : "Read-only link created", { description: "Anyone with it can see this report until you revoke it." });
                },
                onError: (err) => toast.error("Could not share the report", { description: errorMessage(err) }),
              })
            }
          >
            <Link2 aria-hidden />
            {shared ? "New share link (revokes the old)" : "Share a read-only link"}
          </MenuItem>
          {shared && (
            <MenuItem
              data-testid="revoke-share"
              onSelect={() =>
                unshare.mutate(id, {
                  onSuccess: () => (setLink(null), toast.success("Share link revoked")),
                  onError: (err) => toast.error("Could not revoke the link", { description: errorMessage(err) }),
                })
              }
            >
              <Link2Off aria-hidden />
              Revoke share link
            </MenuItem>
          )}
          <MenuSeparator />
          <MenuItem danger onSelect={() => setConfirming(true)} data-testid="delete-report"><Trash2 aria-hidden />Delete report…</MenuItem>
        </MenuContent>
      </Menu>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete this report?"
        description={`The report and the ${requestsKept.toLocaleString("en-US")} requests the experiment sent to this endpoint are deleted.`}
        confirmLabel="Delete report and requests"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(id, {
            onSuccess: ({ requestsDeleted }) => {
              setConfirming(false);
              toast.success("Report deleted", { description: `${requestsDeleted.toLocaleString("en-US")} experiment requests removed from the inbox.` });
              onDeleted();
            },
            onError: (err) => toast.error("Could not delete the report", { description: errorMessage(err) }),
          })
        }
      />
    </>
  );
}
