import type { DeliveryDto } from "@/lib/forwarding/deliveries";
import type { RequestDetailDto } from "@/lib/requests/present";
import { Badge } from "../ui/badge";
import { PairsTable } from "../request-detail/pairs-table";

const BODY = "max-h-48 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs break-all whitespace-pre-wrap dark:bg-zinc-900";

/** The replay next to what was captured: what went out (the edit, when there was one) and the target's answer. */
export function ReplayResult({ detail, delivery }: { detail: RequestDetailDto; delivery: DeliveryDto | undefined }) {
  const attempt = delivery?.attempts.at(-1);
  const sent = delivery?.sent;
  const sentBody = sent?.bodyBase64 ? new TextDecoder().decode(Uint8Array.from(atob(sent.bodyBase64), (c) => c.charCodeAt(0))) : null;
  return (
    <div className="grid gap-3 md:grid-cols-2" data-testid="replay-result">
      <section aria-label="Original request" className="min-w-0 space-y-1.5">
        <h4 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Original request #{detail.seq}</h4>
        <p className="font-mono text-xs">{detail.method} {detail.path}{detail.query ? `?${detail.query}` : ""}</p>
        <PairsTable pairs={detail.headers} />
        <pre className={BODY}>{detail.bodyText ?? `(binary, ${detail.size} bytes)`}</pre>
        {sent && (sent.method || sent.bodyBase64) && (
          <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="replay-sent-edited">
            Sent edited{sent.method ? `: ${sent.method}` : ""}{sentBody !== null ? `, body ${sentBody.length > 60 ? `${sentBody.slice(0, 60)}…` : sentBody}` : ""}
          </p>
        )}
      </section>
      <section aria-label="Target's answer" className="min-w-0 space-y-1.5" data-testid="replay-answer">
        <h4 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Answer from {sent?.url ?? "the target"}</h4>
        {!attempt ? (
          <p className="text-xs text-zinc-500" data-testid="replay-waiting">Sending…</p>
        ) : (
          <>
            <p className="flex items-center gap-2 font-mono text-xs">
              <Badge tone={attempt.status !== null && attempt.status < 300 ? "green" : "red"} data-testid="replay-status">{attempt.status ?? "no answer"}</Badge>
              <span>{attempt.durationMs} ms</span>
            </p>
            {attempt.error && <p className="text-xs text-red-700 dark:text-red-400" data-testid="replay-error">{attempt.error}</p>}
            {attempt.responseHeaders.length > 0 && <PairsTable pairs={attempt.responseHeaders} />}
            {attempt.responseText !== null && <pre className={BODY} data-testid="replay-answer-body">{attempt.responseText}</pre>}
          </>
        )}
      </section>
    </div>
  );
}
