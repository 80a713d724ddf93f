import { describe, expect, it } from "vitest";
import { EndpointCache, type InboundEndpoint } from "./endpoint-cache";

const endpoint = (id: string): InboundEndpoint => ({
  id, maxRequests: 10, rateLimitPerMinute: null, rules: [], verifier: null,
  response: { status: 200, headers: [], body: null, delayMs: 0 },
});

function cacheOver(known: Record<string, InboundEndpoint>) {
  const loads: string[] = [];
  const cache = new EndpointCache(async (slug) => {
    loads.push(slug);
    return known[slug] ?? null;
  });
  return { cache, loads };
}

describe("EndpointCache", () => {
  it("loads a slug once and then answers from memory, synchronously through peek", async () => {
    const { cache, loads } = cacheOver({ abc: endpoint("e1") });
    expect(cache.peek("abc")).toBeUndefined();
    expect(await cache.get("abc")).toMatchObject({ id: "e1" });
    expect(cache.peek("abc")).toMatchObject({ id: "e1" });
    expect(await cache.get("abc")).toMatchObject({ id: "e1" });
    expect(loads).toEqual(["abc"]);
  });

  it("remembers unknown slugs as null", async () => {
    const { cache, loads } = cacheOver({});
    expect(await cache.get("nope")).toBeNull();
    expect(cache.peek("nope")).toBeNull();
    await cache.get("nope");
    expect(loads).toEqual(["nope"]);
  });

  it("forgets an endpoint when it is invalidated, so the next request reloads it", async () => {
    const { cache, loads } = cacheOver({ abc: endpoint("e1"), def: endpoint("e2") });
    await Promise.all([cache.get("abc"), cache.get("def")]);
    cache.invalidate("e1");
    expect(cache.peek("abc")).toBeUndefined();
    expect(cache.peek("def")).toMatchObject({ id: "e2" });
    await cache.get("abc");
    expect(loads).toEqual(["abc", "def", "abc"]);
  });
});
