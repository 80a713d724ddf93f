import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "@/tests/helpers/app-server";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** One JSON line per scenario: the format `npm run bench` promises. */
export function report(line: Record<string, unknown>) {
  console.log(JSON.stringify(line));
}

export function round(n: number, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A baseline server (scripts/bench/<script>) in a process of its own. */
export async function startBareServer(script = "bare-server.ts", nodeArgs: string[] = []): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(ROOT, "scripts/bench", script)], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () => new Promise((r) => { child.once("exit", () => r()); child.kill(); }),
  };
}

export type LoadResult = { statusCodes: Record<string, number>; rps: number; seconds: number; p50: number; p99: number; ok2xx: number; non2xx: number; errors: number };

/**
 * A fixed number of requests over `connections` concurrent keep-alive connections (autocannon).
 * Fixed count rather than fixed duration: the run ends only when every request was answered, so
 * "acknowledged" is exact.
 */
export async function load(opts: { url: string; connections: number; amount: number; body?: string; method?: "GET" | "POST"; headers?: Record<string, string> }): Promise<LoadResult> {
  const started = performance.now();
  const result = await autocannon({
    url: opts.url,
    method: opts.method ?? "POST",
    connections: opts.connections,
    amount: opts.amount,
    ...(opts.body === undefined ? {} : { body: opts.body }),
    headers: { ...(opts.body === undefined ? {} : { "content-type": "application/json" }), ...opts.headers },
    // autocannon notices that a fixed-count run is over only at its next sample tick (default
    // every 1 s), which rounded each run's duration up to a whole second and skewed rps by up to
    // 1 s / run length. A 10 ms tick bounds that error well below 1%.
    sampleInt: 10,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count])),
    rps: result.requests.total / seconds,
    seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A JSON body of exactly `bytes` bytes, like a typical provider event. */
export function jsonBody(bytes: number): string {
  const head = '{"type":"invoice.paid","data":{"id":"in_123","pad":"';
  const tail = '"}}';
  return head + "x".repeat(bytes - head.length - tail.length) + tail;
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux (getconf CLK_TCK)

/** CPU time (user + system, ms) a process and its descendants have used, from /proc: 10 ms resolution. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name (which may hold spaces): utime is the 14th field.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  let ms = (Number(f[11]) + Number(f[12])) * TICK_MS;
  for (const child of childPids(pid)) ms += cpuMs(child);
  return ms;
}

function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Node arguments that load gc-probe.mjs (see `settledRssKb`). */
export const GC_PROBE_ARGS = ["--expose-gc", "--import", pathToFileURL(path.join(ROOT, "scripts/bench/gc-probe.mjs")).href];

/** Resident memory (KB) of a server started with GC_PROBE_ARGS, right after full garbage collections. */
export function settledRssKb(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d;
      const m = /gc-probe (\d+)\n/.exec(out);
      if (!m) return;
      child.stdout!.off("data", onData);
      resolve(Number(m[1]));
    };
    child.stdout!.on("data", onData);
    child.kill("SIGUSR2");
  });
}

/**
 * CPU time (ms) the whole machine has used since boot, from /proc/stat: in processes, and in
 * interrupts (`irq`; softirqs include loopback TCP delivery, which is not charged to any process).
 */
export function machineCpuMs(): { processes: number; irq: number } {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return { processes: (user + nice + system + steal) * TICK_MS, irq: (irq + softirq) * TICK_MS };
}

/** Resident memory of a process, KB. */
export function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}
