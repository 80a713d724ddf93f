import { useMemo } from "react";

/** Only the first 64 KiB is rendered: a full multi-megabyte dump would freeze the tab. */
const LIMIT = 64 * 1024;

function hexLines(bytes: Uint8Array, limit: number): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let off = 0; off < end; off += 16) {
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i++) {
      const b = off + i < end ? bytes[off + i] : undefined;
      hex += b === undefined ? "   " : `${b.toString(16).padStart(2, "0")} `;
      if (i === 7) hex += " ";
      // Printable ASCII only; everything else (controls, high bytes) shows as '.'.
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
    }
    lines.push(`${off.toString(16).padStart(8, "0")}  ${hex} |${ascii}|`);
  }
  return lines.join("\n");
}

export function HexDump({ bytes }: { bytes: Uint8Array }) {
  const text = useMemo(() => hexLines(bytes, LIMIT), [bytes]);
  const hidden = bytes.length - Math.min(bytes.length, LIMIT);
  return (
    <div>
      <pre
        data-testid="hex-dump"
        className="max-h-[70vh] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs leading-5 whitespace-pre dark:bg-zinc-900"
      >
        {text}
      </pre>
      {hidden > 0 && (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          Showing the first {LIMIT.toLocaleString("en-US")} bytes; {hidden.toLocaleString("en-US")} more bytes are not shown. Use
          Download body for the full content.
        </p>
      )}
    </div>
  );
}
