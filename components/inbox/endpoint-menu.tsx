"use client";

import { Download, Eraser, MoreHorizontal, Pencil, Reply, RotateCcw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { downloadUrl } from "@/lib/client/download";
import { errorMessage } from "@/lib/client/error-message";
import type { RequestListFilters } from "@/lib/client/query-keys";
import { useDeleteEndpoint } from "@/lib/client/use-endpoints";
import { useClearRequests } from "@/lib/client/use-requests";
import type { EndpointDto } from "@/lib/endpoints/present";
import { BulkReplayDialogContent } from "../replay/bulk-replay-dialog";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog } from "../ui/dialog";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "../ui/dropdown-menu";
import { RenameEndpointDialog } from "./rename-endpoint-dialog";
import { ResponseSettingsDialog } from "./response-settings-dialog";

function exportUrl(endpointId: string, format: "json" | "har", filters: RequestListFilters) {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return `/api/endpoints/${endpointId}/export?${params}`;
}

type Dialogs = "rename" | "response" | "replay" | "clear" | "delete" | null;

/** Everything one does to an endpoint besides reading its inbox. `matching`: how many requests the current search shows. */
export function EndpointMenu({ endpoint, filters, matching }: { endpoint: EndpointDto; filters: RequestListFilters; matching: number }) {
  const [open, setOpen] = useState<Dialogs>(null);
  const clear = useClearRequests(endpoint.id);
  const remove = useDeleteEndpoint();
  const router = useRouter();
  const close = (o: boolean) => !o && setOpen(null);
  const name = endpoint.name || "Untitled endpoint";

  return (
    <>
      <Menu>
        <MenuTrigger asChild>
          <Button variant="secondary" size="icon" aria-label="Endpoint actions" data-testid="endpoint-menu"><MoreHorizontal aria-hidden /></Button>
        </MenuTrigger>
        <MenuContent>
          <MenuItem onSelect={() => setOpen("rename")}><Pencil aria-hidden />Rename…</MenuItem>
          <MenuItem onSelect={() => setOpen("response")}><Reply aria-hidden />Response settings…</MenuItem>
          <MenuSeparator />
          <MenuItem onSelect={() => setOpen("replay")} data-testid="open-bulk-replay"><RotateCcw aria-hidden />Replay matching requests…</MenuItem>
          <MenuItem onSelect={() => downloadUrl(exportUrl(endpoint.id, "json", filters))}><Download aria-hidden />Export JSON</MenuItem>
          <MenuItem onSelect={() => downloadUrl(exportUrl(endpoint.id, "har", filters))}><Download aria-hidden />Export HAR</MenuItem>
          <MenuSeparator />
          <MenuItem onSelect={() => setOpen("clear")}><Eraser aria-hidden />Clear all requests…</MenuItem>
          <MenuItem danger onSelect={() => setOpen("delete")}><Trash2 aria-hidden />Delete endpoint…</MenuItem>
        </MenuContent>
      </Menu>
      <RenameEndpointDialog endpoint={endpoint} open={open === "rename"} onOpenChange={close} />
      <Dialog open={open === "replay"} onOpenChange={close}>
        {open === "replay" && <BulkReplayDialogContent endpointId={endpoint.id} q={filters.q ?? ""} matching={matching} />}
      </Dialog>
      <ResponseSettingsDialog endpoint={endpoint} open={open === "response"} onOpenChange={close} />
      <ConfirmDialog
        open={open === "clear"}
        onOpenChange={close}
        title="Clear all requests?"
        description={`Every request captured by “${name}” is deleted. The URL stays the same.`}
        confirmLabel="Clear all"
        pending={clear.isPending}
        onConfirm={() =>
          clear.mutate(undefined, {
            onSuccess: () => { setOpen(null); toast.success("All requests cleared"); },
            onError: (err) => toast.error("Could not clear the requests", { description: errorMessage(err) }),
          })
        }
      />
      <ConfirmDialog
        open={open === "delete"}
        onOpenChange={close}
        title="Delete this endpoint?"
        description={`“${name}”, its URL, its requests and its rules are deleted. Senders get 404 from then on.`}
        confirmLabel="Delete endpoint"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(endpoint.id, {
            onSuccess: () => { setOpen(null); toast.success(`Deleted “${name}”`); router.push("/endpoints"); router.refresh(); },
            onError: (err) => toast.error("Could not delete the endpoint", { description: errorMessage(err) }),
          })
        }
      />
    </>
  );
}
