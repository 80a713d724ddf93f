import { getPrisma } from "@/lib/db/client";
import { onEndpointChanged } from "@/lib/events/endpoint-changes";
import { sendableHeaders } from "@/lib/endpoints/response-policy";
import { parseStoredHeaders, type ResponseSettings } from "@/lib/endpoints/settings";
import { conditionList, type Condition } from "@/lib/conditions/schema";
import type { Verifier } from "@/lib/signatures/verify";
import { captureVerifier } from "@/lib/verifications/verifications";

/** What the inbound path needs to know about an endpoint, looked up by slug. */
export type InboundEndpoint = {
  id: string;
  maxRequests: number;
  rateLimitPerMinute: number | null;
  response: ResponseSettings;
  /**
   * Enabled forwarding rules: a request matching one gets a Delivery in its commit, "held" while
   * the rule is paused (sent or discarded when it is resumed), so nothing arriving then is lost.
   */
  rules: { id: string; conditions: Condition[]; held: boolean }[];
  /** Checks provider signatures (lib/signatures); null when the endpoint has no setting. */
  verifier: Verifier | null;
};

type Entry = { value: Promise<InboundEndpoint | null>; expires: number; id?: string | null; loaded?: InboundEndpoint | null };

const HIT_TTL_MS = 10_000;
// Unknown slugs are cached briefly so a scan of random URLs cannot hammer the database.
const MISS_TTL_MS = 1_000;
const MAX_ENTRIES = 50_000;

/**
 * Slug -> endpoint settings, shared process-wide on globalThis: edits made through the API (a Next
 * bundle) invalidate the same instance the inbound fast path (server.ts) reads.
 */
export class EndpointCache {
  private entries = new Map<string, Entry>();

  constructor(private load: (slug: string) => Promise<InboundEndpoint | null> = loadEndpoint) {}

  /**
   * The endpoint if it is cached and loaded, without a promise: the inbound path calls this for
   * every request, and an await per request is measurable at capture rates. Undefined when the
   * caller must `get` it.
   */
  peek(slug: string): InboundEndpoint | null | undefined {
    const hit = this.entries.get(slug);
    return hit && hit.expires > Date.now() ? hit.loaded : undefined;
  }

  get(slug: string): Promise<InboundEndpoint | null> {
    const now = Date.now();
    const hit = this.entries.get(slug);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = this.load(slug);
    const entry: Entry = { value, expires: now + HIT_TTL_MS };
    this.entries.set(slug, entry);
    value.then(
      (v) => {
        entry.id = v?.id ?? null;
        entry.loaded = v;
        if (!v) entry.expires = Date.now() + MISS_TTL_MS;
      },
      () => this.entries.delete(slug),
    );
    return value;
  }

  /** Drop whatever is cached for this endpoint id (after an edit or delete). */
  invalidate(endpointId: string): void {
    for (const [slug, entry] of this.entries) {
      // Entries still loading (id undefined) might be this endpoint: drop them too.
      if (entry.id === endpointId || entry.id === undefined) this.entries.delete(slug);
    }
  }
}

async function loadEndpoint(slug: string): Promise<InboundEndpoint | null> {
  const e = await getPrisma().endpoint.findUnique({
    where: { slug },
    include: {
      rules: { where: { enabled: true }, select: { id: true, conditions: true, pausedAt: true } },
      _count: { select: { verifications: true } },
    },
  });
  if (!e) return null;
  return {
    id: e.id,
    maxRequests: e.maxRequests,
    rateLimitPerMinute: e.rateLimitPerMinute,
    response: {
      status: e.responseStatus,
      // Filtered again here: rows saved before a header was refused must not send it either.
      headers: sendableHeaders(parseStoredHeaders(e.responseHeaders), e.slug),
      body: e.responseBody,
      delayMs: e.responseDelayMs,
    },
    rules: e.rules.map((r) => ({ id: r.id, conditions: conditionList.parse(JSON.parse(r.conditions)), held: r.pausedAt !== null })),
    verifier: e._count.verifications ? await captureVerifier(e.id) : null,
  };
}

const KEY = Symbol.for("webhook-inbox.endpoint-cache");
export function endpointCache(): EndpointCache {
  const g = globalThis as typeof globalThis & { [KEY]?: EndpointCache };
  if (!g[KEY]) {
    const cache = new EndpointCache();
    onEndpointChanged((id) => cache.invalidate(id));
    g[KEY] = cache;
  }
  return g[KEY];
}
