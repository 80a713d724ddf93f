import { SignatureBadge } from "@/components/signature-badge";
import { SCHEMES } from "@/lib/client/signature-draft";
import type { SignatureDetail } from "@/lib/verifications/explain";

const dt = "text-zinc-600 dark:text-zinc-400";
const code = "font-mono text-xs break-all";

function skewText(s: number) {
  if (s === 0) return "0 s (signed this second)";
  return s > 0 ? `${s.toLocaleString("en-US")} s (the signed timestamp is ${s.toLocaleString("en-US")} s old)` : `${s.toLocaleString("en-US")} s (the signed timestamp is ${(-s).toLocaleString("en-US")} s in the future)`;
}

/**
 * The signature check of one request, explained without the secret: the header read, the
 * received and expected signature prefixes, the timestamp skew, which secret (by its last 4
 * characters) was tried, and what the stored bytes prove about a failure.
 */
export function SignatureSection({ signature: s }: { signature: SignatureDetail }) {
  if (s.status === "none" && !s.scheme) return null;
  const failed = s.status !== "valid" && s.status !== "none";
  const scheme = s.scheme && s.scheme in SCHEMES ? SCHEMES[s.scheme as keyof typeof SCHEMES].label : s.scheme;
  return (
    <section aria-labelledby="signature-heading" data-testid="signature-section" data-status={s.status} className="space-y-2">
      <h3 id="signature-heading" className="flex flex-wrap items-center gap-2 font-medium">
        Signature
        <SignatureBadge status={s.status} />
        {scheme && <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400">{scheme}</span>}
      </h3>
      <p data-testid="signature-reason">{s.reason}</p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1.5">
        {s.header && (
          <>
            <dt className={dt}>Header read</dt>
            <dd className={code} data-testid="signature-header">{s.header}</dd>
          </>
        )}
        {s.receivedPrefix !== undefined && (
          <>
            <dt className={dt}>Received</dt>
            <dd className={code} data-testid="signature-received">{s.receivedPrefix}…</dd>
          </>
        )}
        {s.expectedPrefix !== undefined && (
          <>
            <dt className={dt}>Expected</dt>
            <dd className={code} data-testid="signature-expected">{s.expectedPrefix}… <span className="font-sans text-zinc-600 dark:text-zinc-400">(newest secret, these bytes)</span></dd>
          </>
        )}
        {s.skewSeconds !== undefined && (
          <>
            <dt className={dt}>Timestamp skew</dt>
            <dd data-testid="signature-skew">{skewText(s.skewSeconds)}</dd>
          </>
        )}
        {s.secretHint !== undefined && (
          <>
            <dt className={dt}>{failed ? "Secret tried" : "Secret matched"}</dt>
            <dd data-testid="signature-secret">ending in <code className="font-mono text-xs">{s.secretHint}</code></dd>
          </>
        )}
      </dl>
      {s.diagnosis.length > 0 && (
        <div className={failed ? "rounded-md border border-amber-300 bg-amber-50 p-2 dark:border-amber-800 dark:bg-amber-950/40" : ""}>
          <p className="text-xs font-medium">{failed ? "What the stored bytes prove" : "Note"}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5" data-testid="signature-diagnosis">
            {s.diagnosis.map((d) => <li key={d}>{d}</li>)}
          </ul>
        </div>
      )}
      {failed && s.diagnosis.length === 0 && s.status === "invalid" && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">No common mistake could be proven from the stored bytes with the current settings: the sender's secret probably differs.</p>
      )}
    </section>
  );
}
