import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer } from "@/tests/helpers/app-server";
import { report, round } from "./harness";
import { percentile, sendAtRate } from "./live";
import { SseSubscriber } from "./sse-subscriber";

/**
 * Ingest to SSE across instances (PostgreSQL, BENCH_DATABASE=postgres): requests are sent to
 * instance A at `rate` per second while one stream listens on B (the other instance: the commit's
 * NOTIFY, B reading the rows by number) and one on A itself (the same run's baseline: no database
 * round trip between commit and event). Latency is the event's arrival minus the sender's answer.
 */
export async function clusterLiveScenario({ rate = 200, count = 3000 } = {}) {
  const a = await startAppServer();
  const b = await startAppServer({ dataDir: a.dataDir });
  try {
    const client = await signedInClient(a.url, "cluster-bench@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", { name: "cluster" })).body as { id: string; slug: string };
    await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
    const path = `/api/endpoints/${endpoint.id}/stream`;
    const onA = new SseSubscriber(`${a.url}${path}`, client.cookieHeader());
    const onB = new SseSubscriber(`${b.url}${path}`, client.cookieHeader());
    await Promise.all([onA.open(), onB.open()]);
    const inbound = `${a.url}/h/${endpoint.slug}/cluster`;
    await sendAtRate(inbound, rate, 200); // warm-up
    const acks = await sendAtRate(inbound, rate, count);
    await new Promise((r) => setTimeout(r, 1000));
    onA.close();
    onB.close();
    const latencies = (sub: SseSubscriber) => acks.filter((x) => sub.arrivals.has(x.id)).map((x) => sub.arrivals.get(x.id)! - x.ackedAt).sort((x, y) => x - y);
    const [same, cross] = [latencies(onA), latencies(onB)];
    report({
      scenario: "cluster_live",
      database: "postgres",
      rate,
      expected: count,
      delivered: cross.length,
      p50_ms: round(percentile(cross, 50)),
      p99_ms: round(percentile(cross, 99)),
      max_ms: round(cross.at(-1) ?? NaN),
      baseline_delivered: same.length,
      baseline_p50_ms: round(percentile(same, 50)),
      baseline_p99_ms: round(percentile(same, 99)),
      note: "p*_ms: stream on instance B, requests captured by A; baseline_*: stream on A itself. Event received minus the sender's answer.",
    });
  } finally {
    await b.stop();
    await a.stop();
    await removeDir(a.dataDir);
  }
}
