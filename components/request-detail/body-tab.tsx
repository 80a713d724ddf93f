"use client";

import { useMemo, useState } from "react";
import { bodyKind, decodeBase64, imageType, parseJsonBody } from "@/lib/requests/body-kind";
import type { RequestDetailDto } from "@/lib/requests/present";
import { FormFields } from "./form-fields";
import { HexDump } from "./hex-dump";
import { JsonTree } from "./json-tree";

const preClass = "max-h-[70vh] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900";

/** Picks a viewer from the body kind. Every payload string reaches the DOM as React text only. */
export function BodyTab({ detail }: { detail: RequestDetailDto }) {
  const kind = bodyKind(detail);
  const [wrap, setWrap] = useState(true);
  const bytes = useMemo(() => decodeBase64(detail.bodyBase64), [detail.bodyBase64]);

  if (kind === "empty") return <p className="text-sm text-zinc-500 dark:text-zinc-400">No body</p>;
  if (kind === "json") return <JsonTree value={parseJsonBody(detail.bodyText)} />;
  if (kind === "form") return <FormFields text={detail.bodyText ?? ""} />;
  if (kind === "image") {
    const type = imageType(detail.contentType);
    // The URL is built only from an allow-listed raster type and base64 characters, never from
    // the sender's content-type string, so nothing but image bytes can end up in src.
    if (type && /^[A-Za-z0-9+/]*={0,2}$/.test(detail.bodyBase64)) {
      return (
        <div className="space-y-2">
          <img
            data-testid="body-image"
            src={`data:${type};base64,${detail.bodyBase64}`}
            alt={`Request body (${type}, ${detail.size} bytes)`}
            className="max-h-[60vh] max-w-full rounded-md border border-zinc-200 bg-zinc-100 object-contain dark:border-zinc-800 dark:bg-zinc-800"
          />
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Not what you expected? The Raw tab and Download body show the exact bytes.</p>
        </div>
      );
    }
  }
  if (detail.bodyText === null || kind === "image" || kind === "binary") return <HexDump bytes={bytes} />;

  // text, xml, and multipart that is valid UTF-8
  return (
    <div className="space-y-2">
      <label className="inline-flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
        Wrap lines
      </label>
      <pre data-testid="body-text" data-kind={kind} className={`${preClass} ${wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre"}`}>
        {detail.bodyText}
      </pre>
    </div>
  );
}
