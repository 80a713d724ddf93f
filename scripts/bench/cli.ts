import { spawn } from "node:child_process";
import path from "node:path";
import { removeDir, startAppServer } from "@/tests/helpers/app-server";
import { signedInClient } from "@/tests/helpers/http-client";
import { pool } from "@/tests/helpers/inbound";
import { startTarget } from "./forward";
import { ROOT, report, round } from "./harness";
import { percentile, sendAtRate } from "./live";

/** `webhook-inbox listen` in its own process; resolves once it forwards. */
async function startCli(server: string, token: string, endpointId: string, to: string) {
  const child = spawn(process.execPath, [path.join(ROOT, "cli/bin.mjs"), "listen", endpointId, "--to", to, "--json"], {
    env: { ...process.env, WEBHOOK_INBOX_SERVER: server, WEBHOOK_INBOX_TOKEN: token, XDG_CONFIG_HOME: path.join(ROOT, ".bench-cli-config") },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let said = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (d: Buffer) => {
      said += d;
      if (said.includes("(Ctrl-C to stop)")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the CLI exited with ${code}: ${said}`)));
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  // Ctrl-C; if it has not finished within 15 s (its last reports included), the bench reports that and kills it.
  const stop = () => new Promise<void>((resolve) => {
    if (exited) return resolve();
    const kill = setTimeout(() => {
      console.error(`the CLI did not stop within 15 s of SIGINT; killing it. It said:\n${said}`);
      child.kill("SIGKILL");
    }, 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGINT");
  });
  return { said: () => said, stop };
}

const waitUntil = async (done: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
};

/** Capture answer -> first arrival at the target, sorted, for the acknowledged requests that arrived. */
async function latencies(target: Awaited<ReturnType<typeof startTarget>>, acks: { id: string; ackedAt: number }[]) {
  let seen = new Map<string, number[]>();
  await waitUntil(async () => {
    seen = await target.seen();
    return acks.every((a) => seen.has(a.id));
  }, 30_000);
  return acks.filter((a) => seen.has(a.id)).map((a) => seen.get(a.id)![0] - a.ackedAt).sort((x, y) => x - y);
}

/**
 * Through the CLI: capture answer -> arrival at a local receiver at `rate` req/s (p50/p99), next
 * to the server's own forwarding (a rule, same rate, same receiver) as the baseline; then
 * `backlog` requests sent while the CLI is stopped, and on restart the time until all of them
 * arrived, and whether in capture order, exactly once.
 */
export async function cliScenario({ rate = 100, count = 2000, backlog = 1000 } = {}) {
  const target = await startTarget();
  const app = await startAppServer({ env: { FORWARD_ALLOW_CIDRS: "127.0.0.1/32" } });
  let cli: Awaited<ReturnType<typeof startCli>> | undefined;
  try {
    const client = await signedInClient(app.url, "cli-bench@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body;
    await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000_000 });
    const token = (await client.json("POST", "/api/tokens", { name: "bench" })).body.token as string;
    const inbound = `${app.url}/h/${endpoint.slug}/cli`;
    const to = `http://127.0.0.1:${target.port}/in`;

    // Baseline: the server forwards by a rule to the same receiver.
    const ruled = (await client.json("POST", "/api/endpoints", {})).body;
    await client.json("POST", `/api/endpoints/${ruled.id}/rules`, { name: "bench", targetUrl: `${to}{path}` });
    await sendAtRate(`${app.url}/h/${ruled.slug}/rule`, rate, 100); // warm-up
    const engine = await latencies(target, await sendAtRate(`${app.url}/h/${ruled.slug}/rule`, rate, count));

    cli = await startCli(app.url, token, endpoint.id, to);
    await sendAtRate(inbound, rate, 100); // warm-up
    const lat = await latencies(target, await sendAtRate(inbound, rate, count));
    await cli.stop();

    // Stopped: a backlog arrives. Its capture order (seq) from the pull API.
    const ids: string[] = [];
    await pool(Array.from({ length: backlog }, (_, i) => i), 8, async (i) => {
      const res = await fetch(inbound, { method: "POST", body: JSON.stringify({ type: "bench.backlog", i }), headers: { "content-type": "application/json" } });
      ids.push((await res.json()).id);
    });
    const inSeq = await captureOrder(app.url, token, endpoint.id, new Set(ids));
    const restartedAt = performance.timeOrigin + performance.now();
    cli = await startCli(app.url, token, endpoint.id, to);
    let seen = new Map<string, number[]>();
    await waitUntil(async () => {
      seen = await target.seen();
      return ids.every((id) => seen.has(id));
    }, 120_000);
    const arrivals = ids.filter((id) => seen.has(id)).map((id) => ({ id, at: seen.get(id)![0] }));
    const lastAt = Math.max(...arrivals.map((a) => a.at));
    const arrivalOrder = [...arrivals].sort((a, b) => a.at - b.at).map((a) => a.id);
    const duplicates = [...seen.values()].reduce((n, times) => n + times.length - 1, 0);
    report({
      scenario: "cli", rate, p50_ms: round(percentile(lat, 50)), p99_ms: round(percentile(lat, 99)), max_ms: round(lat[lat.length - 1]),
      delivered: lat.length, expected: count,
      engine_p50_ms: round(percentile(engine, 50)), engine_p99_ms: round(percentile(engine, 99)), p50_ratio: round(percentile(lat, 50) / percentile(engine, 50)),
      catchup_requests: backlog, catchup_delivered: arrivals.length, catchup_seconds: round((lastAt - restartedAt) / 1000),
      catchup_rps: round(arrivals.length / ((lastAt - restartedAt) / 1000), 0),
      catchup_in_order: arrivalOrder.join() === inSeq.join(), duplicates,
    });
  } finally {
    await cli?.stop();
    await app.stop();
    removeDir(app.dataDir);
    removeDir(path.join(ROOT, ".bench-cli-config"));
    await target.stop();
  }
}

/** The ids in `wanted`, in the endpoint's seq order (the pull API pages oldest first). */
async function captureOrder(server: string, token: string, endpointId: string, wanted: Set<string>): Promise<string[]> {
  const order: string[] = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${server}/api/v1/endpoints/${endpointId}/requests?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { requests: { id: string }[]; nextAfter: number };
    if (!res.ok) throw new Error(`pull API: ${res.status} ${JSON.stringify(page)}`);
    order.push(...page.requests.map((r) => r.id).filter((id) => wanted.has(id)));
    if (!page.requests.length) return order;
    after = page.nextAfter;
  }
}
