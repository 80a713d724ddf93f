import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { capture } from "./helpers/inbound";

/** The list API's snapshot windows (top/offset/after/count), which the dashboard's scrollbar uses. */
let server: AppServer;
let alice: ApiClient;
beforeAll(async () => {
  server = await startAppServer();
  alice = await signedInClient(server.url, "windows@example.com");
});
afterAll(async () => { await server.stop(); await removeDir(server.dataDir); });

type Page = { requests: { seq: number; id: string }[]; top: number; total?: number; nextCursor: string | null };
const list = async (id: string, qs: string) => {
  const res = await alice.json<Page>("GET", `/api/endpoints/${id}/requests?${qs}`);
  expect(res.status).toBe(200);
  return res.body;
};
const seqs = (p: Page) => p.requests.map((r) => r.seq);

describe("request list windows", () => {
  it("pages a fixed snapshot by offset, unaffected by later arrivals, with an exact total", async () => {
    const ep = (await alice.json("POST", "/api/endpoints", {})).body;
    for (let i = 1; i <= 25; i++) await capture(server.port, ep.slug, i % 2 ? "POST" : "PUT", `/r/${i}`, [], `body ${i}`);

    const first = await list(ep.id, "limit=10&count=1");
    expect(first).toMatchObject({ top: 25, total: 25 });
    expect(seqs(first)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);

    // Two more arrive: the snapshot's windows do not move, and `after` fetches only the new ones.
    await capture(server.port, ep.slug, "POST", "/late/1");
    await capture(server.port, ep.slug, "POST", "/late/2");
    expect(seqs(await list(ep.id, "limit=10&offset=20&top=25"))).toEqual([5, 4, 3, 2, 1]);
    expect(seqs(await list(ep.id, "limit=10&offset=10&top=25"))).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(seqs(await list(ep.id, "limit=10&after=25"))).toEqual([27, 26]);
    expect(await list(ep.id, "limit=1&count=1")).toMatchObject({ top: 27, total: 27 });

    // A deleted row closes the gap: the next window starts one row later.
    const victim = first.requests[3]; // seq 22
    expect((await alice.json("DELETE", `/api/endpoints/${ep.id}/requests/${victim.id}`)).status).toBe(204);
    expect(seqs(await list(ep.id, "limit=3&offset=2&top=25"))).toEqual([23, 21, 20]);

    // Filtered windows and counts (PUT = even seqs), within the snapshot.
    const puts = await list(ep.id, "q=method:PUT&limit=4&offset=2&top=25&count=1");
    expect(puts.total).toBe(11); // 2..24 even, minus 22
    expect(seqs(puts)).toEqual([18, 16, 14, 12]);
    expect(seqs(await list(ep.id, "q=method:POST&after=20&top=25"))).toEqual([25, 23, 21]);
    // A regex term needs the matcher: the window is a slice of every match, with the same total.
    const regex = await list(ep.id, `q=${encodeURIComponent("header:host~^127 path:/r/** method:PUT")}&limit=4&offset=2&top=25&count=1`);
    expect(regex.total).toBe(11);
    expect(seqs(regex)).toEqual([18, 16, 14, 12]);
  });

  it("refuses malformed window parameters with 422 naming them", async () => {
    const ep = (await alice.json("POST", "/api/endpoints", {})).body;
    for (const [qs, field] of [["offset=-1", "offset"], ["top=x", "top"], ["count=yes", "count"]]) {
      const res = await alice.json("GET", `/api/endpoints/${ep.id}/requests?${qs}`);
      expect(res.status).toBe(422);
      expect(res.body.error.field).toBe(field);
    }
  });
});
