import Database from "better-sqlite3";
import path from "node:path";
import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer } from "@/tests/helpers/app-server";
import { jsonBody, load, report, round, startBareServer } from "./harness";

/**
 * Captured-and-committed requests per second against a bare node:http baseline measured in the
 * same run, same load generator, same body: 1 KB JSON, 32 connections.
 */
export async function captureScenario({ requests = 150_000, connections = 32, synchronous = "normal" as "normal" | "full" } = {}) {
  const body = jsonBody(1024);

  const bare = await startBareServer();
  await load({ url: bare.url, connections, amount: 20_000, body }); // warm-up
  const baseline = await load({ url: bare.url, connections, amount: requests * 3, body });
  await bare.stop();

  const app = await startAppServer({ env: { SQLITE_SYNCHRONOUS: synchronous } });
  try {
    const client = await signedInClient(app.url, "bench@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", { name: "bench" })).body;
    // No pruning during the run, so every acknowledged request must still be there afterwards.
    await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
    const url = `${app.url}/h/${endpoint.slug}/bench`;
    await load({ url, connections, amount: 20_000, body }); // warm-up (JIT, caches)
    const db = new Database(path.join(app.dataDir, "inbox.db"), { readonly: true });
    const count = () => (db.prepare(`SELECT COUNT(*) AS n FROM "CapturedRequest" WHERE "endpointId" = ?`).get(endpoint.id) as { n: number }).n;
    const before = count();
    const run = await load({ url, connections, amount: requests, body });
    const stored = count() - before;
    db.close();
    report({
      scenario: synchronous === "full" ? "capture_sync_full" : "capture",
      sqlite_synchronous: synchronous,
      body_bytes: 1024,
      connections,
      requests,
      rps: Math.round(run.rps),
      baseline_rps: Math.round(baseline.rps),
      ratio: round(run.rps / baseline.rps),
      p50_ms: run.p50,
      p99_ms: run.p99,
      baseline_p99_ms: baseline.p99,
      stored,
      acked: run.ok2xx,
      non2xx: run.non2xx,
      errors: run.errors,
      stored_equals_acked: stored === run.ok2xx,
    });
  } finally {
    await app.stop();
    removeDir(app.dataDir);
  }
}
