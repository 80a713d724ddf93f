import { openTestDb } from "./helpers/databases";
import http from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventually, sleep, startTarget, type Target } from "./helpers/forward-target";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";

/**
 * Shutdown of the real server: a signal to the process an operator started (`npm start`'s own PID)
 * drains it within the grace period and it exits 0.
 */

const servers: AppServer[] = [];
let target: Target | undefined;
afterAll(async () => {
  for (const s of servers) {
    await s.stop("SIGKILL");
    await removeDir(s.dataDir);
  }
  await target?.close();
});

async function start(opts: Parameters<typeof startAppServer>[0] = {}) {
  const server = await startAppServer(opts);
  servers.push(server);
  return server;
}

function exited(server: AppServer): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
  return new Promise((resolve) => server.child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
}

type Outcome = { kind: "answer"; status: number; id?: string; at: number } | { kind: "error"; code: string } | { kind: "hung" };

/** One POST on a kept-alive connection; settles with the answer, the connection error, or "hung" after 20 s. */
function post(url: string, agent: http.Agent, body: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        let id: string | undefined;
        try { id = JSON.parse(text).id; } catch { /* not the default answer */ }
        resolve({ kind: "answer", status: res.statusCode!, id, at: Date.now() });
      });
      res.on("error", (err: NodeJS.ErrnoException) => resolve({ kind: "error", code: err.code ?? err.message }));
    });
    req.setTimeout(20_000, () => {
      resolve({ kind: "hung" });
      req.destroy();
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve({ kind: "error", code: err.code ?? err.message }));
    req.end(body);
  });
}

/** Opens the endpoint's live stream and collects what arrives until the server ends it. */
function openStream(server: AppServer, client: ApiClient, endpointId: string) {
  let text = "";
  let ended = false;
  const opened = new Promise<void>((resolve, reject) => {
    http.get(`${server.url}/api/endpoints/${endpointId}/stream`, { headers: { cookie: client.cookieHeader() } }, (res) => {
      res.on("data", (c) => {
        text += c;
        resolve();
      });
      res.on("end", () => (ended = true));
      res.on("error", () => (ended = true));
    }).on("error", reject);
  });
  return { opened, received: () => text, ended: () => ended };
}

describe("shutdown", () => {
  it("on SIGTERM to `npm start`'s PID while 20 senders post: every 2xx is stored, every sender gets an answer or a closed connection, exit 0 within the grace period", async () => {
    const server = await start({ viaNpm: true });
    const client = await signedInClient(server.url, "shutdown@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body as { id: string; slug: string };
    const stream = openStream(server, client, endpoint.id);
    await stream.opened;

    let signalled = false;
    let giveUpAt = Infinity; // a server that ignored the signal must fail the test, not hang it
    const outcomes: Outcome[] = [];
    const sender = async (n: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      // Each sender keeps posting until the server refuses or drops it after the signal.
      for (let i = 0; ; i++) {
        const outcome = await post(`${server.url}/h/${endpoint.slug}/s${n}`, agent, JSON.stringify({ n, i }));
        outcomes.push(outcome);
        if (outcome.kind !== "answer" && (signalled || outcome.kind === "hung")) break;
        if (Date.now() > giveUpAt) break;
        if (outcome.kind === "answer" && outcome.status !== 200) break;
      }
      agent.destroy();
    };
    const senders = Promise.all(Array.from({ length: 20 }, (_, n) => sender(n)));
    await eventually(() => (outcomes.length >= 300 ? true : undefined), 30_000, "300 answers before the signal");

    const exit = exited(server);
    const signalledAt = Date.now();
    signalled = true;
    giveUpAt = signalledAt + 12_000;
    process.kill(server.child.pid!, "SIGTERM"); // npm's own process, not the server under it
    const result = await Promise.race([exit, sleep(12_000).then(() => null)]);
    await senders;

    expect(result, "npm start's process did not exit within 12 s of SIGTERM").not.toBeNull();
    const { code, signal, at } = result!;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(at - signalledAt).toBeLessThan(10_000); // SHUTDOWN_GRACE_MS default
    expect(server.logs().map((l) => l.msg)).toContain("shut down cleanly");

    expect(outcomes.filter((o) => o.kind === "hung")).toEqual([]);
    const answers = outcomes.filter((o) => o.kind === "answer");
    expect(answers.every((o) => o.status === 200 && o.id)).toBe(true);
    // Requests under way at the signal were answered, not dropped.
    expect(answers.filter((o) => o.at >= signalledAt).length).toBeGreaterThan(0);
    // The rest found the connection closed or refused: an answer never came, and the sender knows it.
    const errors = new Set(outcomes.flatMap((o) => (o.kind === "error" ? [o.code] : [])));
    for (const code of errors) expect(["ECONNREFUSED", "ECONNRESET", "EPIPE", "socket hang up"]).toContain(code);

    const db = await openTestDb(server.env.DATABASE_URL!);
    const stored = new Set((await db.query<{ id: string }>(`SELECT id FROM "CapturedRequest"`)).map((r) => r.id));
    await db.close();
    const acked = answers.map((o) => (o as { id: string }).id);
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(acked.length); // nothing stored that was not acknowledged either

    // The dashboard's live stream was ended with a reconnect hint, not left to time out.
    expect(stream.ended()).toBe(true);
    expect(stream.received()).toMatch(/retry: \d{4}\n: server shutting down\n\n$/);
  }, 90_000);

  it("lets a delivery attempt under way finish and hands back one still running at the grace period's end; a restart sends it", async () => {
    target = await startTarget();
    let stuckAnswers = false;
    target.route("/quick", (_req, res) => void setTimeout(() => res.end("ok"), 300));
    target.route("/stuck", (_req, res) => {
      if (stuckAnswers) res.end("ok"); // after the restart
      // otherwise never answered
    });
    const env = { FORWARD_ALLOW_CIDRS: "127.0.0.1/32", SHUTDOWN_GRACE_MS: "3000" };
    const server = await start({ env });
    const client = await signedInClient(server.url, "drain@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body as { id: string; slug: string };
    for (const name of ["quick", "stuck"]) {
      const res = await client.json("POST", `/api/endpoints/${endpoint.id}/rules`, { name, targetUrl: `${target.url}/${name}`, timeoutMs: 60_000 });
      expect(res.status).toBe(201);
    }
    const captured = await fetch(`${server.url}/h/${endpoint.slug}`, { method: "POST", body: "{}" });
    const requestId = ((await captured.json()) as { id: string }).id;
    await eventually(() => (target!.at("/quick").length && target!.at("/stuck").length ? true : undefined), 10_000, "both attempts to start");

    const exit = exited(server);
    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    const { code, at } = await exit;
    expect(code).toBe(0);
    // Exit code 0 is the server's own word that it finished inside the grace period; seen from here,
    // the exit also includes Node's teardown and the signal's delivery, measured at up to 3.13 s
    // with the whole suite running beside it on 2 cores.
    expect(at - signalledAt).toBeLessThan(3_000 + 1_000);
    expect(at - signalledAt).toBeGreaterThan(1_500); // it did wait for the stuck attempt

    const db = await openTestDb(server.env.DATABASE_URL!);
    const rows = await db.query(`SELECT r."name", d."state", d."attemptCount" FROM "Delivery" d JOIN "ForwardRule" r ON r."id" = d."ruleId" ORDER BY r."name"`);
    await db.close();
    expect(rows).toEqual([
      { name: "quick", state: "succeeded", attemptCount: 1 },
      { name: "stuck", state: "pending", attemptCount: 0 },
    ]);

    stuckAnswers = true;
    const restarted = await start({ dataDir: server.dataDir, env });
    client.baseUrl = restarted.url;
    await eventually(async () => {
      const { body } = await client.json("GET", `/api/endpoints/${endpoint.id}/requests/${requestId}/deliveries`);
      const states = (body.deliveries as { ruleName: string; state: string }[]).map((d) => `${d.ruleName}:${d.state}`).sort();
      return states.join() === "quick:succeeded,stuck:succeeded" ? true : undefined;
    }, 15_000, "the handed-back delivery to be sent after the restart");
    expect(target.at("/quick")).toHaveLength(1);
  }, 90_000);

  it("shuts down gracefully on Ctrl-C (SIGINT to npm start's whole process group, npm forwarding its copy)", async () => {
    const server = await start({ viaNpm: true });
    const client = await signedInClient(server.url, "ctrl-c@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body as { id: string; slug: string };
    // An answer due in 1.5 s keeps the shutdown busy while npm's forwarded copy of the signal arrives.
    await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { response: { status: 200, headers: [], body: null, delayMs: 1_500 } });
    const slow = fetch(`${server.url}/h/${endpoint.slug}`, { method: "POST", body: "{}" }).then((r) => r.status, () => "cut");
    await sleep(300);

    const exit = exited(server);
    process.kill(-server.child.pid!, "SIGINT"); // the whole process group, as a terminal does
    const { code, signal } = await exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(await slow).toBe(200);
    const messages = server.logs().map((l) => l.msg);
    expect(messages).toContain("shut down cleanly");
    expect(messages).not.toContain("second signal: exiting now");
  }, 60_000);

  it("answers a waiting long poll at once instead of holding the shutdown", async () => {
    const server = await start();
    const client = await signedInClient(server.url, "poll@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body as { id: string; slug: string };
    const { token } = (await client.json("POST", "/api/tokens", { name: "poller" })).body as { token: string };
    const poll = fetch(`${server.url}/api/v1/endpoints/${endpoint.id}/requests?after=0&wait=30`, { headers: { authorization: `Bearer ${token}` } })
      .then(async (r) => ({ status: r.status, body: await r.json(), at: Date.now() }));
    await sleep(300);

    const exit = exited(server);
    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    const answered = await poll;
    expect(answered.status).toBe(200);
    expect(answered.body.requests).toEqual([]);
    expect(answered.at - signalledAt).toBeLessThan(1_000);
    const { code, at } = await exit;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(2_000);
  }, 60_000);

  it("exits at once on a second signal", async () => {
    const server = await start({ env: { SHUTDOWN_GRACE_MS: "30000" } });
    const client = await signedInClient(server.url, "twice@example.com");
    const endpoint = (await client.json("POST", "/api/endpoints", {})).body as { id: string; slug: string };
    // An endpoint that answers after 20 s keeps the first shutdown waiting.
    await client.json("PATCH", `/api/endpoints/${endpoint.id}`, { response: { status: 200, headers: [], body: null, delayMs: 20_000 } });
    const slow = fetch(`${server.url}/h/${endpoint.slug}`, { method: "POST", body: "{}" }).catch(() => "cut");
    await sleep(300);

    const exit = exited(server);
    server.child.kill("SIGTERM");
    await sleep(1_200); // copies of one signal within a second count as one
    expect(server.child.exitCode).toBeNull(); // still draining
    const second = Date.now();
    server.child.kill("SIGTERM");
    const { code, at } = await exit;
    expect(code).toBe(143);
    expect(at - second).toBeLessThan(1_000);
    expect(await slow).toBe("cut");
  }, 60_000);
});
