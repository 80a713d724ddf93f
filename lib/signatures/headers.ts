/** Captured headers: [name, value] pairs as received (any case, order kept, duplicates possible). */
export type HeaderPairs = readonly (readonly [string, string])[];

const sameName = (name: string, lower: string) => name.length === lower.length && name.toLowerCase() === lower;

/** Every value sent under `name` (case-insensitive), in order. */
export function headerValues(headers: HeaderPairs, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of headers) if (sameName(n, lower)) out.push(v);
  return out;
}

/** The first value sent under `name` (case-insensitive), trimmed. */
export function firstHeader(headers: HeaderPairs, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (sameName(n, lower)) return v.trim();
  return undefined;
}
