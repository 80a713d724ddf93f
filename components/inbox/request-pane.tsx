"use client";

import { ArrowLeft, Trash2 } from "lucide-react";
import { memo } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/error-message";
import { useDeleteRequest, useRequestDetail } from "@/lib/client/use-requests";
import { ReplayDialog } from "../replay/replay-dialog";
import { RequestDeliveries } from "../request-detail/request-deliveries";
import { RequestDetail } from "../request-detail/request-detail";
import { Button } from "../ui/button";

type Props = {
  endpointId: string;
  endpointUrl: string;
  requestId: string | null;
  onBack: () => void;
  onDeleted: () => void;
  /** Selects another request (a duplicate's original). */
  onOpenRequest: (id: string) => void;
};

/**
 * The selected request, its forwarding, and what can be done with it. Memoized: the inbox re-renders
 * whenever its list changes (each scrolled-in window, each arrival), and this pane need not.
 */
export const RequestPane = memo(function RequestPane({ endpointId, endpointUrl, requestId, onBack, onDeleted, onOpenRequest }: Props) {
  const detail = useRequestDetail(endpointId, requestId);
  const remove = useDeleteRequest(endpointId);
  if (!requestId) return <p className="m-auto p-6 text-sm text-zinc-500 dark:text-zinc-400">No request selected.</p>;
  const gone = detail.error instanceof ApiError && detail.error.status === 404;
  return (
    <div className="min-h-0 flex-1 overflow-auto p-3 sm:p-4">
      <Button variant="ghost" size="sm" className="mb-2 lg:hidden" onClick={onBack}>
        <ArrowLeft aria-hidden />
        Back to list
      </Button>
      {detail.isPending && <p className="text-sm text-zinc-500">Loading…</p>}
      {detail.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">{gone ? "This request was deleted." : errorMessage(detail.error)}</p>
      )}
      {detail.data && (
        <>
          <RequestDetail
            detail={detail.data}
            endpointUrl={endpointUrl}
            onOpenRequest={onOpenRequest}
            actions={
              <>
                <ReplayDialog endpointId={endpointId} detail={detail.data} />
                <Button
                  variant="danger"
                  size="sm"
                  className="sm:ml-auto"
                  disabled={remove.isPending}
                  onClick={() =>
                    remove.mutate(detail.data.id, {
                      onSuccess: () => { toast.success(`Request #${detail.data.seq} deleted`); onDeleted(); },
                      onError: (err) => toast.error("Could not delete the request", { description: errorMessage(err) }),
                    })
                  }
                >
                  <Trash2 aria-hidden />
                  Delete request
                </Button>
              </>
            }
          />
          <RequestDeliveries endpointId={endpointId} requestId={detail.data.id} />
        </>
      )}
    </div>
  );
});
