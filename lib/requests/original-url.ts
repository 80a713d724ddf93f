import type { RequestDetailDto } from "./present";

/**
 * The URL the sender called. Built by string concatenation, never `new URL()`, because URL
 * parsing would normalise dot segments and re-encode characters, and we want the bytes as received.
 */
export function originalUrl(endpointUrl: string, detail: Pick<RequestDetailDto, "path" | "query">): string {
  return `${endpointUrl}${detail.path === "/" ? "" : detail.path}${detail.query ? `?${detail.query}` : ""}`;
}

/** Percent-decodes one urlencoded component; malformed escapes are kept raw rather than throwing. */
export function decodeFormComponent(raw: string): string {
  const spaced = raw.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A stranger's "%zz" must not break the page: decode the valid escapes one by one.
    return spaced.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * Splits a raw query string or x-www-form-urlencoded body into decoded pairs, in order and
 * with duplicates kept (unlike URLSearchParams.get / Object.fromEntries, which hide repeats).
 */
export function parseUrlEncoded(raw: string): [string, string][] {
  if (!raw) return [];
  const pairs: [string, string][] = [];
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? "" : part.slice(eq + 1);
    pairs.push([decodeFormComponent(name), decodeFormComponent(value)]);
  }
  return pairs;
}
