import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { GC_PROBE_ARGS, ROOT, cpuMs, jsonBody, machineCpuMs, report, round, settledRssKb, startBareServer } from "./harness";
import { percentile, sendAtRate, setup, teardown, type Ack } from "./live";
import { SseSubscriber } from "./sse-subscriber";

/** Each subscriber holds one socket here and one in the server (a child of this process, same limit). */
function checkFileLimit(subscribers: number) {
  // Node raises its soft limit to the hard one at start, so the hard limit is what counts.
  const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"))!;
  const hard = Number(line.split(/\s{2,}/)[2]);
  if (hard < subscribers + 1000) {
    throw new Error(`live_fanout with ${subscribers} subscribers needs more open files than the hard limit (${hard}): run \`ulimit -Hn ${subscribers + 1000}\` as root, or choose fewer with BENCH_FANOUT_SUBSCRIBERS`);
  }
}

/** A server under test: its process, a stream URL, the inbound URL whose requests become events, and one whose requests do not (for warming up the sender). */
type Target = { child: ChildProcess; stream: string; inbound: string; warmInbound: string; auth: string };

/**
 * Many dashboards and CLIs on one endpoint (`live_fanout`): `subscribers` SSE streams (in this
 * process; the server and the sender are child processes) while `count` requests with 1 KB JSON
 * bodies arrive at `rate` per second. Reports whether every subscriber got every event, send ->
 * event latency, and the server's cost: CPU per delivered event over the send phase (capture and
 * commit included), CPU per opened subscription over the connect phase, and RSS growth per
 * subscriber (between two full garbage collections, gc-probe.mjs). CPU is the server process's
 * utime + stime from /proc (10 ms resolution). Subscribers reconnect with Last-Event-ID when the
 * server drops them, as browsers do; `reconnects` counts that.
 *
 * The same is measured in the same run against a bare node:http broadcaster (bare-sse-server.ts:
 * no sign-in, database or replay, a res.write per subscriber per event), the `baseline_` keys.
 */
export async function fanoutScenario({ subscribers = 1000, rate = 100, count = 500 } = {}) {
  checkFileLimit(subscribers);
  const load = os.loadavg()[0];
  const { app, client, inbound, stream } = await setup(GC_PROBE_ARGS);
  const unwatched = (await client.json("POST", "/api/endpoints", { name: "warm-up" })).body as { slug: string };
  const bare = await startBareServer("bare-sse-server.ts", GC_PROBE_ARGS);
  try {
    const ours = await measure({ child: app.child, stream, inbound, warmInbound: `${app.url}/h/${unwatched.slug}`, auth: client.cookieHeader() }, subscribers, rate, count);
    const base = await measure({ child: bare.child, stream: `${bare.url}/stream`, inbound: `${bare.url}/in`, warmInbound: `${bare.url}/warm`, auth: "" }, subscribers, rate, count);
    report({
      scenario: "live_fanout",
      subscribers,
      rate,
      ...ours,
      ...Object.fromEntries(Object.entries(base).filter(([k]) => !["expected", "duplicates"].includes(k)).map(([k, v]) => [`baseline_${k}`, v])),
      load_avg_1m_at_start: round(load),
      note: "latency = event received by the subscriber minus the request sent; CPU = server process utime+stime over the phase (/proc, 10 ms ticks); baseline_ = a bare node:http broadcaster in the same run",
    });
  } finally {
    await bare.stop();
    await teardown(app);
  }
}

/** scripts/bench/sender.ts: the requests, sent from a process of their own. */
function sendFromChild(t: Target, rate: number, count: number, body: string): Promise<Ack[]> {
  const child = fork(path.join(ROOT, "scripts/bench/sender.ts"), [], { execArgv: ["--import", "tsx"] });
  return new Promise((resolve, reject) => {
    child.once("message", (acks) => resolve(acks as Ack[]));
    child.once("exit", (code) => code !== 0 && reject(new Error(`sender exited with ${code}`)));
    child.send({ url: t.inbound, warmUrl: t.warmInbound, rate, count, body });
  });
}

async function measure(t: Target, subscribers: number, rate: number, count: number) {
  const payload = jsonBody(1024);
  const body = () => payload;
  // First use compiles and loads code on both sides; that is not a subscription's cost.
  const warm = Array.from({ length: 50 }, () => new SseSubscriber(t.stream, t.auth, { ids: false }));
  await Promise.all(warm.map((s) => s.open()));
  await sendAtRate(t.inbound, 50, 20, body);
  warm.forEach((s) => s.close());
  await sleep(3000);

  const pid = t.child.pid!;
  const rss0 = await settledRssKb(t.child);
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  // The first subscriber maps request ids (the senders' answers) to seqs for everyone.
  const subs = Array.from({ length: subscribers }, (_, i) => new SseSubscriber(t.stream, t.auth, { ids: i === 0 }));
  for (let i = 0; i < subs.length; i += 50) await Promise.all(subs.slice(i, i + 50).map((s) => s.open()));
  const connectS = (performance.now() - t0) / 1000;
  await sleep(1000); // what opening left to do (timers, GC) is counted too
  const cpuConnect = cpuMs(pid) - cpu0;
  const rss1 = await settledRssKb(t.child);

  const cpu1 = cpuMs(pid);
  const own1 = process.cpuUsage();
  const machine1 = machineCpuMs();
  const t1 = performance.now();
  const acks = await sendFromChild(t, rate, count, payload);
  const deadline = Date.now() + 60_000;
  while (subs.some((s) => s.received < count) && Date.now() < deadline) await sleep(50);
  const sendS = (performance.now() - t1) / 1000;
  const cpuSend = cpuMs(pid) - cpu1;
  const own = process.cpuUsage(own1);
  const machine2 = machineCpuMs();
  subs.forEach((s) => s.close());

  const lat: number[] = [];
  const seqs = acks.map((a) => subs[0].seqOf.get(a.id));
  for (const s of subs) {
    for (let i = 0; i < acks.length; i++) {
      const at = seqs[i] === undefined ? undefined : s.arrivalOf(seqs[i]!);
      if (at !== undefined) lat.push(at - acks[i].sentAt);
    }
  }
  lat.sort((a, b) => a - b);
  await sleep(1000); // let the server notice the closed streams before the next measurement
  return {
    delivered: lat.length,
    expected: subscribers * count,
    p50_ms: round(percentile(lat, 50)),
    p99_ms: round(percentile(lat, 99)),
    max_ms: round(lat[lat.length - 1]),
    cpu_us_per_delivery: round((cpuSend * 1000) / Math.max(1, lat.length)),
    cpu_ms_per_subscription: round(cpuConnect / subscribers, 3),
    kb_per_subscriber: round((rss1 - rss0) / subscribers, 1),
    reconnects: subs.reduce((n, s) => n + s.reconnects, 0),
    duplicates: subs.reduce((n, s) => n + s.duplicates, 0),
    connect_s: round(connectS),
    send_phase_s: round(sendS),
    server_cpu_send_s: round(cpuSend / 1000),
    // This process (the subscribers): near send_phase_s means it, not the server, set the pace.
    subscriber_cpu_send_s: round((own.user + own.system) / 1e6),
    // Interrupt time over the send phase (mostly loopback TCP delivery, charged to no process),
    // and every other process's CPU (the sender, other people's work): on 2 cores, what the
    // latency competed with.
    irq_cpu_send_s: round((machine2.irq - machine1.irq) / 1000),
    other_cpu_send_s: round((machine2.processes - machine1.processes - cpuSend) / 1000 - (own.user + own.system) / 1e6),
    rss_mb_before: round(rss0 / 1024, 1),
    rss_mb_after_connect: round(rss1 / 1024, 1),
  };
}
