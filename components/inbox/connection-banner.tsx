import { WifiOff } from "lucide-react";
import type { LiveStatus } from "@/lib/client/use-live-inbox";

/** Said in words when the live stream is down, instead of a list that silently stops moving. */
export function ConnectionBanner({ status }: { status: LiveStatus }) {
  return (
    <div role="status" aria-live="polite">
      {status === "reconnecting" && (
        <p className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="connection-banner">
          <WifiOff className="size-3.5" aria-hidden />
          Server unreachable, retrying… New requests will appear once it is back.
        </p>
      )}
    </div>
  );
}
