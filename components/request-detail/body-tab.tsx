"use client";

import { useMemo, useState } from "react";
import { formatBytes } from "@/lib/format/bytes";
import { bodyKind, decodeBase64, imageType, parseJsonBody } from "@/lib/requests/body-kind";
import { parseMultipart } from "@/lib/requests/multipart";
import type { RequestDetailDto } from "@/lib/requests/present";
import { FormFields } from "./form-fields";
import { HexDump } from "./hex-dump";
import { JsonTree } from "./json-tree";
import { MultipartParts } from "./multipart-parts";
import { Segmented } from "./segmented";
import { TextBody } from "./text-body";
import { XmlBody } from "./xml-body";

/** Picks a viewer from the body kind, with a hex view of the exact bytes for any body. */
export function BodyTab({ detail }: { detail: RequestDetailDto }) {
  const kind = bodyKind(detail);
  const bytes = useMemo(() => decodeBase64(detail.bodyBase64), [detail.bodyBase64]);
  const parts = useMemo(() => (kind === "multipart" ? parseMultipart(bytes, detail.contentType) : null), [kind, bytes, detail.contentType]);
  const [view, setView] = useState<"formatted" | "hex">("formatted");

  if (kind === "empty") return <p className="text-sm text-zinc-500 dark:text-zinc-400">No body</p>;
  const formattable = kind !== "binary";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span data-testid="body-size">{formatBytes(detail.size)}</span>
        <span className="font-mono">{detail.contentType ?? "no content type"}</span>
        {formattable && (
          <span className="ml-auto">
            <Segmented label="Body view" value={view} options={[["formatted", "Formatted"], ["hex", "Hex"]]} onChange={setView} />
          </span>
        )}
      </div>
      {view === "hex" || !formattable ? <HexDump bytes={bytes} /> : <Formatted detail={detail} kind={kind} bytes={bytes} parts={parts} />}
    </div>
  );
}

function Formatted({ detail, kind, bytes, parts }: { detail: RequestDetailDto; kind: string; bytes: Uint8Array; parts: ReturnType<typeof parseMultipart> }) {
  if (kind === "json") return <JsonTree value={parseJsonBody(detail.bodyText)} />;
  if (kind === "form") return <FormFields text={detail.bodyText ?? ""} />;
  if (kind === "multipart" && parts) return <MultipartParts parts={parts} />;
  if (kind === "xml" && detail.bodyText !== null) return <XmlBody text={detail.bodyText} />;
  if (kind === "image") {
    const type = imageType(detail.contentType);
    // The URL is built only from an allow-listed raster type and base64 characters, never from
    // the sender's content-type string, so nothing but image bytes can end up in src.
    if (type && /^[A-Za-z0-9+/]*={0,2}$/.test(detail.bodyBase64)) {
      return (
        <img
          data-testid="body-image"
          src={`data:${type};base64,${detail.bodyBase64}`}
          alt={`Request body (${type}, ${formatBytes(detail.size)})`}
          className="max-h-[60vh] max-w-full rounded-md border border-zinc-200 bg-zinc-100 object-contain dark:border-zinc-800 dark:bg-zinc-800"
        />
      );
    }
  }
  if (detail.bodyText === null) return <HexDump bytes={bytes} />;
  return <TextBody text={detail.bodyText} kind={kind} />;
}
