import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { capture, rawRoundTrip, sendRaw } from "./helpers/inbound";

const MAX = 1000;
let server: AppServer;
let alice: ApiClient;
beforeAll(async () => {
  server = await startAppServer({ env: { MAX_BODY_BYTES: String(MAX) } });
  alice = await signedInClient(server.url, "stats@example.com");
});
afterAll(async () => { await server.stop(); await removeDir(server.dataDir); });

type Stats = { requests: number; lastRequestAt: string | null; activity: number[]; rejected: { total: number; reasons: { reason: string; count: number; lastDetail: string }[] } };
const statsOf = async (id: string) => ((await alice.json<{ stats: Record<string, Stats> }>("GET", "/api/endpoints/stats")).body.stats[id]);

describe("endpoint stats", () => {
  it("counts stored requests and their activity, and every refused request by reason", async () => {
    const ep = (await alice.json("POST", "/api/endpoints", { name: "counted" })).body;
    await alice.json("PATCH", `/api/endpoints/${ep.id}`, { rateLimitPerMinute: 2 });
    await capture(server.port, ep.slug, "POST", "/a", [], "one");
    await capture(server.port, ep.slug, "POST", "/b", [], "two");
    expect((await sendRaw(server.port, "POST", `/h/${ep.slug}/c`, [], "three")).status).toBe(429);
    await alice.json("PATCH", `/api/endpoints/${ep.id}`, { rateLimitPerMinute: null });
    expect((await sendRaw(server.port, "PUT", `/h/${ep.slug}/big`, [], "x".repeat(MAX + 1))).status).toBe(413);
    // An unknown method with ambiguous framing: parsed by the server's own reader, refused with 400.
    const raw = await rawRoundTrip(server.port, Buffer.from(`FOO /h/${ep.slug}/odd HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nabc`));
    expect(raw.toString("latin1").split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");

    const before = await statsOf(ep.id);
    expect(before.requests).toBe(2);
    expect(Date.now() - Date.parse(before.lastRequestAt!)).toBeLessThan(30_000);
    expect(before.activity.at(-1)).toBe(2);

    // Refusals reach the database on the counter's next flush (every 2 s).
    await expect.poll(async () => (await statsOf(ep.id)).rejected.total, { timeout: 6000 }).toBe(3);
    const reasons = Object.fromEntries((await statsOf(ep.id)).rejected.reasons.map((r) => [r.reason, r]));
    expect(reasons.rate_limited).toMatchObject({ count: 1, lastDetail: "POST /c" });
    expect(reasons.too_large).toMatchObject({ count: 1, lastDetail: "PUT /big, body of 1,001 bytes, over the 1000 B limit" });
    expect(reasons.malformed).toMatchObject({ count: 1, lastDetail: "FOO /odd, answered 400: the request could not be parsed" });

    expect((await alice.json("DELETE", `/api/endpoints/${ep.id}/rejections`)).status).toBe(204);
    expect((await statsOf(ep.id)).rejected).toEqual({ total: 0, reasons: [] });
  });

  it("shows nothing of another user's endpoints, and refuses to reset their counts", async () => {
    const bob = await signedInClient(server.url, "stats-bob@example.com");
    const mine = (await alice.json("POST", "/api/endpoints", {})).body;
    expect((await bob.json("GET", "/api/endpoints/stats")).body.stats[mine.id]).toBeUndefined();
    expect((await bob.json("DELETE", `/api/endpoints/${mine.id}/rejections`)).status).toBe(404);
  });
});
