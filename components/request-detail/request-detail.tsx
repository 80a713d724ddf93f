"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { copyText } from "@/lib/client/copy-text";
import { bodyExtension, bodyKind, decodeBase64 } from "@/lib/requests/body-kind";
import { toCurl } from "@/lib/requests/curl";
import type { RequestDetailDto } from "@/lib/requests/present";
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
type TabId = (typeof TABS)[number]["id"];

const buttonClass =
  "rounded-md border border-zinc-300 px-2.5 py-1 text-xs hover:bg-zinc-100 disabled:opacity-50 disabled:hover:bg-transparent dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * Always downloads as application/octet-stream: the sender's content type (text/html, svg…)
 * must never make the browser render the payload in our origin.
 */
function download(base64: string, filename: string) {
  const url = URL.createObjectURL(new Blob([decodeBase64(base64)], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RequestDetail({ detail, endpointUrl }: { detail: RequestDetailDto; endpointUrl: string }) {
  const [tab, setTab] = useState<TabId>("overview");
  const [status, setStatus] = useState<string | null>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const baseId = useId();
  const kind = bodyKind(detail);
  const curl = toCurl(detail, endpointUrl);
  const bodyFile = curl.bodyFile;
  const empty = kind === "empty";

  async function copy(text: string, what: string) {
    setStatus((await copyText(text)) ? `Copied ${what}` : `Could not copy ${what}`);
    setTimeout(() => setStatus(null), 2000);
  }

  // Arrow/Home/End move between tabs, as in the WAI-ARIA tabs pattern.
  function onTabKey(e: KeyboardEvent, index: number) {
    const last = TABS.length - 1;
    const next =
      e.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : e.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : e.key === "Home" ? 0
      : e.key === "End" ? last
      : null;
    if (next === null) return;
    e.preventDefault();
    setTab(TABS[next].id);
    tabRefs.current[next]?.focus();
  }

  return (
    <section data-testid="request-detail" className="min-w-0 space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={buttonClass}
          disabled={empty}
          onClick={() => copy(detail.bodyText ?? detail.bodyBase64, detail.bodyText === null ? "body (base64)" : "body")}
        >
          Copy body
        </button>
        <button type="button" className={buttonClass} onClick={() => copy(curl.command, "cURL command")}>
          Copy as cURL
        </button>
        <button
          type="button"
          className={buttonClass}
          disabled={empty}
          onClick={() => download(detail.bodyBase64, `request-${detail.seq}.${bodyExtension(kind, detail.contentType)}`)}
        >
          Download body
        </button>
        <span role="status" aria-live="polite" className="text-xs text-zinc-500 dark:text-zinc-400">
          {status}
        </span>
      </div>
      {bodyFile && (
        <p data-testid="curl-body-file" className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <span>
            cURL: binary body: save it as <code className="font-mono">{bodyFile.name}</code>
          </span>
          <button type="button" className={buttonClass} onClick={() => download(bodyFile.base64, bodyFile.name)}>
            Download body file
          </button>
        </p>
      )}

      <div role="tablist" aria-label="Request details" className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
        {TABS.map((t, i) => {
          const selected = tab === t.id;
          return (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${t.id}`}
              data-testid={`tab-${t.id}`}
              aria-selected={selected}
              aria-controls={selected ? `${baseId}-panel` : undefined}
              tabIndex={selected ? 0 : -1}
              onClick={() => setTab(t.id)}
              onKeyDown={(e) => onTabKey(e, i)}
              className={`-mb-px shrink-0 border-b-2 px-3 py-1.5 text-sm ${
                selected
                  ? "border-indigo-600 font-medium text-zinc-900 dark:border-indigo-400 dark:text-zinc-100"
                  : "border-transparent text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"
              }`}
            >
              {t.label}
            </button>
          );
        })}
      </div>

      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${tab}`} tabIndex={0} className="min-w-0">
        {tab === "overview" && <OverviewTab detail={detail} endpointUrl={endpointUrl} />}
        {tab === "headers" && <HeadersTab headers={detail.headers} />}
        {tab === "body" && <BodyTab detail={detail} />}
        {tab === "raw" && <RawTab detail={detail} endpointUrl={endpointUrl} />}
      </div>
    </section>
  );
}
