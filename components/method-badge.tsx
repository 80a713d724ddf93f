const COLORS: Record<string, string> = {
  GET: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  POST: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  PUT: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  PATCH: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300",
  DELETE: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};
const OTHER = "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300";

/** The method comes from the sender, so it is rendered as text and truncated, never trusted for layout. */
export function MethodBadge({ method }: { method: string }) {
  return (
    <span
      data-testid="method-badge"
      title={method}
      className={`inline-block max-w-[8rem] shrink-0 truncate rounded-full px-2 py-0.5 font-mono text-xs font-semibold ${COLORS[method] ?? OTHER}`}
    >
      {method}
    </span>
  );
}
