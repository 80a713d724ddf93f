import { MethodBadge } from "@/components/method-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatBytes } from "@/lib/format/bytes";
import { absoluteTime } from "@/lib/format/time";
import { PairsTable } from "./pairs-table";
import { originalUrl, parseUrlEncoded } from "@/lib/requests/original-url";
import type { RequestDetailDto } from "@/lib/requests/present";
import type { SignatureDetail } from "@/lib/verifications/explain";
import { SignatureSection } from "./signature-section";

const dt = "text-zinc-500 dark:text-zinc-400";
const dd = "min-w-0 break-all";

export function OverviewTab({ detail, endpointUrl, signature }: { detail: RequestDetailDto; endpointUrl: string; signature?: SignatureDetail }) {
  const query = parseUrlEncoded(detail.query);
  return (
    <div className="space-y-5 text-sm">
      <div className="flex items-start gap-2">
        <MethodBadge method={detail.method} />
        <code data-testid="original-url" className="min-w-0 flex-1 font-mono text-xs break-all">
          {originalUrl(endpointUrl, detail)}
        </code>
      </div>

      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1.5">
        <dt className={dt}>Received</dt>
        <dd className={dd}>
          <time dateTime={detail.receivedAt}>{absoluteTime(new Date(detail.receivedAt))}</time>
          <span className="text-zinc-500 dark:text-zinc-400"> (<RelativeTime iso={detail.receivedAt} />)</span>
        </dd>
        <dt className={dt}>Source IP</dt>
        <dd className={`${dd} font-mono`}>{detail.ip}</dd>
        <dt className={dt}>Size</dt>
        <dd className={dd}>{formatBytes(detail.size)}{detail.size >= 1024 && <span className="text-zinc-500 dark:text-zinc-400"> ({detail.size.toLocaleString("en-US")} bytes)</span>}</dd>
        <dt className={dt}>Content type</dt>
        <dd className={`${dd} font-mono`}>{detail.contentType ?? <span className="text-zinc-500">none</span>}</dd>
        <dt className={dt}>Request #</dt>
        <dd className={dd}>{detail.seq}</dd>
      </dl>

      {signature && <SignatureSection signature={signature} />}

      <section>
        <h3 className="mb-1.5 font-medium">Query parameters</h3>
        {query.length === 0 ? (
          <p className="text-zinc-500 dark:text-zinc-400">None</p>
        ) : (
          <>
            <PairsTable pairs={query} testId="query-params" />
            <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
              Raw: <code className="font-mono break-all text-zinc-700 dark:text-zinc-300">{detail.query}</code>
            </p>
          </>
        )}
      </section>
    </div>
  );
}
