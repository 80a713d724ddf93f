import { formatBytes } from "@/lib/format/bytes";
import type { TokenDto } from "@/lib/tokens/tokens";

type Counts = TokenDto["usage"];

const COLUMNS: { key: keyof Counts; label: string; short: string; title: string }[] = [
  { key: "ok", label: "OK (200)", short: "200", title: "Answers with data (2xx)" },
  { key: "notModified", label: "not modified (304)", short: "304", title: "Not modified: the ETag still matched" },
  { key: "longPolls", label: "long-polls", short: "Long-polls", title: "Calls that waited for a request (wait=)" },
  { key: "limited", label: "limited (429)", short: "429", title: "Refused: the hourly budget was spent" },
  { key: "bytes", label: "sent", short: "Sent", title: "Bytes sent in answers" },
];

const show = (key: keyof Counts, n: number) => (key === "bytes" ? formatBytes(n) : n.toLocaleString("en-US"));

/** A token's pull-API calls by kind, in total and per endpoint (the server counts both). */
export function TokenUsage({ token, endpointName }: { token: TokenDto; endpointName: (id: string | null) => string }) {
  if (!token.usageByEndpoint.length) return null;
  return (
    <div className="w-full space-y-1 text-xs text-zinc-700 dark:text-zinc-300">
      <ul className="flex flex-wrap gap-x-3 gap-y-0.5" aria-label="Calls" data-testid="token-usage">
        {COLUMNS.map((c) => (
          <li key={c.key} title={c.title}>
            <span className="font-medium tabular-nums" data-testid={`usage-${c.key}`}>{show(c.key, token.usage[c.key])}</span>{" "}
            <span className="text-zinc-600 dark:text-zinc-400">{c.label}</span>
          </li>
        ))}
      </ul>
      <details>
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Per endpoint</summary>
        <div className="mt-1 overflow-x-auto">
          <table className="w-full text-left tabular-nums" data-testid="token-usage-table">
            <thead className="text-zinc-600 dark:text-zinc-400">
              <tr>
                <th scope="col" className="py-0.5 pr-3 font-normal">Endpoint</th>
                {COLUMNS.map((c) => <th key={c.key} scope="col" className="py-0.5 pr-3 text-right font-normal" title={c.title}>{c.short}</th>)}
              </tr>
            </thead>
            <tbody>
              {token.usageByEndpoint.map((u) => (
                <tr key={u.endpointId ?? ""} className="border-t border-zinc-200 dark:border-zinc-800">
                  <th scope="row" className="max-w-48 truncate py-0.5 pr-3 font-normal">{endpointName(u.endpointId)}</th>
                  {COLUMNS.map((c) => <td key={c.key} className="py-0.5 pr-3 text-right">{show(c.key, u[c.key])}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
