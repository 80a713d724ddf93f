import { openTestDb } from "./helpers/databases";
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
  if (servers[0]) await removeDir(servers[0].dataDir);
});

const ROUNDS = 4;

/** Requests in flight at the kill are ~16 KB each, so commits take long enough for the kill to land inside one. */
async function loadThenKill(server: AppServer, url: string, acked: Map<string, string>, round: number) {
  let sent = 0;
  let exited = false;
  const target = acked.size + 1000;
  const worker = async (w: number) => {
    // Senders keep going until the process is gone, so the kill lands mid-stream whatever the
    // server's speed: every worker has a request outstanding at almost every instant.
    for (let i = 0; !exited; i++) {
      const body = JSON.stringify({ round, worker: w, i, pad: "x".repeat(16_000) });
      sent++;
      const res = await post(url, body);
      if (res && res.status >= 200 && res.status < 300 && res.id) acked.set(res.id, body);
    }
  };
  const before = acked.size;
  const load = Promise.all(Array.from({ length: 48 }, (_, w) => worker(w)));
  while (acked.size < target) await new Promise((r) => setTimeout(r, 10));
  const gone = new Promise((r) => server.child.once("exit", r));
  server.child.kill("SIGKILL");
  await gone;
  exited = true;
  await load;
  return { sent, acked: acked.size - before };
}

describe("durability", () => {
  // One kill catches an ack sent before its commit about half the time (the kill must land in that
  // window; checked by breaking it on purpose), so the test kills several times.
  it(`keeps every request that got a 2xx when the server is SIGKILLed under load (${ROUNDS} kills)`, async () => {
    const first = await startAppServer();
    servers.push(first);
    const client = await signedInClient(first.url, "kill@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body;

    const acked = new Map<string, string>(); // request id -> body we sent
    let server = first;
    for (let round = 0; round < ROUNDS; round++) {
      if (round) servers.push((server = await startAppServer({ dataDir: first.dataDir })));
      const { sent, acked: ackedNow } = await loadThenKill(server, `${server.url}/h/${endpoint.slug}/kill`, acked, round);
      expect(sent).toBeGreaterThan(ackedNow); // some requests were cut off by the kill

      const db = await openTestDb(first.env.DATABASE_URL!);
      // On SQLite, reading also replays the WAL, as the restarted server will.
      const rows = await db.query<{ id: string; body: Buffer }>(`SELECT id, body FROM "CapturedRequest"`);
      await db.close();
      const stored = new Map(rows.map((r) => [r.id, r.body.toString()]));
      const missing = [...acked.keys()].filter((id) => !stored.has(id));
      expect(missing, `round ${round}`).toEqual([]);
      for (const [id, body] of acked) expect(stored.get(id)).toBe(body);
    }

    // The restarted server serves the same data and continues the sequence without reusing numbers.
    const last = await startAppServer({ dataDir: first.dataDir });
    servers.push(last);
    client.baseUrl = last.url;
    const before = (await client.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=1`)).body.requests[0];
    const after = await post(`${last.url}/h/${endpoint.slug}`, "{}");
    expect(after?.status).toBe(200);
    const latest = (await client.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=1`)).body.requests[0];
    expect(latest.id).toBe(after!.id);
    expect(latest.seq).toBe(before.seq + 1);
  }, 120_000);
});
