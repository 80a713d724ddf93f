/**
 * Splits a raw request target for the inbound path: `/h/<slug>[/<sub-path>][?<query>]`.
 * Nothing is decoded or normalised: the sub-path and query are stored exactly as sent.
 * Returns null for targets that are not inbound URLs at all (they go to Next).
 */
export type InboundTarget = { slug: string; path: string; query: string };

export function parseInboundTarget(url: string | undefined): InboundTarget | null {
  if (!url || !(url === "/h" || url.startsWith("/h/") || url.startsWith("/h?"))) return null;
  const q = url.indexOf("?");
  const pathPart = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? "" : url.slice(q + 1);
  const rest = pathPart.slice(3); // after "/h/"
  const slash = rest.indexOf("/");
  const slug = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? "/" : rest.slice(slash);
  return { slug, path, query };
}
