import { PairsTable } from "./pairs-table";

/** Header pairs exactly as they arrived: original order, duplicates kept, names not re-cased. */
export function HeadersTab({ headers }: { headers: [string, string][] }) {
  if (headers.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No headers</p>;
  return <PairsTable pairs={headers} testId="headers-table" />;
}
