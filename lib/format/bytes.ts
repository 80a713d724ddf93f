const UNITS = ["KiB", "MiB", "GiB"];

/** "512 B", "1.5 KiB", "309 KiB", "2.4 MiB": binary units, as the README states its limits. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < UNITS.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${UNITS[u]}`;
}
