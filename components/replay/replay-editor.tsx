"use client";

import { Undo2, Upload } from "lucide-react";
import { formatBytes } from "@/lib/format/bytes";
import type { Original, ReplayDraft } from "@/lib/replay/draft";
import { HeaderRows } from "../rules/header-rows";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input, Textarea } from "../ui/input";

/**
 * Method, the full header list and the body of a replay. A text body is edited as text; a binary
 * one is sent unchanged or replaced by a file's exact bytes.
 */
export function ReplayEditor({ original, draft, onChange }: { original: Original; draft: ReplayDraft; onChange: (d: ReplayDraft) => void }) {
  const { body } = draft;
  async function pick(files: FileList | null) {
    const file = files?.[0];
    if (file) onChange({ ...draft, body: { kind: "file", name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } });
  }
  const restore = () => onChange({ ...draft, body: original.bodyText === null ? { kind: "original" } : { kind: "text", text: original.bodyText } });
  return (
    <div className="space-y-3" data-testid="replay-editor">
      <Field label="Method">
        <Input data-testid="replay-method" className="w-32 font-mono text-xs" value={draft.method} onChange={(e) => onChange({ ...draft, method: e.target.value.toUpperCase() })} />
      </Field>
      <HeaderRows legend="Headers (sent exactly as listed)" value={draft.headers} onChange={(headers) => onChange({ ...draft, headers })} invalid={false} />
      {body.kind === "text" ? (
        <Field label="Body">
          <Textarea data-testid="replay-body" rows={8} value={body.text} onChange={(e) => onChange({ ...draft, body: { kind: "text", text: e.target.value } })} />
        </Field>
      ) : (
        <div className="space-y-1.5">
          <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Body</p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="replay-body-binary">
            {body.kind === "file" ? `Replaced by ${body.name} (${formatBytes(body.bytes.length)})` : `Binary (${formatBytes(original.size)}), sent unchanged`}
          </p>
          <div className="flex gap-1.5">
            <label className="inline-flex h-7 cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 px-2 text-xs font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800 [&_svg]:size-4">
              <Upload aria-hidden />
              Replace with a file…
              <input type="file" className="sr-only" data-testid="replay-body-file" onChange={(e) => void pick(e.target.files)} />
            </label>
            {body.kind === "file" && <Button size="sm" variant="ghost" onClick={restore}><Undo2 aria-hidden />Use the original</Button>}
          </div>
        </div>
      )}
    </div>
  );
}
