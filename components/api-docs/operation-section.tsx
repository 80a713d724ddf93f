import type { OperationView } from "@/lib/client/openapi-view";
import { MethodBadge } from "../method-badge";
import { DocTable, FieldNotes, NameCell, Prose, TypeLabel } from "./schema-view";

const td = "py-1.5 pr-4 align-top";

function statusTone(status: string) {
  if (status.startsWith("2")) return "text-emerald-800 dark:text-emerald-300";
  if (status.startsWith("3")) return "text-sky-800 dark:text-sky-300";
  return "text-red-800 dark:text-red-300";
}

/** One operation: what it does, its parameters, and every response with headers and body schema. */
export function OperationSection({ op }: { op: OperationView }) {
  const headingId = `${op.anchor}-title`;
  return (
    <section id={op.anchor} aria-labelledby={headingId} data-testid="api-operation" data-path={op.path} data-method={op.method} className="scroll-mt-4 space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id={headingId} className="flex flex-wrap items-center gap-2">
        <MethodBadge method={op.method} />
        <code className="font-mono text-sm font-semibold break-all">{op.path}</code>
      </h2>
      <p className="font-medium">{op.summary}</p>
      <Prose text={op.description} className="text-sm text-zinc-700 dark:text-zinc-300" />

      <h3 className="text-sm font-medium">Parameters</h3>
      {op.parameters.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">None.</p>
      ) : (
        <DocTable label={`Parameters of ${op.method} ${op.path}`} columns={["Name", "In", "Type", "Description"]}>
          {op.parameters.map((p) => (
            <tr key={`${p.in}-${p.name}`} className="border-b border-zinc-100 last:border-0 dark:border-zinc-900" data-testid="api-parameter">
              <NameCell name={p.name} required={p.required ?? false} />
              <td className={`${td} text-xs`}>{p.in}</td>
              <td className={td}>{p.schema && <TypeLabel schema={p.schema} />}</td>
              <td className={`${td} space-y-0.5`}>{p.schema ? <FieldNotes schema={p.schema} description={p.description} /> : <Prose text={p.description} />}</td>
            </tr>
          ))}
        </DocTable>
      )}

      <h3 className="text-sm font-medium">Responses</h3>
      <ul className="space-y-2 text-sm">
        {op.responses.map((r) => (
          <li key={r.status} className="space-y-1" data-testid="api-response" data-status={r.status}>
            <div className="flex flex-wrap items-baseline gap-2">
              <span className={`font-mono font-semibold tabular-nums ${statusTone(r.status)}`}>{r.status}</span>
              <Prose text={r.description} className="min-w-0 flex-1" />
            </div>
            {r.content.map(([type, schema]) => (
              <p key={type} className="pl-10 text-xs">
                <span className="text-zinc-600 dark:text-zinc-400">{type}: </span>
                <TypeLabel schema={schema} />
              </p>
            ))}
            {r.headers.length > 0 && (
              <details className="pl-10 text-xs">
                <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Headers: {r.headers.map(([name]) => name).join(", ")}</summary>
                <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5">
                  {r.headers.map(([name, h]) => (
                    <div key={name} className="contents">
                      <dt className="font-mono">{name}</dt>
                      <dd><Prose text={h.description} /></dd>
                    </div>
                  ))}
                </dl>
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
