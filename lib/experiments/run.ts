import { randomBytes } from "node:crypto";
import type { EndpointRecord } from "@/lib/endpoints/queries";
import { clockMs } from "@/lib/latency/clock";
import { log } from "@/lib/log/logger";
import { newestSeq } from "@/lib/requests/queries";
import { selfUrl } from "@/lib/server/self-url";
import { createShortLivedToken, revokeToken } from "@/lib/tokens/tokens";
import { ClientLog } from "./client-log";
import { clientSpecs } from "./client-specs";
import { drainSeconds, type ExperimentConfig } from "./config";
import { SelfHttp } from "./http";
import { EXPERIMENT_HEADER, registerMark } from "./marks";
import { type RunContext, runLongPoller, runPoller, sleepUntil, WARM_UP, waitDrained, warmUp } from "./pollers";
import { StreamClient } from "./push-clients";
import { buildReport, type ExperimentReport, type Observation } from "./report";
import { eventOffsets } from "./schedule";
import { type ExperimentSamples, type ExperimentState, saveOutcome } from "./store";

/**
 * One live experiment, run in the server process over real HTTP against the app's own address:
 * a built-in event source sends each event as a webhook to the endpoint's inbound URL (marked as
 * experiment traffic), and the chosen clients watch for them through the pull API and the live
 * stream with a short-lived read-only token, revoked at the end. The run keeps going without any
 * browser; it ends when every client has seen every accepted event (or the drain time is up), on
 * cancel, or at shutdown, and saves its report either way.
 */
const LEAD_MS = 300; // between the clients being ready and the window's start
const SOURCE_CONNECTIONS = 32; // a burst of up to 250 events goes out over this many

export class ExperimentRun {
  state: ExperimentState = "running";
  /** When the window starts and ends (latency clock); set once the clients are connected. */
  t0 = Number.NaN;
  private readonly abort = new AbortController();
  private stopReason: { state: "cancelled" | "failed"; error: string } | null = null;
  private readonly offsets: number[];
  private readonly sentOffsets: number[];
  private readonly accepted = new Set<number>();
  private senderDone = false;
  readonly logs: ClientLog[];
  readonly observations: Observation[] = [];
  private readonly eventPath: RegExp;
  private readonly done: Promise<void>;

  constructor(readonly id: string, readonly userId: string, readonly endpoint: EndpointRecord, readonly config: ExperimentConfig) {
    this.offsets = eventOffsets(config.pattern, config.durationSeconds, config.eventsPerSecond, config.seed);
    this.sentOffsets = this.offsets.map(() => Number.NaN);
    this.eventPath = new RegExp(`^/_experiment/${id}/(\\d+)$`);
    this.logs = clientSpecs(config).map((spec, i) => new ClientLog(spec, (n, at) => this.observe(i, n, at)));
    this.done = this.run();
  }

  /** Resolves once the run has ended and its outcome is saved. */
  finished(): Promise<void> {
    return this.done;
  }

  stop(state: "cancelled" | "failed", error: string) {
    this.stopReason ??= { state, error };
    this.abort.abort();
  }

  /** The run so far: elapsed time, the report as it stands, observations after the first `after`, and the request timeline. */
  progress(after = 0) {
    const started = Number.isFinite(this.t0);
    return {
      elapsedMs: started ? Math.max(0, clockMs() - this.t0) : 0,
      report: started ? this.report() : null,
      observations: this.observations.slice(after),
      observationCount: this.observations.length,
      timeline: this.timeline(),
    };
  }

  private report(): ExperimentReport {
    return buildReport({ config: this.config, sentOffsets: this.sentOffsets, accepted: this.accepted, t0: this.t0, clients: this.logs });
  }

  private timeline(): number[][] {
    const seconds = Math.ceil(Number.isFinite(this.t0) ? Math.max(0, clockMs() - this.t0) / 1000 : 0);
    return this.logs.map((l) => l.timeline(seconds));
  }

  private samples(): ExperimentSamples {
    return { sentOffsets: this.sentOffsets.map((t) => (Number.isFinite(t) ? Math.round(t * 10) / 10 : null)), observations: this.observations, timeline: this.timeline() };
  }

  private observe(client: number, n: number, at: number) {
    const sent = this.sentOffsets[n];
    if (Number.isFinite(sent)) this.observations.push([client, n, Math.round(sent * 10) / 10, Math.round((at - this.t0 - sent) * 100) / 100]);
  }

  private async run(): Promise<void> {
    const base = selfUrl();
    const closers: (() => unknown)[] = [];
    let error: string | null = null;
    try {
      if (!base) throw new Error("the server's own address is not known yet");
      const { config, endpoint } = this;
      const drainMs = drainSeconds(config) * 1000;
      const token = await createShortLivedToken(this.userId, {
        name: `Experiment ${this.id.slice(0, 8)}`,
        endpointId: endpoint.id,
        expiresAt: new Date(Date.now() + config.durationSeconds * 1000 + drainMs + 60_000),
        hourlyLimit: apiCallBudget(config, this.offsets.length),
      });
      closers.push(() => revokeToken(this.userId, token.id));
      const mark = randomBytes(16).toString("base64url");
      closers.push(registerMark(mark, this.id, endpoint.id));
      const httpFor = (key: string, sockets = 2) => {
        const http = new SelfHttp(base, `webhook-inbox-experiment (${key})`, sockets);
        closers.push(() => http.close());
        return http;
      };
      const source = httpFor("source", SOURCE_CONNECTIONS);
      await this.warmUpSource(source, mark);
      const ctx: RunContext = {
        endpointId: endpoint.id, token: token.token, t0: Number.NaN, windowEnd: Number.NaN, deadline: Number.NaN,
        // After the warm-up webhook: clients start from here, so that one is nobody's event.
        startCursor: await newestSeq(this.userId, endpoint.id), signal: this.abort.signal,
        eventOf: (path) => {
          const m = this.eventPath.exec(path);
          return m ? Number(m[1]) : null;
        },
        drained: (l) => this.senderDone && l.seenAt.size >= this.accepted.size && [...this.accepted].every((n) => l.seenAt.has(n)),
      };
      const clients = this.logs.map((l) => ({ log: l, http: httpFor(l.spec.key, l.spec.kind === "hybrid" ? 8 : 2) }));
      const streams = clients.filter((c) => c.log.spec.kind === "push" || c.log.spec.kind === "hybrid").map((c) => {
        const s = new StreamClient(ctx, c.log, c.http);
        closers.push(() => s.close());
        return s;
      });
      const pullers = clients.filter((c) => c.log.spec.kind !== "push");
      await Promise.all([...streams.map((s) => s.connect()), ...pullers.map((p) => warmUp(ctx, p.http))]);

      this.t0 = clockMs() + LEAD_MS;
      Object.assign(ctx, { t0: this.t0, windowEnd: this.t0 + config.durationSeconds * 1000, deadline: this.t0 + config.durationSeconds * 1000 + drainMs });
      for (const l of this.logs) l.begin(this.t0, ctx.windowEnd);
      const watchers = [
        ...clients.map(({ log: l, http }) => (l.spec.kind === "poll" ? runPoller(ctx, l, http) : l.spec.kind === "longpoll" ? runLongPoller(ctx, l, http) : waitDrained(ctx, l))),
      ];
      await this.send(ctx, source, mark);
      this.senderDone = true;
      await Promise.all(watchers);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      log().error({ err, experimentId: this.id }, "experiment failed");
    } finally {
      this.abort.abort(); // a long poll still waiting
      for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    }
    this.state = error ? "failed" : (this.stopReason?.state ?? "finished");
    const started = Number.isFinite(this.t0);
    await saveOutcome(this.id, this.state, {
      report: started ? this.report() : null,
      samples: started ? this.samples() : null,
      error: error ?? this.stopReason?.error ?? null,
    }).catch((err) => log().error({ err, experimentId: this.id }, "saving an experiment's outcome failed"));
  }

  /**
   * Before the window: the source's connections opened (health checks, which are never captured)
   * and one webhook through the capture path (marked, so it goes with the experiment's traffic),
   * as a provider that has been sending all along would find them.
   */
  private async warmUpSource(http: SelfHttp, mark: string) {
    await Promise.all([
      http.send("POST", `/h/${this.endpoint.slug}/_experiment/${this.id}/warm-up`, { headers: { ...WARM_UP, "Content-Type": "application/json", [EXPERIMENT_HEADER]: mark }, body: "{}" }),
      ...Array.from({ length: SOURCE_CONNECTIONS / 4 }, () => http.send("GET", "/healthz", { headers: WARM_UP })),
    ]);
  }

  /** The event source: each event at its scheduled time, as a webhook to the inbound URL. */
  private async send(ctx: RunContext, http: SelfHttp, mark: string) {
    const inflight: Promise<void>[] = [];
    for (let n = 0; n < this.offsets.length; n++) {
      if (!(await sleepUntil(this.t0 + this.offsets[n], ctx.signal))) break;
      const body = JSON.stringify({ experiment: this.id, event: n });
      const sent = http.send("POST", `/h/${this.endpoint.slug}/_experiment/${this.id}/${n}`, {
        headers: { "Content-Type": "application/json", [EXPERIMENT_HEADER]: mark },
        body,
        // The moment it leaves, not when it was queued for a connection: bursts queue.
        onSocket: () => (this.sentOffsets[n] = clockMs() - this.t0),
      });
      inflight.push(sent.then((a) => void (a.status >= 200 && a.status < 300 && this.accepted.add(n)), () => undefined));
    }
    await Promise.all(inflight);
  }
}

/** The token's hourly budget: twice every call the run can plan on (pages, drain and wake-ups included), plus slack. */
export function apiCallBudget(c: ExperimentConfig, events: number): number {
  const seconds = c.durationSeconds + drainSeconds(c);
  const polls = c.pollers.reduce((n, p) => n + Math.ceil(seconds / p.intervalSeconds), 0);
  return 2 * (polls + (c.longPoll ? events + Math.ceil(seconds / 30) : 0) + (c.hybrid ? events : 0)) + 100;
}
