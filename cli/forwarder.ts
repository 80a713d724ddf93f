import { outboundHeaders } from "../lib/forwarding/outbound-headers";
import type { Sender, SendResult } from "../lib/forwarding/send";
import { buildTargetUrl } from "../lib/forwarding/target-url";
import { ApiError, type Api, type Endpoint, type FeedRequest, type ForwardReport } from "./api";
import type { Output } from "./output";
import { pause, retryDelay, type RetryOptions } from "./retry";
import { followStream } from "./stream";

export type ListenOptions = {
  to: string;
  pathPassthrough: boolean;
  /** A search query (the dashboard's language): only matching requests are forwarded. */
  filter: string;
  fromNow: boolean;
  timeoutMs: number;
  /** Tries after the first when the local target gives no answer (refused, reset, timeout). */
  localRetries: number;
};

/** Reports waiting to be sent, at most: beyond it forwarding waits for the server to catch up. */
const MAX_PENDING_REPORTS = 200;
/** Reports sent in one call, at most (the server takes up to 100; each may carry a 64 KiB excerpt). */
const REPORT_BATCH = 50;

/**
 * Forwards one endpoint's requests to the local target, one at a time in their order, from the
 * server-kept cursor: what arrived while the CLI was stopped first, then live traffic. Each
 * forward is reported to the server, which moves the cursor past it, so a restart (or another
 * machine with the same token) resumes right after it. A request under way when the CLI is
 * stopped is finished and reported first; one killed mid-way is forwarded again on the next start
 * (receivers can drop it by its Idempotency-Key, the captured request's id).
 */
export class EndpointForwarder {
  private after = 0;
  private dirty = true;
  private wake: (() => void) | null = null;
  private pending: ForwardReport[] = [];
  private sending: Promise<void> | null = null;
  private fatal: unknown = null;
  private failed: ((err: unknown) => void) | null = null;
  readonly label: string;

  constructor(
    private api: Api,
    private endpoint: Endpoint,
    private opts: ListenOptions,
    private out: Output,
    private send: Sender,
    /** `stopping` ends forwarding after the request under way; API calls (reports) keep their own signal. */
    private stopping: AbortSignal,
    private streamRetry: RetryOptions,
  ) {
    this.label = endpoint.name || endpoint.id;
  }

  /** Where to start: the server's cursor, or now (a first start, or --from-now, which says how much it skipped). */
  async start(): Promise<void> {
    const cursor = await this.api.cursor(this.endpoint.id);
    if (this.opts.fromNow || cursor.after === null) {
      await this.api.setCursor(this.endpoint.id, cursor.newest);
      this.after = cursor.newest;
      this.out.info(
        cursor.after === null
          ? `${this.label}: first start, forwarding requests that arrive from now on`
          : `${this.label}: --from-now skipped ${cursor.waiting} request${cursor.waiting === 1 ? "" : "s"} waiting since #${cursor.after}`,
      );
    } else {
      this.after = cursor.after;
      this.out.info(`${this.label}: resuming after #${cursor.after}, ${cursor.waiting} request${cursor.waiting === 1 ? "" : "s"} waiting`);
    }
  }

  /** Until stopped (resolves) or a failure that ends the CLI (rejects). */
  async run(): Promise<void> {
    const stream = followStream(this.api, this.endpoint.id, { after: () => this.after, onWake: () => this.poke(), retry: this.streamRetry });
    // A report that fails for good (bad token, server gone for too long) ends it too.
    const reportFailed = new Promise<never>((_, reject) => (this.failed = reject));
    await Promise.race([stream, this.loop(), reportFailed]);
  }

  /** Sends the reports still waiting; they carry the cursor, so a restart resumes after them. */
  async flush(): Promise<void> {
    while (this.sending) await this.sending;
    if (this.fatal) throw this.fatal;
  }

  private poke() {
    this.dirty = true;
    this.wake?.();
  }

  private async loop() {
    const stopped = new Promise<void>((resolve) => this.stopping.addEventListener("abort", () => resolve(), { once: true }));
    while (!this.stopping.aborted) {
      if (!this.dirty) await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), stopped]);
      this.wake = null;
      if (this.stopping.aborted) return;
      this.dirty = false;
      await this.drain();
    }
  }

  /** Everything after the cursor, page by page, in order. */
  private async drain() {
    for (;;) {
      const page = await this.api.feed(this.endpoint.id, this.after, this.opts.filter);
      for (const request of page.requests) {
        if (this.stopping.aborted) return;
        if (!(await this.forward(request))) return;
        this.after = request.seq;
      }
      // Past requests the filter does not match (or deleted ones): move the server's cursor too.
      if (page.nextAfter > this.after && !this.stopping.aborted) {
        await this.flush();
        await this.api.setCursor(this.endpoint.id, page.nextAfter);
        this.after = page.nextAfter;
      }
      if (!page.hasMore) return;
    }
  }

  /** Sends one request to the local target, retrying while it gives no answer; false when stopped meanwhile (not reported: sent again next time). */
  private async forward(request: FeedRequest): Promise<boolean> {
    if (this.fatal) throw this.fatal;
    const url = this.opts.pathPassthrough ? buildTargetUrl(`${this.opts.to}{path}?{query}`, request) : this.opts.to;
    const headers = outboundHeaders(request.headers, {
      sourceIp: request.ip,
      originalHost: request.headers.find(([n]) => n.toLowerCase() === "host")?.[1] ?? null,
      requestId: request.id,
      extra: [],
      remove: [],
    });
    const body = Buffer.from(request.bodyBase64, "base64");
    let attempts = 0;
    let result: SendResult;
    for (;;) {
      attempts++;
      result = await this.send({ url, method: request.method, headers, body, timeoutMs: this.opts.timeoutMs });
      if (result.status !== null || attempts > this.opts.localRetries) break;
      const delay = retryDelay(attempts, 500, 8000);
      this.out.warn(`${this.label}: ${url} gave no answer (${result.error}); trying #${request.seq} again in ${delay / 1000} s (${attempts} of ${this.opts.localRetries + 1} tries)`);
      if (!(await pause(delay, this.stopping))) return false;
    }
    this.out.forwarded({
      endpoint: this.label, requestId: request.id, seq: request.seq, method: request.method,
      path: request.query ? `${request.path}?${request.query}` : request.path,
      target: url, status: result.status, durationMs: result.durationMs, error: result.error, attempts,
    });
    await this.report({
      requestId: request.id, target: url, status: result.status, durationMs: result.durationMs, error: result.error, attempts,
      responseHeaders: result.headers, responseBodyBase64: result.status === null ? null : result.body.toString("base64"),
    });
    return true;
  }

  /** Queued: forwarding goes on while reports travel, in order, those that waited sent together. */
  private async report(report: ForwardReport) {
    if (this.pending.length >= MAX_PENDING_REPORTS) await this.flush();
    this.pending.push(report);
    this.sendPending();
  }

  private sendPending() {
    if (this.sending) return;
    this.sending = this.sendReports().finally(() => {
      this.sending = null;
      // Queued between the last batch and here.
      if (this.pending.length && !this.fatal) this.sendPending();
    });
  }

  private async sendReports() {
    while (this.pending.length) {
      const batch = this.pending.splice(0, REPORT_BATCH);
      try {
        await this.api.report(this.endpoint.id, batch);
      } catch (err) {
        if (err instanceof ApiError) this.out.warn(`${this.label}: the server did not take ${batch.length} report(s): ${err.message}`);
        else {
          // A bad token, or the server gone for too long: ends the CLI (the cursor stays before these).
          this.fatal ??= err;
          this.failed?.(err);
          return;
        }
      }
    }
  }
}
