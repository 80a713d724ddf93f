import Database from "better-sqlite3";
import { request } from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";

/** POST and resolve with the JSON answer, or null when the connection dies (server killed). */
function post(url: string, body: string): Promise<{ status: number; id?: string } | null> {
  return new Promise((resolve) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        try { resolve({ status: res.statusCode!, id: JSON.parse(text).id }); } catch { resolve(null); }
      });
      res.on("error", () => resolve(null));
    });
    req.on("error", () => resolve(null));
    req.end(body);
  });
}

let servers: AppServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL");
  if (servers[0]) removeDir(servers[0].dataDir);
});

describe("durability", () => {
  it("keeps every request that got a 2xx when the server is SIGKILLed under load", async () => {
    const first = await startAppServer();
    servers.push(first);
    const client = await signedInClient(first.url, "kill@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body;
    const url = `${first.url}/h/${endpoint.slug}/kill`;

    const acked = new Map<string, string>(); // request id -> body we sent
    let sent = 0;
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const body = JSON.stringify({ worker: w, i, pad: "x".repeat(200) });
        sent++;
        const res = await post(url, body);
        if (res && res.status >= 200 && res.status < 300 && res.id) acked.set(res.id, body);
      }
    };
    const load = Promise.all(Array.from({ length: 24 }, (_, w) => worker(w)));
    // Kill mid-stream: once a good number of requests were acknowledged, with many in flight.
    while (acked.size < 1500) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGKILL");
    killed = true;
    await load;
    expect(sent).toBeGreaterThan(acked.size);

    const db = new Database(path.join(first.dataDir, "inbox.db"));
    // Reading also replays the WAL, as the restarted server will.
    const rows = db.prepare(`SELECT id, body FROM "CapturedRequest"`).all() as { id: string; body: Buffer }[];
    db.close();
    const stored = new Map(rows.map((r) => [r.id, r.body.toString()]));
    const missing = [...acked.keys()].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    for (const [id, body] of acked) expect(stored.get(id)).toBe(body);

    // The restarted server serves the same data and continues the sequence without reusing numbers.
    const second = await startAppServer({ dataDir: first.dataDir });
    servers.push(second);
    client.baseUrl = second.url;
    const before = (await client.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=1`)).body.requests[0];
    const after = await post(`${second.url}/h/${endpoint.slug}`, "{}");
    expect(after?.status).toBe(200);
    const latest = (await client.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=1`)).body.requests[0];
    expect(latest.id).toBe(after!.id);
    expect(latest.seq).toBe(before.seq + 1);
  }, 60_000);
});
