"use client";

import { Copy, Download, Terminal } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { copyText } from "@/lib/client/copy-text";
import { downloadBytes } from "@/lib/client/download";
import { formatBytes } from "@/lib/format/bytes";
import { bodyExtension, bodyKind, decodeBase64 } from "@/lib/requests/body-kind";
import { toCurl } from "@/lib/requests/curl";
import type { RequestDetailDto } from "@/lib/requests/present";
import type { SignatureDetail } from "@/lib/verifications/explain";
import { SignatureBadge } from "../signature-badge";
import { Button } from "../ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "../ui/tabs";
import { BodyTab } from "./body-tab";
import { HeadersTab } from "./headers-tab";
import { OverviewTab } from "./overview-tab";
import { RawTab } from "./raw-tab";

const TABS = [
  { id: "overview", label: "Overview" },
  { id: "headers", label: "Headers" },
  { id: "body", label: "Body" },
  { id: "raw", label: "Raw" },
] as const;

async function copy(text: string, what: string) {
  if (await copyText(text)) toast.success(`Copied ${what}`);
  else toast.error(`Could not copy ${what}`, { description: "Your browser refused the clipboard." });
}

type Props = {
  detail: RequestDetailDto & { signature?: SignatureDetail };
  endpointUrl: string;
  actions?: ReactNode;
  /** Shows another request of the endpoint (the original of a duplicate). */
  onOpenRequest?: (id: string) => void;
};

/** One request in full: its number and flags, copy/download actions, and the Overview, Headers, Body and Raw tabs. */
export function RequestDetail({ detail, endpointUrl, actions, onOpenRequest }: Props) {
  const [tab, setTab] = useState<string>("overview");
  const kind = bodyKind(detail);
  const curl = toCurl(detail, endpointUrl);
  const bodyFile = curl.bodyFile;
  const empty = kind === "empty";

  return (
    <section data-testid="request-detail" aria-label={`Request #${detail.seq}`} className="min-w-0 space-y-3">
      <div className="flex flex-wrap items-center gap-2" data-testid="request-header">
        <h2 className="text-sm font-semibold tabular-nums">Request #{detail.seq}</h2>
        <SignatureBadge status={detail.signatureStatus} />
        {detail.duplicateOf && detail.duplicateOfSeq !== null && (
          <button
            type="button"
            onClick={() => onOpenRequest?.(detail.duplicateOf!)}
            disabled={!onOpenRequest}
            data-testid="duplicate-link"
            title="The same provider delivery id arrived before: open the first one"
            className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 underline decoration-amber-900/40 underline-offset-2 hover:decoration-amber-900 dark:bg-amber-950 dark:text-amber-300 dark:decoration-amber-300/40"
          >
            duplicate of #{detail.duplicateOfSeq}
          </button>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" disabled={empty} onClick={() => copy(detail.bodyText ?? detail.bodyBase64, detail.bodyText === null ? "body (base64)" : "body")}>
          <Copy aria-hidden />
          Copy body
        </Button>
        <Button size="sm" onClick={() => copy(curl.command, "cURL command")}>
          <Terminal aria-hidden />
          Copy as cURL
        </Button>
        <Button size="sm" disabled={empty} onClick={() => downloadBytes(decodeBase64(detail.bodyBase64), `request-${detail.seq}.${bodyExtension(kind, detail.contentType)}`)}>
          <Download aria-hidden />
          Download body
        </Button>
        {actions}
      </div>
      {bodyFile && (
        <p data-testid="curl-body-file" className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <span>
            {bodyFile.reason === "binary" ? "The body is binary" : `The body (${formatBytes(detail.size)}) is too long for one command-line argument`}
            , so the cURL command reads it from <code className="font-mono">{bodyFile.name}</code>: save it next to where you run it.
          </span>
          <Button size="sm" onClick={() => downloadBytes(decodeBase64(bodyFile.base64), bodyFile.name)}>
            <Download aria-hidden />
            Download {bodyFile.name}
          </Button>
        </p>
      )}

      <Tabs value={tab} onValueChange={setTab}>
        <TabsList label="Request details">
          {TABS.map((t) => (
            <TabsTrigger key={t.id} value={t.id} data-testid={`tab-${t.id}`}>{t.label}</TabsTrigger>
          ))}
        </TabsList>
        <div className="pt-3">
          <TabsContent value="overview"><OverviewTab detail={detail} endpointUrl={endpointUrl} signature={detail.signature} /></TabsContent>
          <TabsContent value="headers"><HeadersTab headers={detail.headers} /></TabsContent>
          <TabsContent value="body"><BodyTab detail={detail} /></TabsContent>
          <TabsContent value="raw"><RawTab detail={detail} endpointUrl={endpointUrl} /></TabsContent>
        </div>
      </Tabs>
    </section>
  );
}
