import type { ForwardingHealth } from "@/lib/endpoints/stats";

const STYLE: Record<ForwardingHealth, { dot: string; label: string }> = {
  none: { dot: "border border-zinc-400 dark:border-zinc-600", label: "no forwarding rules" },
  ok: { dot: "bg-emerald-500", label: "forwarding: all delivered" },
  busy: { dot: "bg-amber-500", label: "forwarding: retrying or held" },
  failing: { dot: "bg-red-500", label: "forwarding: deliveries failed" },
  paused: { dot: "bg-red-500 ring-2 ring-red-500/30", label: "forwarding: a rule is paused" },
};

/** The endpoint's forwarding health as a dot with a text label for assistive tech and hover. */
export function HealthDot({ health }: { health: ForwardingHealth }) {
  const s = STYLE[health];
  return <span role="img" aria-label={s.label} title={s.label} data-testid="health-dot" data-health={health} className={`inline-block size-2 shrink-0 rounded-full ${s.dot}`} />;
}
