import { z } from "zod";

/**
 * A forwarding target is a URL template: `{path}` is the captured request's raw sub-path and
 * `{query}` its raw query, e.g. `https://api.example.com/hooks{path}?{query}`. Nothing is decoded or
 * re-encoded, so the target sees exactly the bytes the sender sent (signatures over the URL keep
 * working). The template decides what is forwarded: without `{query}` the query is dropped.
 *
 * The template is validated when saved; the built URL still goes through the SSRF check before
 * every request, since DNS and the substituted path are only known then.
 */

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN = new Set(["path", "query"]);

export function buildTargetUrl(template: string, req: { path: string; query: string }): string {
  // The sub-path is "/" when the sender used the bare inbound URL; "" keeps `https://t/hooks{path}`
  // from gaining a trailing slash the target may route differently.
  const path = req.path === "/" ? "" : req.path;
  let out = "";
  let i = 0;
  // One left-to-right pass: substituted text is never scanned again, so a sub-path that itself
  // contains "{query}" stays literal.
  while (i < template.length) {
    if (template.startsWith("{path}", i)) {
      out += path;
      i += "{path}".length;
    } else if (template.startsWith("{query}", i)) {
      const before = i > 0 ? template[i - 1] : "";
      i += "{query}".length;
      if (req.query !== "") out += req.query;
      // Empty query: drop one separator so no dangling "?" or "&" reaches the target.
      // "?{query}" at the end (or before "#") loses the "?", "?{query}&a=1" loses the "&",
      // "?a=1&{query}" loses the "&".
      else if (before === "&") out = out.slice(0, -1);
      else if (before === "?" && template[i] === "&") i++;
      else if (before === "?" && (i === template.length || template[i] === "#")) out = out.slice(0, -1);
    } else {
      out += template[i++];
    }
  }
  return out;
}

// Substituted during validation. The hostile values would move the host if a placeholder sat in
// the authority (`https://{query}`, `https://api{query}.example.com`): every combination must keep
// the origin of the benign one.
const SAMPLE_PATHS = ["/", "/sample/path", "/@evil.invalid:1/x?y#z"];
const SAMPLE_QUERIES = ["", "a=1&b=2", "@evil.invalid:1/x?y#z"];

const PLACEMENT = "may use {path} and {query} only after the host, not in the scheme, host or port";

/** Why `template` is not a usable target, or null when it is. Messages are shown to the user. */
export function targetUrlProblem(template: string): string | null {
  if (template.trim() === "") return "must not be empty";
  if (/[\x00-\x20\x7f]/.test(template)) return "must not contain spaces or control characters";
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(name)) return `has an unknown placeholder {${name}}; use {path} or {query}`;
  }
  // Fragments are never sent over HTTP, so a placeholder or anything else after "#" would be lost.
  if (template.includes("#")) return "must not contain a fragment (#): it is never sent to the target";
  let origin: string | null = null;
  for (const path of SAMPLE_PATHS) {
    for (const query of SAMPLE_QUERIES) {
      let url: URL;
      try {
        url = new URL(buildTargetUrl(template, { path, query }));
      } catch {
        // Valid with the benign values but not with others: a placeholder is inside the host or port.
        return origin === null ? "must be an absolute http(s) URL such as https://example.com/hooks{path}" : PLACEMENT;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http or https";
      if (url.hostname === "") return "must include a host";
      // fetch() refuses URLs with credentials; an Authorization header is the supported way.
      if (url.username !== "" || url.password !== "") return "must not contain credentials (user:password@); use a header instead";
      if (origin === null) origin = url.origin;
      else if (url.origin !== origin) return PLACEMENT;
    }
  }
  return null;
}

export const targetUrlTemplate = z
  .string()
  .max(2048, "must be at most 2048 characters")
  .superRefine((template, ctx) => {
    const problem = targetUrlProblem(template);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
