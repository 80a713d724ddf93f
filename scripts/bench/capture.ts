import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "@/tests/helpers/app-server";
import { openTestDb, TEST_KIND } from "@/tests/helpers/databases";
import { jsonBody, load, report, round, startBareServer, type LoadResult } from "./harness";

/**
 * Captured-and-committed requests per second against a bare node:http baseline measured in the
 * same run, same load generator, same body: 1 KB JSON, 32 connections.
 *
 * Both servers stay up and are loaded in alternating rounds (baseline, capture, baseline, ...):
 * this machine's speed drifts by tens of percent within minutes, and a baseline measured once,
 * minutes before the capture runs, divided by that drift as much as by our own work. Each round
 * gives a ratio; the line reports the median round, and the totals over all rounds.
 *
 * On PostgreSQL (BENCH_DATABASE=postgres) `instances` app instances share the database, each
 * loaded by half the connections at once; their rate is the requests of all over the round's time.
 */
export async function captureScenario({ requests = 150_000, rounds = 10, connections = 32, synchronous = "normal" as "normal" | "full", instances = 1 } = {}) {
  const body = jsonBody(1024);
  const perRound = Math.ceil(requests / rounds);

  const bare = await startBareServer();
  const app = await startAppServer({ env: { SQLITE_SYNCHRONOUS: synchronous } });
  const others: AppServer[] = [];
  for (let i = 1; i < instances; i++) others.push(await startAppServer({ dataDir: app.dataDir }));
  try {
    const client = await signedInClient(app.url, "bench@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", { name: "bench" })).body;
    // No pruning during the run, so every acknowledged request must still be there afterwards.
    await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
    const urls = [app, ...others].map((a) => `${a.url}/h/${endpoint.slug}/bench`);
    const capture = (amount: number) => loadAll(urls, connections, amount, body);
    // Warm-up (JIT, caches) for both, not counted.
    await load({ url: bare.url, connections, amount: 20_000, body });
    await capture(20_000);

    const db = await openTestDb(app.env.DATABASE_URL!);
    const count = async () => Number((await db.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "CapturedRequest" WHERE "endpointId" = ?`, [endpoint.id]))[0].n);
    const before = await count();
    const baselines: LoadResult[] = [];
    const captures: LoadResult[] = [];
    for (let i = 0; i < rounds; i++) {
      // The baseline gets three times the requests: it is that much faster, so both runs last
      // about as long and see the same conditions.
      baselines.push(await load({ url: bare.url, connections, amount: perRound * 3, body }));
      captures.push(await capture(perRound));
    }
    const stored = (await count()) - before;
    await db.close();

    const ratios = captures.map((c, i) => c.rps / baselines[i].rps);
    const median = medianIndex(ratios);
    const acked = sum(captures, (c) => c.ok2xx);
    report({
      scenario: TEST_KIND === "postgres" ? `capture_postgres_${instances}` : synchronous === "full" ? "capture_sync_full" : "capture",
      database: TEST_KIND,
      instances,
      ...(TEST_KIND === "sqlite" ? { sqlite_synchronous: synchronous } : {}),
      body_bytes: 1024,
      connections,
      requests: perRound * rounds,
      rounds,
      rps: Math.round(captures[median].rps),
      baseline_rps: Math.round(baselines[median].rps),
      ratio: round(ratios[median]),
      round_ratios: ratios.map((r) => round(r)),
      overall_ratio: round(throughput(captures) / throughput(baselines)),
      p50_ms: captures[median].p50,
      p99_ms: Math.max(...captures.map((c) => c.p99)),
      baseline_p99_ms: Math.max(...baselines.map((b) => b.p99)),
      stored,
      acked,
      non2xx: sum(captures, (c) => c.non2xx),
      errors: sum(captures, (c) => c.errors),
      stored_equals_acked: stored === acked,
    });
  } finally {
    await Promise.all(others.map((o) => o.stop()));
    await app.stop();
    await bare.stop();
    await removeDir(app.dataDir);
  }
}

/** `amount` requests spread over the instances at once, `connections` shared among them. */
async function loadAll(urls: string[], connections: number, amount: number, body: string): Promise<LoadResult> {
  if (urls.length === 1) return load({ url: urls[0], connections, amount, body });
  const started = performance.now();
  const parts = await Promise.all(urls.map((url) => load({ url, connections: Math.ceil(connections / urls.length), amount: Math.ceil(amount / urls.length), body })));
  const seconds = (performance.now() - started) / 1000;
  const total = (f: (r: LoadResult) => number) => sum(parts, f);
  return {
    statusCodes: {},
    rps: total((r) => r.rps * r.seconds) / seconds,
    seconds,
    p50: Math.max(...parts.map((r) => r.p50)),
    p99: Math.max(...parts.map((r) => r.p99)),
    ok2xx: total((r) => r.ok2xx),
    non2xx: total((r) => r.non2xx),
    errors: total((r) => r.errors),
  };
}

function sum<T>(items: T[], f: (t: T) => number) {
  return items.reduce((n, t) => n + f(t), 0);
}

/** Requests per second over all rounds together. */
function throughput(runs: LoadResult[]) {
  return sum(runs, (r) => r.rps * r.seconds) / sum(runs, (r) => r.seconds);
}

/** Index of the median value (the lower middle one for an even count). */
function medianIndex(values: number[]) {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)][1];
}
