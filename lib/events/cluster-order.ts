import { log } from "@/lib/log/logger";
import type { RequestSummaryDto } from "@/lib/requests/present";
import type { InboxEvent } from "./bus";

type RequestEvent = Extract<InboxEvent, { type: "request" }>;

/** What the order needs from the database (lib/requests/queries.ts), handed in by server.ts. */
export type CommittedRequests = {
  /** Committed requests of an endpoint after `afterSeq`, oldest first, at most `limit`. */
  after(endpointId: string, afterSeq: number, limit: number): Promise<RequestSummaryDto[]>;
  /** The endpoint's highest committed sequence number (0 when none). */
  lastSeq(endpointId: string): Promise<number>;
};

const PAGE = 500;

/**
 * Request events in sequence order on one instance of several. A live stream drops an event whose
 * seq is not above the last it sent, so each endpoint's requests must reach this instance's bus in
 * seq order, whichever instance committed them. Seq order is commit order (the Endpoint row lock
 * the allocation takes, lib/db/store/capture-statements.ts), so when seq N is committed every
 * earlier number is committed (or was never used): a gap can always be filled from the database.
 *
 * Per watched endpoint (one with subscribers here) this remembers the last seq published. A local
 * commit that follows on goes out at once, synchronously, as on one instance; one that skips
 * numbers (another instance committed them, and its notification is still on its way) first has
 * the missing ones read from the database. A notification from another instance ("requests up to
 * N") reads what is not yet published; one for numbers already published costs nothing. After the
 * transport lost messages (`catchUp`) every watched endpoint reads what it missed.
 */
export class ClusterOrder {
  private last = new Map<string, number>();
  private chains = new Map<string, Promise<void>>();

  constructor(
    private deliver: (event: InboxEvent) => void,
    private committed: CommittedRequests,
    private watched: (endpointId: string) => boolean,
  ) {}

  /**
   * The endpoint got its first subscriber here: start from what is committed now. Requests up to
   * that number are not published (a stream reads them itself after this resolves, EventBus.ready).
   */
  watch(endpointId: string): Promise<void> {
    if (this.last.has(endpointId) && !this.chains.has(endpointId)) return Promise.resolve();
    return this.enqueue(endpointId, async () => {
      if (!this.last.has(endpointId)) this.last.set(endpointId, await this.committed.lastSeq(endpointId));
    });
  }

  /** Its last subscriber here left (unless another came since). */
  unwatch(endpointId: string) {
    this.enqueue(endpointId, async () => {
      if (!this.watched(endpointId)) this.last.delete(endpointId);
    });
  }

  /** A request this instance committed. */
  local(event: RequestEvent) {
    const id = event.endpointId;
    const seq = event.request.seq;
    const last = this.last.get(id);
    if (!this.chains.has(id)) {
      if (last === undefined) {
        if (!this.watched(id)) return; // nobody watches it here
        // Watched, but where it started is unknown (that read failed): from here on, then.
        this.last.set(id, seq);
        return this.deliver(event);
      }
      if (seq <= last) return;
      if (seq === last + 1) {
        this.last.set(id, seq);
        return this.deliver(event);
      }
    }
    this.enqueue(id, async () => {
      await this.fill(id, seq - 1);
      const now = this.last.get(id);
      if (now === undefined || seq <= now) return;
      this.last.set(id, seq);
      this.deliver(event);
    });
  }

  /** Another instance committed the endpoint's requests up to `to`. */
  remote(endpointId: string, to: number) {
    const last = this.last.get(endpointId);
    if (!this.chains.has(endpointId) && (last === undefined || to <= last)) return;
    this.enqueue(endpointId, () => this.fill(endpointId, to));
  }

  /** Messages may have been lost: every watched endpoint reads what it has not published. */
  catchUp() {
    for (const id of this.last.keys()) this.enqueue(id, () => this.fill(id, Infinity));
  }

  /** Publishes the committed requests after the last published, up to `to`. */
  private async fill(endpointId: string, to: number) {
    for (;;) {
      const last = this.last.get(endpointId);
      if (last === undefined || last >= to) return;
      const rows = await this.committed.after(endpointId, last, PAGE);
      for (const request of rows) {
        if (request.seq > to) break;
        this.last.set(endpointId, request.seq);
        this.deliver({ type: "request", endpointId, request });
      }
      // Numbers up to `to` that are not stored were deleted or pruned: nothing to wait for.
      if (rows.length < PAGE || rows.at(-1)!.seq >= to) {
        const now = this.last.get(endpointId);
        if (to !== Infinity && now !== undefined) this.last.set(endpointId, Math.max(now, to));
        return;
      }
    }
  }

  private enqueue(endpointId: string, task: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(endpointId) ?? Promise.resolve())
      .then(task)
      .catch((err) => log().error({ err, endpointId }, "live events from other instances not read; the stream's next catch-up retries"))
      .finally(() => {
        if (this.chains.get(endpointId) === next) this.chains.delete(endpointId);
      });
    this.chains.set(endpointId, next);
    return next;
  }
}
