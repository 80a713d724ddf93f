"use client";

import { useNow } from "@/lib/client/use-now";
import { absoluteTime, relativeTime } from "@/lib/format/time";

/** "5 min ago" (or the date when not today), with the exact local time on hover. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  const d = new Date(iso);
  return (
    <time dateTime={iso} title={absoluteTime(d)} className={className}>
      {relativeTime(d, now)}
    </time>
  );
}
