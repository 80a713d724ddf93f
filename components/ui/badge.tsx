import type { HTMLAttributes, ReactNode } from "react";

export type BadgeTone = "neutral" | "green" | "amber" | "red" | "indigo";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  green: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  amber: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  red: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  indigo: "bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300",
};

type Props = HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone; children: ReactNode; "data-testid"?: string; [data: `data-${string}`]: string | undefined };

export function Badge({ tone = "neutral", children, className = "", ...rest }: Props) {
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]} ${className}`} {...rest}>
      {children}
    </span>
  );
}
