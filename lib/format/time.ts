const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** Local wall-clock time with milliseconds, for tooltips and details: retries are often ms apart. */
export function absoluteTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "14:02:03" today, "Nov 21, 14:02" on another day this year, "Nov 21 2025, 14:02" before. */
export function clockTime(d: Date, now: Date): string {
  if (sameDay(d, now)) return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const day = `${MONTHS[d.getMonth()]} ${d.getDate()}${d.getFullYear() === now.getFullYear() ? "" : ` ${d.getFullYear()}`}`;
  return `${day}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "just now", "42 s ago", "5 min ago", "3 h ago" within today; older: the date and time (clockTime),
 * because "27 h ago" is harder to place than "yesterday's date". Future times (clock skew) read as now.
 */
export function relativeTime(d: Date, now: Date): string {
  const s = Math.floor((now.getTime() - d.getTime()) / 1000);
  if (s < 5) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400 && sameDay(d, now)) return `${Math.floor(s / 3600)} h ago`;
  return clockTime(d, now);
}
