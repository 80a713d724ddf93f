import { getPrisma } from "@/lib/db/client";
import { presentEndpoint } from "@/lib/endpoints/present";
import { getEndpoint } from "@/lib/endpoints/queries";
import { toHar } from "./har";
import { presentDetails } from "./queries";
import { parseSearchQuery, searchRequestIds } from "./search";

/** An export holds at most this many requests (newest first); bodies are up to MAX_BODY_BYTES each.
 *  A query that needs the matcher (see search.ts) covers the newest SCAN_ROWS candidates at most. */
export const EXPORT_LIMIT = 5000;

export type ExportFormat = "json" | "har";

/** `q` is the search query of the request list (lib/conditions/query.ts); empty exports everything. */
export async function exportRequests(userId: string, endpointId: string, format: ExportFormat, q: string, origin: string) {
  const query = parseSearchQuery(q);
  const endpoint = await getEndpoint(userId, endpointId);
  const { ids } = await searchRequestIds(endpointId, query, { limit: EXPORT_LIMIT });
  const rows = await getPrisma().capturedRequest.findMany({
    where: { endpointId, endpoint: { userId }, id: { in: ids } },
    orderBy: { seq: "desc" },
  });
  const details = await presentDetails(endpointId, rows);
  const url = presentEndpoint(endpoint, origin).url;
  const body = format === "har" ? toHar(details, url) : { endpoint: { id: endpoint.id, name: endpoint.name, url }, requests: details };
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return { body: JSON.stringify(body, null, 2), filename: `requests-${endpoint.slug.slice(0, 8)}-${stamp}.${format === "har" ? "har" : "json"}` };
}
