/**
 * multipart/form-data (and other multipart/*) bodies split into parts, from the exact bytes, for
 * the body viewer's parts table. Pure and browser-safe. Lenient like real receivers: LF-only line
 * ends and a missing final boundary are accepted; anything that has no boundary at all is not
 * multipart (null), and the viewer falls back to text or hex.
 */
export type MultipartPart = {
  /** The form field name (Content-Disposition name=), or null. */
  name: string | null;
  /** Present for file parts (Content-Disposition filename= or filename*=). */
  filename: string | null;
  contentType: string | null;
  headers: [string, string][];
  /** The part's content bytes (a view into the body). */
  bytes: Uint8Array;
};

const utf8 = new TextDecoder("utf-8");
const encoder = new TextEncoder();

/** The boundary parameter of a multipart Content-Type, unquoted. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return null;
  const m = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const b = m ? (m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]) : null;
  return b && b.length <= 200 ? b : null;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Parses name="a", filename*=UTF-8''x%20y and friends from a header value's parameters. */
function params(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const m of value.matchAll(re)) {
    const key = m[1].toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3].trim();
    if (key.endsWith("*")) {
      const ext = /^[^']*'[^']*'(.*)$/.exec(v);
      try {
        v = decodeURIComponent(ext ? ext[1] : v);
      } catch {
        // keep it as sent
      }
      out.set(key.slice(0, -1), v);
    } else if (!out.has(key)) out.set(key, v);
  }
  return out;
}

export function parseMultipart(body: Uint8Array, contentType: string | null): MultipartPart[] | null {
  const boundary = multipartBoundary(contentType);
  if (!boundary) return null;
  const delimiter = encoder.encode(`--${boundary}`);
  let at = indexOf(body, delimiter, 0);
  if (at === -1) return null;
  const parts: MultipartPart[] = [];
  for (;;) {
    let p = at + delimiter.length;
    if (body[p] === 0x2d && body[p + 1] === 0x2d) break; // "--": the closing delimiter
    while (p < body.length && body[p] !== 0x0a) p++; // rest of the delimiter line (transport padding, CR)
    p++;
    // Headers end at the first empty line.
    let headerEnd = p;
    let contentStart = -1;
    while (headerEnd < body.length) {
      const lineEnd = indexOf(body, Uint8Array.of(0x0a), headerEnd);
      if (lineEnd === -1) break;
      const empty = lineEnd === headerEnd || (lineEnd === headerEnd + 1 && body[headerEnd] === 0x0d);
      if (empty) {
        contentStart = lineEnd + 1;
        break;
      }
      headerEnd = lineEnd + 1;
    }
    if (contentStart === -1) break;
    const next = indexOf(body, delimiter, contentStart);
    // The line break before the next delimiter belongs to it, not to the content.
    let contentEnd = next === -1 ? body.length : next;
    if (next !== -1 && body[contentEnd - 1] === 0x0a) contentEnd -= body[contentEnd - 2] === 0x0d ? 2 : 1;
    const headers = utf8
      .decode(body.subarray(p, headerEnd))
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line): [string, string] => {
        const i = line.indexOf(":");
        return i === -1 ? [line.trim(), ""] : [line.slice(0, i).trim(), line.slice(i + 1).trim()];
      });
    const header = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1] ?? null;
    const disposition = params(`;${(header("content-disposition") ?? "").replace(/^[^;]*/, "")}`);
    parts.push({
      name: disposition.get("name") ?? null,
      filename: disposition.get("filename") ?? null,
      contentType: header("content-type"),
      headers,
      bytes: body.subarray(contentStart, Math.max(contentStart, contentEnd)),
    });
    if (next === -1) break;
    at = next;
  }
  return parts;
}
