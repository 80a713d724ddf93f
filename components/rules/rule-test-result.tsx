import { formatBytes } from "@/lib/format/bytes";
import type { RuleTestResult } from "@/lib/forwarding/rule-test";
import { PairsTable } from "../request-detail/pairs-table";

/** The dry run's answer: would the rule forward the request, and exactly what would go out. */
export function RuleTestResultView({ result, seq }: { result: RuleTestResult; seq: number | null }) {
  const failed = result.conditions.filter((ok) => !ok).length;
  return (
    <section className="space-y-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="rule-test-result" data-matches={result.matches} aria-live="polite">
      <p className={`font-medium ${result.matches ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-700 dark:text-zinc-300"}`}>
        {result.matches
          ? `Request${seq ? ` #${seq}` : ""} matches: it would be forwarded`
          : `Request${seq ? ` #${seq}` : ""} does not match (${failed} of ${result.conditions.length} condition${result.conditions.length === 1 ? "" : "s"} fail): nothing would be sent`}
      </p>
      {result.matches && (
        <div className="space-y-2">
          <p className="font-mono text-xs break-all" data-testid="rule-test-target">
            <strong>{result.outbound.method}</strong> {result.outbound.url}
          </p>
          <PairsTable pairs={result.outbound.headers} testId="rule-test-headers" />
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Body: the captured {formatBytes(result.outbound.bodySize)}, byte for byte.</p>
        </div>
      )}
    </section>
  );
}
