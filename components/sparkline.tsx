/** Requests per hour over the last day as small bars; the numbers are in the label for screen readers. */
export function Sparkline({ values, className = "" }: { values: number[]; className?: string }) {
  const max = Math.max(1, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const w = 2;
  const gap = 1;
  return (
    <svg
      viewBox={`0 0 ${values.length * (w + gap)} 16`}
      preserveAspectRatio="none"
      className={`h-3.5 w-16 ${className}`}
      role="img"
      aria-label={`${total.toLocaleString("en-US")} requests in the last 24 hours`}
      data-testid="sparkline"
    >
      {values.map((v, i) => {
        const h = v === 0 ? 1 : Math.max(2, Math.round((v / max) * 16));
        return <rect key={i} x={i * (w + gap)} y={16 - h} width={w} height={h} className={v ? "fill-indigo-500" : "fill-zinc-300 dark:fill-zinc-700"} />;
      })}
    </svg>
  );
}
