import { getPrisma } from "@/lib/db/client";
import { presentEndpoint } from "@/lib/endpoints/present";
import { getEndpoint } from "@/lib/endpoints/queries";
import { toHar } from "./har";
import { presentDetail } from "./present";
import { hasFilters, searchRequestIds, type RequestFilters } from "./search";

/** An export holds at most this many requests (newest first); bodies are up to MAX_BODY_BYTES each. */
export const EXPORT_LIMIT = 5000;

export type ExportFormat = "json" | "har";

export async function exportRequests(userId: string, endpointId: string, format: ExportFormat, filters: RequestFilters, origin: string) {
  const endpoint = await getEndpoint(userId, endpointId);
  const ids = hasFilters(filters) ? await searchRequestIds(endpointId, filters, { limit: EXPORT_LIMIT }) : null;
  const rows = await getPrisma().capturedRequest.findMany({
    where: { endpointId, endpoint: { userId }, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: { seq: "desc" },
    take: EXPORT_LIMIT,
  });
  const details = rows.map(presentDetail);
  const url = presentEndpoint(endpoint, origin).url;
  const body = format === "har" ? toHar(details, url) : { endpoint: { id: endpoint.id, name: endpoint.name, url }, requests: details };
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return { body: JSON.stringify(body, null, 2), filename: `requests-${endpoint.slug.slice(0, 8)}-${stamp}.${format === "har" ? "har" : "json"}` };
}
