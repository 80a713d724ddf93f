import type { LiveStatus } from "@/lib/client/use-live-inbox";

const LABEL: Record<LiveStatus, string> = { connecting: "connecting", live: "live", reconnecting: "reconnecting" };

export function LiveIndicator({ status }: { status: LiveStatus }) {
  const color = status === "live" ? "bg-emerald-500" : "bg-amber-500 animate-pulse";
  return (
    <span data-testid="live-status" data-status={status} className="inline-flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
      <span className={`size-2 rounded-full ${color}`} aria-hidden />
      {LABEL[status]}
    </span>
  );
}
