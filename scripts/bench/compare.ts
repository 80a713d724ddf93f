import { removeDir, startAppServer } from "@/tests/helpers/app-server";
import { signedInClient } from "@/tests/helpers/http-client";
import { report, round } from "./harness";

type Client = { key: string; kind: string; intervalSeconds?: number; requests: number; drainRequests: number; meanDelayMs: number; p50DelayMs: number; p99DelayMs: number; emptyShare: number | null; predictedEmptyShare?: number; missed: number };

/**
 * `compare`: the live experiment, run by the server as a user would start it: 60 s of
 * Poisson events at 5 a second, watched by 1 s and 5 s pollers, a long-poller and push (SSE). The
 * figures are the report's, each set against the model: push and long-poll p99 in ms; per poller
 * its mean delay as a ratio to interval / 2 and its requests as a ratio to duration / interval
 * (1 = exactly as predicted).
 */
export async function compareScenario({ durationSeconds = 60, eventsPerSecond = 5, intervals = [1, 5] } = {}) {
  const app = await startAppServer();
  try {
    const client = await signedInClient(app.url, "compare-bench@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", { name: "compare" })).body as { id: string };
    const started = await client.json("POST", `/api/endpoints/${endpoint.id}/experiments`, {
      durationSeconds, eventsPerSecond, pattern: "poisson", pollers: intervals.map((intervalSeconds) => ({ intervalSeconds, etag: false })), longPoll: true, push: true,
    });
    if (started.status !== 201) throw new Error(`starting the experiment answered ${started.status}: ${JSON.stringify(started.body)}`);
    const url = `/api/endpoints/${endpoint.id}/experiments/${started.body.id}`;
    let e: { state: string; error: string | null; report: { events: number; roundTripMs: number; clients: Client[] } } | undefined;
    for (let i = 0; i < durationSeconds + 120; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const s = await client.json("GET", `${url}?after=1000000000`);
      if (s.body.state !== "running") {
        e = (await client.json("GET", url)).body;
        break;
      }
    }
    if (!e || e.state !== "finished") throw new Error(`the experiment ended ${e?.state ?? "never"}: ${e?.error ?? ""}`);
    const by = (kind: string) => e!.report.clients.filter((c) => c.kind === kind);
    const [push] = by("push");
    const [longPoll] = by("longpoll");
    report({
      scenario: "compare",
      duration_s: durationSeconds,
      events_per_s: eventsPerSecond,
      events: e.report.events,
      push_p50_ms: round(push.p50DelayMs),
      push_p99_ms: round(push.p99DelayMs),
      longpoll_p50_ms: round(longPoll.p50DelayMs),
      longpoll_p99_ms: round(longPoll.p99DelayMs),
      pollers: by("poll").map((p) => ({
        interval_s: p.intervalSeconds,
        delay_ratio: round(p.meanDelayMs / ((p.intervalSeconds! * 1000) / 2), 3),
        requests_ratio: round(p.requests / (durationSeconds / p.intervalSeconds!), 3),
        empty_share: round(p.emptyShare ?? 0, 3),
        predicted_empty_share: round(p.predictedEmptyShare ?? 0, 3),
      })),
      missed: e.report.clients.reduce((n, c) => n + c.missed, 0),
      api_round_trip_ms: round(e.report.roundTripMs),
      note: "delays from the event source sending each webhook to the client seeing it; ratios against the model (interval / 2, duration / interval)",
    });
  } finally {
    await app.stop();
    removeDir(app.dataDir);
  }
}
