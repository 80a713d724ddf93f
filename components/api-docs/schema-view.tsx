import type { ReactNode } from "react";
import { codeSpans, constraintsOf, propertiesOf, schemaAnchor, typeParts, type JsonSchema } from "@/lib/client/openapi-view";

const td = "py-1.5 pr-4 align-top";

/** The reference's tables: a caption for screen readers, column headings, one row per field. */
export function DocTable({ label, columns, children }: { label: string; columns: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm" aria-label={label}>
        <thead>
          <tr className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            {columns.map((c) => <th key={c} scope="col" className="py-1.5 pr-4 font-medium">{c}</th>)}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A field or parameter name (row heading), starred when required. */
export function NameCell({ name, required, depth = 0 }: { name: string; required: boolean; depth?: number }) {
  return (
    <th scope="row" className={`${td} font-mono text-xs font-normal whitespace-nowrap`} style={depth ? { paddingLeft: `${depth}rem` } : undefined}>
      {name}
      {required && <span className="ml-1 text-red-700 dark:text-red-400" title="required">*</span>}
    </th>
  );
}

/** A description with its `code` spans. */
export function Prose({ text, className = "" }: { text?: string; className?: string }) {
  if (!text) return null;
  return (
    <p className={className}>
      {codeSpans(text).map((p, i) => (p.code ? <code key={i} className="rounded bg-zinc-100 px-1 font-mono text-[0.85em] dark:bg-zinc-800">{p.text}</code> : <span key={i}>{p.text}</span>))}
    </p>
  );
}

/** A schema's type, with named schemas as links to their section below. */
export function TypeLabel({ schema }: { schema: JsonSchema }) {
  return (
    <code className="font-mono text-xs text-violet-800 dark:text-violet-300">
      {typeParts(schema).map((p, i) =>
        "ref" in p ? <a key={i} href={`#${schemaAnchor(p.ref)}`} className="underline underline-offset-2">{p.ref}</a> : <span key={i}>{p.text}</span>,
      )}
    </code>
  );
}

/** Description and constraints of one field or parameter. */
export function FieldNotes({ schema, description }: { schema: JsonSchema; description?: string }) {
  const constraints = constraintsOf(schema);
  return (
    <>
      <Prose text={description ?? schema.description} />
      {constraints.length > 0 && <p className="text-xs text-zinc-600 dark:text-zinc-400">{constraints.join(" · ")}</p>}
    </>
  );
}

type Row = { name: string; schema: JsonSchema; required: boolean; depth: number };

/** Properties of inline objects (not named schemas) continue under their parent as parent.child. */
function rows(schema: JsonSchema, prefix = "", depth = 0): Row[] {
  return propertiesOf(schema).flatMap((p) => {
    const row = { name: prefix + p.name, schema: p.schema, required: p.required, depth };
    return p.schema.properties && !p.schema.$ref ? [row, ...rows(p.schema, `${row.name}.`, depth + 1)] : [row];
  });
}

/** An object schema's fields as a table: name, type, required, description and constraints. */
export function PropertiesTable({ schema, label }: { schema: JsonSchema; label: string }) {
  const all = rows(schema);
  if (!all.length) return <p className="text-sm"><TypeLabel schema={schema} /></p>;
  return (
    <DocTable label={label} columns={["Field", "Type", "Description"]}>
      {all.map((r) => (
        <tr key={r.name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-900" data-testid="schema-field">
          <NameCell name={r.name} required={r.required} depth={r.depth} />
          <td className={td}><TypeLabel schema={r.schema} /></td>
          <td className={`${td} space-y-0.5`}><FieldNotes schema={r.schema} /></td>
        </tr>
      ))}
    </DocTable>
  );
}
