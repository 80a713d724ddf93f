"use client";

import { Download } from "lucide-react";
import { downloadBytes } from "@/lib/client/download";
import { formatBytes } from "@/lib/format/bytes";
import type { MultipartPart } from "@/lib/requests/multipart";
import { utf8OrNull } from "@/lib/requests/utf8";
import { Button } from "../ui/button";

const SHOWN_CHARS = 4000;

/** A sender's file name is only a label: keep it short and free of path separators. */
function safeName(name: string, i: number) {
  const base = name.replace(/[/\\\0-\x1f]/g, "_").slice(0, 120);
  return base || `part-${i + 1}.bin`;
}

/** Form fields with their values, files with name, type, size and a download. */
export function MultipartParts({ parts }: { parts: MultipartPart[] }) {
  if (parts.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No parts</p>;
  return (
    <div className="overflow-x-auto">
      <table data-testid="multipart-parts" className="w-full border-collapse text-left text-xs">
        <thead>
          <tr className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <th scope="col" className="py-1.5 pr-4 font-medium">Name</th>
            <th scope="col" className="py-1.5 pr-4 font-medium">Value or file</th>
            <th scope="col" className="py-1.5 pr-4 font-medium">Type</th>
            <th scope="col" className="py-1.5 text-right font-medium">Size</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((p, i) => {
            const value = p.filename === null ? utf8OrNull(p.bytes) : null;
            return (
              <tr key={i} className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-900" data-testid="multipart-part">
                <td className="py-1.5 pr-4 font-mono break-all">{p.name ?? <span className="text-zinc-500">(unnamed)</span>}</td>
                <td className="py-1.5 pr-4">
                  {value !== null ? (
                    <span className="font-mono break-all whitespace-pre-wrap" data-testid="part-value">
                      {value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value}
                    </span>
                  ) : (
                    <span className="flex flex-wrap items-center gap-2">
                      <span className="font-mono break-all" data-testid="part-filename">{p.filename ?? "(binary value)"}</span>
                      <Button size="sm" onClick={() => downloadBytes(new Uint8Array(p.bytes), safeName(p.filename ?? "", i))} aria-label={`Download ${p.filename ?? `part ${i + 1}`}`}>
                        <Download aria-hidden />
                        Download
                      </Button>
                    </span>
                  )}
                </td>
                <td className="py-1.5 pr-4 font-mono text-zinc-600 dark:text-zinc-400">{p.contentType ?? (p.filename === null ? "text" : "")}</td>
                <td className="py-1.5 text-right tabular-nums" data-testid="part-size">{formatBytes(p.bytes.length)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
