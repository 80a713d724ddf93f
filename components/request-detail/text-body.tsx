"use client";

import { useState } from "react";

const preClass = "max-h-[70vh] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900";

/** Text shown as received (React text only: markup in a payload never becomes DOM). */
export function TextBody({ text, kind }: { text: string; kind: string }) {
  const [wrap, setWrap] = useState(true);
  return (
    <div className="space-y-2">
      <label className="inline-flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
        Wrap lines
      </label>
      <pre data-testid="body-text" data-kind={kind} className={`${preClass} ${wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre"}`}>
        {text}
      </pre>
    </div>
  );
}
