import type { RequestDetailDto } from "./present";

/** The endpoint's own path ("/h/<slug>"); endpointUrl is ours, so parsing it is safe. */
function endpointPath(endpointUrl: string): string {
  try {
    return new URL(endpointUrl).pathname.replace(/\/$/, "");
  } catch {
    return endpointUrl.replace(/\/$/, "");
  }
}

/**
 * The request as HTTP/1.1 text, lines joined with CRLF as on the wire so a copy can be piped
 * to `nc`. Header names and values are printed exactly as received (latin1, not re-cased).
 * A non-UTF-8 body is replaced by a note, because its bytes are not text.
 */
export function toRawHttp(detail: RequestDetailDto, endpointUrl: string): string {
  const target = `${endpointPath(endpointUrl)}${detail.path === "/" ? "" : detail.path}${detail.query ? `?${detail.query}` : ""}`;
  const lines = [`${detail.method} ${target || "/"} HTTP/1.1`, ...detail.headers.map(([name, value]) => `${name}: ${value}`)];
  const body = detail.bodyText !== null ? detail.bodyText : `[binary body: ${detail.size} bytes, shown in the Body tab as hex]`;
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}
