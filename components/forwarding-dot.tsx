import type { ForwardState } from "@/lib/forwarding/delivery-state";

const STYLE: Record<ForwardState, string> = {
  succeeded: "bg-emerald-500",
  pending: "bg-sky-500 animate-pulse",
  held: "bg-amber-400",
  retrying: "bg-amber-500",
  failed: "bg-red-500",
  cancelled: "bg-zinc-400",
};

/** A request's forwarding state on its list row (nothing when no rule forwarded it). */
export function ForwardingDot({ state }: { state: ForwardState | null }) {
  if (!state) return null;
  return <span role="img" aria-label={`forwarding ${state}`} title={`Forwarding ${state}`} data-testid="forwarding-dot" data-state={state} className={`inline-block size-2 shrink-0 rounded-full ${STYLE[state]}`} />;
}
