import { PairsTable } from "./pairs-table";
import { MethodBadge } from "@/components/method-badge";
import { originalUrl, parseUrlEncoded } from "@/lib/requests/original-url";
import type { RequestDetailDto } from "@/lib/requests/present";

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n.toFixed(n < 10 ? 1 : 0)} ${units[u]} (${bytes.toLocaleString("en-US")} bytes)`;
}

/** Local wall-clock time with milliseconds: webhook retries are often milliseconds apart. */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

const dt = "text-zinc-500 dark:text-zinc-400";
const dd = "min-w-0 break-all";

export function OverviewTab({ detail, endpointUrl }: { detail: RequestDetailDto; endpointUrl: string }) {
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
          <time dateTime={detail.receivedAt} title={detail.receivedAt}>
            {localTime(detail.receivedAt)}
          </time>
        </dd>
        <dt className={dt}>Source IP</dt>
        <dd className={`${dd} font-mono`}>{detail.ip}</dd>
        <dt className={dt}>Size</dt>
        <dd className={dd}>{humanSize(detail.size)}</dd>
        <dt className={dt}>Content type</dt>
        <dd className={`${dd} font-mono`}>{detail.contentType ?? <span className="text-zinc-500">none</span>}</dd>
        <dt className={dt}>Request #</dt>
        <dd className={dd}>{detail.seq}</dd>
      </dl>

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
