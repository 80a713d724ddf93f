import { fork } from "node:child_process";
import path from "node:path";
import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer } from "@/tests/helpers/app-server";
import { ROOT, report, round } from "./harness";
import { percentile, sendAtRate } from "./live";

type Target = { port: number; seen: () => Promise<Map<string, number[]>>; stop: () => Promise<void> };

/** The receiver (scripts/bench/forward-target.ts) in its own process: see that file for why. */
export function startTarget(port = 0): Promise<Target> {
  const child = fork(path.join(ROOT, "scripts/bench/forward-target.ts"), [], {
    env: { ...process.env, PORT: String(port) },
    execArgv: ["--import", "tsx"],
  });
  return new Promise((resolve) =>
    child.once("message", (msg: { port: number }) =>
      resolve({
        port: msg.port,
        seen: () =>
          new Promise((r) => {
            child.once("message", (m: { seen: Record<string, number[]> }) => r(new Map(Object.entries(m.seen))));
            child.send("report");
          }),
        stop: () => new Promise((r) => { child.once("exit", () => r()); child.kill(); }),
      }),
    ),
  );
}

async function setup(targetPort: number, retry: unknown) {
  const app = await startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32" } }); (globalThis as any).__app = app;
  const client = await signedInClient(app.url, "forward-bench@example.com");
  const endpoint = (await client.json("POST", "/api/endpoints", {})).body;
  await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
  const rule = await client.json("POST", `/api/endpoints/${endpoint.id}/rules`, { name: "bench", targetUrl: `http://127.0.0.1:${targetPort}/in{path}`, retry });
  if (rule.status !== 201) throw new Error(`rule: ${JSON.stringify(rule.body)}`);
  return { app, inbound: `${app.url}/h/${endpoint.slug}/fwd` };
}

/** Capture ack -> target receipt, at `rate` req/s, target answering at once. */
export async function forwardOverheadScenario({ rate = 200, count = 2000 } = {}) {
  const target = await startTarget();
  const { app, inbound } = await setup(target.port, null);
  try {
    app.child.stdout!.on("data", (d: Buffer) => process.stderr.write(d));
    await sendAtRate(inbound, rate, 100); // warm-up
    const acks = await sendAtRate(inbound, rate, count);
    await new Promise((r) => setTimeout(r, 1000));
    const seen = await target.seen();
    const lat = acks.filter((a) => seen.has(a.id)).map((a) => seen.get(a.id)![0] - a.ackedAt).sort((x, y) => x - y);
    report({
      scenario: "forward_overhead", rate, p50_ms: round(percentile(lat, 50)), p99_ms: round(percentile(lat, 99)),
      max_ms: round(lat[lat.length - 1]), delivered: lat.length, expected: count,
    });
  } finally {
    await app.stop();
    await removeDir(app.dataDir);
    await target.stop();
  }
}

/** Target down while requests arrive, then back: everything captured must arrive, once. */
export async function forwardOutageScenario({ rate = 100, count = 500 } = {}) {
  const first = await startTarget();
  const port = first.port;
  await first.stop(); // down from the start
  const { app, inbound } = await setup(port, { count: 20, backoff: "fixed", baseMs: 500, capMs: 1000 });
  try {
    const acks = await sendAtRate(inbound, rate, count);
    const target = await startTarget(port);
    const upAt = performance.now();
    const deadline = Date.now() + 60_000;
    let seen = await target.seen();
    while (Date.now() < deadline && acks.some((a) => !seen.has(a.id))) {
      await new Promise((r) => setTimeout(r, 200));
      seen = await target.seen();
    }
    const delivered = acks.filter((a) => seen.has(a.id)).length;
    const duplicates = [...seen.values()].reduce((n, times) => n + times.length - 1, 0);
    report({
      scenario: "forward_outage_recovery", rate, captured: acks.length, delivered, duplicates,
      delivered_equals_captured: delivered === acks.length, recovery_seconds: round((performance.now() - upAt) / 1000, 1),
    });
    await target.stop();
  } finally {
    await app.stop();
    await removeDir(app.dataDir);
  }
}
