import type { RequestDetailDto } from "./present";
import { bodyExtension, bodyKind } from "./body-kind";
import { originalUrl } from "./original-url";

/** `reason` says why the body is not inline: bytes a shell cannot carry, or a text too long for one argument. */
export type CurlCommand = { command: string; bodyFile?: { name: string; base64: string; reason: "binary" | "large" } };

/** curl computes these itself from the URL and the body it sends. */
const SKIPPED = new Set(["host", "content-length", "transfer-encoding"]);

/**
 * Bodies above this go to a file: Linux rejects a single argument over 128 KiB
 * (MAX_ARG_STRLEN), and a huge clipboard command is unusable anyway.
 */
const MAX_INLINE_BODY = 64 * 1024;

/** Plain POSIX single quotes: everything is literal, a quote becomes '\'' . */
export function singleQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function hex(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, "0")}`;
}

/**
 * Bash/zsh ANSI-C quoting, for strings whose bytes cannot be pasted safely inside '...'
 * (control characters, latin1 bytes that are not valid UTF-8 on a terminal). `!` is escaped
 * too so interactive history expansion cannot touch it.
 */
function ansiQuote(s: string, charBytes: (ch: string) => number[] | null): string {
  let out = "$'";
  for (const ch of s) {
    const bytes = charBytes(ch);
    if (bytes) out += bytes.map(hex).join("");
    else if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (ch === "!") out += "\\x21";
    else out += ch;
  }
  return `${out}'`;
}

const utf8 = new TextEncoder();

/** Header values and URLs are latin1 strings: one char = one byte on the wire. */
function latin1Bytes(ch: string): number[] | null {
  const code = ch.codePointAt(0)!;
  if (code >= 0x20 && code <= 0x7e) return null;
  return code <= 0xff ? [code] : Array.from(utf8.encode(ch));
}

/** Body text is UTF-8: printable characters stay readable, controls and invisible format chars are escaped. */
function utf8ControlBytes(ch: string): number[] | null {
  return /[\p{Cc}\p{Cf}]/u.test(ch) ? Array.from(utf8.encode(ch)) : null;
}

export function quoteLatin1(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? singleQuote(s) : ansiQuote(s, latin1Bytes);
}

function quoteBodyText(text: string): string {
  // Newlines are fine inside '...'; any other control or format character switches to $'...'.
  return /[^\P{Cc}\n]|\p{Cf}/u.test(text) ? ansiQuote(text, utf8ControlBytes) : singleQuote(text);
}

/**
 * A curl command that re-sends the captured request as received. Flags that change the request
 * (such as --compressed, or -d which strips newlines) are deliberately never used.
 */
export function toCurl(detail: RequestDetailDto, endpointUrl: string): CurlCommand {
  const url = originalUrl(endpointUrl, detail);
  const hasBody = detail.size > 0 && detail.bodyBase64 !== "";
  const present = new Set(detail.headers.map(([n]) => n.toLowerCase()));

  // Plain --head for HEAD, because -X HEAD makes curl wait for a response body that never
  // comes; a HEAD with a body cannot use --head (curl rejects two methods), so it keeps -X.
  const method = /^[A-Za-z0-9_.-]+$/.test(detail.method) ? detail.method : quoteLatin1(detail.method);
  const parts = [`${detail.method === "HEAD" && !hasBody ? "curl --head" : `curl -X ${method}`} ${quoteLatin1(url)}`];
  // curl would otherwise expand [] and {} as URL globs and resolve ./.. segments.
  if (/[[\]{}]/.test(url)) parts.push("--globoff");
  if (/\/\.\.?(\/|$)/.test(detail.path)) parts.push("--path-as-is");

  for (const [name, value] of detail.headers) {
    if (SKIPPED.has(name.toLowerCase())) continue;
    // "Name:" with nothing after it tells curl to remove a header; "Name;" sends it empty.
    parts.push(`-H ${quoteLatin1(value === "" ? `${name};` : `${name}: ${value}`)}`);
  }
  // Suppress the headers curl adds on its own when the sender did not send them.
  if (!present.has("user-agent")) parts.push("-H 'User-Agent:'");
  if (!present.has("accept")) parts.push("-H 'Accept:'");
  if (hasBody && !present.has("content-type")) parts.push("-H 'Content-Type:'");
  if (hasBody && detail.size > 1024 && !present.has("expect")) parts.push("-H 'Expect:'");

  let bodyFile: CurlCommand["bodyFile"];
  if (hasBody) {
    const text = detail.bodyText;
    // NUL cannot be part of a shell argument at all, so such bodies go through a file too.
    const binary = text === null || text.includes("\0");
    if (binary || detail.size > MAX_INLINE_BODY) {
      // A large text body keeps its own extension (a 309 KB JSON body is JSON, not "binary").
      const ext = binary ? "bin" : bodyExtension(bodyKind(detail), detail.contentType);
      bodyFile = { name: `body-${detail.seq}.${ext}`, base64: detail.bodyBase64, reason: binary ? "binary" : "large" };
      parts.push(`--data-binary @${bodyFile.name}`);
    } else {
      parts.push(`--data-binary ${quoteBodyText(text)}`);
    }
  }
  return bodyFile ? { command: parts.join(" \\\n  "), bodyFile } : { command: parts.join(" \\\n  ") };
}
