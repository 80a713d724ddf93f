import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log/logger";
import { createShutdown, onShutdownSignals } from "./shutdown";

const silent = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json" }, new Writable({ write: (_c, _e, cb) => cb() }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("onShutdownSignals", () => {
  function setup(shutdown: (deadline: number) => Promise<void>, graceMs = 1_000, sameSignalMs = 0) {
    const emitter = new EventEmitter();
    const exits: number[] = [];
    onShutdownSignals(shutdown, { graceMs, log: silent, emitter, exit: (code) => void exits.push(code), sameSignalMs });
    return { emitter, exits };
  }

  it("runs the shutdown once with a deadline one grace period away, then exits 0", async () => {
    const deadlines: number[] = [];
    const { emitter, exits } = setup(async (deadline) => void deadlines.push(deadline));
    const before = Date.now();
    emitter.emit("SIGTERM");
    await sleep(10);
    expect(exits).toEqual([0]);
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0] - before).toBeGreaterThanOrEqual(1_000);
    expect(deadlines[0] - before).toBeLessThan(1_100);
  });

  it("exits at once on a second signal, with the shell's code for it", async () => {
    const { emitter, exits } = setup(() => new Promise(() => {}));
    emitter.emit("SIGINT");
    expect(exits).toEqual([]);
    emitter.emit("SIGINT");
    expect(exits).toEqual([130]);
    emitter.emit("SIGTERM");
    expect(exits).toEqual([130, 143]);
  });

  it("takes copies of the signal arriving together (terminal group, npm forwarding) as one", async () => {
    let runs = 0;
    const { emitter, exits } = setup(() => (runs++, new Promise(() => {})), 1_000, 100);
    emitter.emit("SIGINT");
    emitter.emit("SIGINT");
    expect(exits).toEqual([]);
    expect(runs).toBe(1);
    await sleep(120);
    emitter.emit("SIGINT");
    expect(exits).toEqual([130]);
  });

  it("exits 1 when the grace period runs out first, or when shutdown fails", async () => {
    const hung = setup(() => new Promise(() => {}), 50);
    hung.emitter.emit("SIGTERM");
    await sleep(100);
    expect(hung.exits).toEqual([1]);

    const failing = setup(async () => { throw new Error("disk gone"); });
    failing.emitter.emit("SIGTERM");
    await sleep(10);
    expect(failing.exits).toEqual([1]);
  });
});

describe("createShutdown", () => {
  let server: http.Server | undefined;
  afterEach(() => server?.closeAllConnections());

  /** Listens with `handler` and builds a shutdown for it whose other steps append to `steps`. */
  async function serve(handler: http.RequestListener, graceMs: number, steps: string[] = []) {
    server = http.createServer(handler);
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const shutdown = createShutdown({
      server,
      graceMs,
      log: silent,
      readiness: { markDraining: () => void steps.push("not ready") },
      streams: { closeAll: () => (steps.push("streams closed"), 2) },
      deliveries: { drain: async (ms) => (steps.push(`deliveries drained within ${Math.round(ms / 100) * 100}`), { finished: 1, requeued: 0 }) },
      writer: { whenIdle: async () => void steps.push("writer idle") },
      closeDatabase: async () => void steps.push("database closed"),
    });
    return { shutdown, port: (server.address() as AddressInfo).port };
  }

  it("stops accepting, finishes the request under way on a kept-alive connection, then closes it and the rest in order", async () => {
    const steps: string[] = [];
    let release!: () => void;
    const answered = new Promise<void>((r) => (release = r));
    const { shutdown, port } = await serve((req, res) => {
      if (shutdown.draining) res.shouldKeepAlive = false;
      if (req.url === "/slow") void answered.then(() => res.end("slow done"));
      else res.end("fast");
    }, 5_000, steps);

    const agent = new http.Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<{ body: string; connection: string | undefined }>((resolve, reject) => {
        http.get({ port, host: "127.0.0.1", path, agent }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ body, connection: res.headers.connection }));
        }).on("error", reject);
      });
    expect((await get("/fast")).connection).toBe("keep-alive");
    const slow = get("/slow");
    await sleep(50);

    const started = Date.now();
    const done = shutdown.run(Date.now() + 5_000);
    await sleep(50);
    // No new connections once shutdown began.
    await expect(new Promise((resolve, reject) => http.get({ port, host: "127.0.0.1", path: "/fast", agent: false }, resolve).on("error", reject))).rejects.toThrow(/ECONNREFUSED/);
    release();
    expect(await slow).toMatchObject({ body: "slow done" });
    await done;
    // Done as soon as the last connection closed, not at the deadline.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(steps).toEqual(["not ready", "streams closed", "deliveries drained within 4000", "writer idle", "database closed"]);
    agent.destroy();
  });

  it("cuts connections still open at the drain deadline", async () => {
    const { shutdown, port } = await serve(() => {}, 500); // never answers
    const hanging = new Promise<string>((resolve) => http.get({ port, host: "127.0.0.1", path: "/" }, () => resolve("answered")).on("error", (e) => resolve(e.message)));
    await sleep(50);
    const started = Date.now();
    await shutdown.run(Date.now() + 500);
    // 500 ms grace keeps 100 ms for the last steps: connections are cut at 400 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(Date.now() - started).toBeLessThan(500);
    expect(await hanging).toBe("socket hang up");
  });
});
