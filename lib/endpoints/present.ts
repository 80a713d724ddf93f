import { inboundUrl } from "./inbound-url";
import type { EndpointRecord } from "./queries";

/** The JSON shape of an endpoint in the API. */
export function presentEndpoint(e: EndpointRecord, origin: string) {
  return {
    id: e.id,
    slug: e.slug,
    name: e.name,
    url: inboundUrl(e.slug, origin),
    createdAt: e.createdAt.toISOString(),
    response: e.response,
    maxRequests: e.maxRequests,
    rateLimitPerMinute: e.rateLimitPerMinute,
  };
}
export type EndpointDto = ReturnType<typeof presentEndpoint>;
