"use client";

import { Download, KeyRound } from "lucide-react";
import Link from "next/link";
import { errorMessage } from "@/lib/client/error-message";
import { operationsOf, schemaAnchor } from "@/lib/client/openapi-view";
import { useApiDocument } from "@/lib/client/use-api-document";
import { MethodBadge } from "../method-badge";
import { OperationSection } from "./operation-section";
import { Prose, PropertiesTable } from "./schema-view";

const DOCUMENT_URL = "/api/v1/openapi.json";

/** The pull API's reference, rendered from its OpenAPI document: every operation, then every schema. */
export function ApiReference() {
  const doc = useApiDocument();
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto w-full max-w-4xl space-y-6 p-4 sm:p-6" data-testid="api-reference">
        <div className="space-y-2">
          <h1 className="text-xl font-semibold">API reference</h1>
          {doc.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">The API document could not be loaded: {errorMessage(doc.error)}</p>}
          {doc.isPending && <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the API document…</p>}
          {doc.data && (
            <>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{doc.data.info.title}, version {doc.data.info.version} (OpenAPI {doc.data.openapi})</p>
              <Prose text={doc.data.info.description} className="text-sm" />
            </>
          )}
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <a href={DOCUMENT_URL} className="inline-flex items-center gap-1 text-indigo-700 underline underline-offset-2 dark:text-indigo-300" download="openapi.json">
              <Download className="size-4" aria-hidden />
              openapi.json
            </a>
            <Link href="/settings#api-tokens" className="inline-flex items-center gap-1 text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
              <KeyRound className="size-4" aria-hidden />
              Create a token
            </Link>
          </div>
        </div>
        {doc.data && <Reference doc={doc.data} />}
      </div>
    </div>
  );
}

function Reference({ doc }: { doc: NonNullable<ReturnType<typeof useApiDocument>["data"]> }) {
  const ops = operationsOf(doc);
  const schemas = Object.entries(doc.components?.schemas ?? {});
  const auth = Object.values(doc.components?.securitySchemes ?? {});
  const base = doc.servers?.[0]?.url ?? (typeof window === "undefined" ? "" : window.location.origin);
  return (
    <>
      <section aria-labelledby="api-auth" className="space-y-2 rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
        <h2 id="api-auth" className="font-medium">Calling it</h2>
        <p>Base URL: <code className="font-mono text-xs">{base}</code></p>
        {auth.map((a, i) => (
          <div key={i} className="space-y-1">
            <p>Every call sends <code className="font-mono text-xs">Authorization: {a.scheme === "bearer" ? "Bearer" : a.scheme} whi_…</code>.</p>
            <Prose text={a.description} className="text-zinc-600 dark:text-zinc-400" />
          </div>
        ))}
        <pre className="overflow-x-auto rounded-md bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-900">{`curl -H "Authorization: Bearer $TOKEN" ${base}/api/v1/endpoints`}</pre>
      </section>

      <nav aria-label="Operations" className="space-y-1">
        <h2 className="text-sm font-medium">Operations</h2>
        <ul className="space-y-1 text-sm" data-testid="api-toc">
          {ops.map((op) => (
            <li key={op.anchor}>
              <a href={`#${op.anchor}`} className="inline-flex flex-wrap items-center gap-2 hover:underline">
                <MethodBadge method={op.method} />
                <code className="font-mono text-xs">{op.path}</code>
                <span className="text-zinc-600 dark:text-zinc-400">{op.summary}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {ops.map((op) => <OperationSection key={op.anchor} op={op} />)}

      <section aria-labelledby="api-schemas" className="space-y-4">
        <h2 id="api-schemas" className="text-lg font-semibold">Schemas</h2>
        {schemas.map(([name, schema]) => (
          <section key={name} id={schemaAnchor(name)} aria-labelledby={`${schemaAnchor(name)}-title`} className="scroll-mt-4 space-y-2" data-testid="api-schema">
            <h3 id={`${schemaAnchor(name)}-title`} className="font-mono text-sm font-semibold">{name}</h3>
            <Prose text={schema.description} className="text-sm text-zinc-700 dark:text-zinc-300" />
            <PropertiesTable schema={schema} label={`Fields of ${name}`} />
          </section>
        ))}
      </section>
    </>
  );
}
