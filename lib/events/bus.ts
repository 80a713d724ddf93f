import type { ForwardState } from "@/lib/forwarding/delivery-state";
import type { RuleDto } from "@/lib/forwarding/rules";
import { log } from "@/lib/log/logger";
import type { RequestSummaryDto } from "@/lib/requests/present";

/** A delivery's new state, with its request's aggregate for the list row's dot. */
export type DeliveryChange = {
  id: string; requestId: string; ruleId: string | null; state: string; attemptCount: number;
  nextAttemptAt: string | null; lastError: string | null; requestState: ForwardState | null;
};

/**
 * What the dashboard hears about an endpoint. Only new requests carry an SSE id (their seq): the
 * other events describe current state, so a client that missed some refetches instead of replaying.
 */
export type InboxEvent =
  /** committedAt: when the row was committed, on lib/latency/clock.ts's clock (absent when replayed
   *  from the database); streams and dashboards measure push latency from it. */
  | { type: "request"; endpointId: string; request: RequestSummaryDto; committedAt?: number }
  | { type: "deleted"; endpointId: string; id: string }
  | { type: "cleared"; endpointId: string }
  /** Many requests were deleted at once (an experiment's traffic): lists reload. */
  | { type: "removed"; endpointId: string }
  | { type: "rule"; endpointId: string; rule: RuleDto }
  | { type: "rule-deleted"; endpointId: string; id: string }
  | { type: "delivery"; endpointId: string; delivery: DeliveryChange }
  /** Many deliveries changed at once (a rule's failed ones were requeued). */
  | { type: "deliveries-changed"; endpointId: string };

export type Delivery = { event: InboxEvent; frame: Uint8Array };

/** How the bus takes part in several instances' live events (lib/server/cluster.ts wires them). */
export type ClusterHooks = {
  local(event: Extract<InboxEvent, { type: "request" }>): void;
  relay(event: InboxEvent): void;
  /** Resolves once the endpoint's order knows where it starts (its committed seq then). */
  watch(endpointId: string): Promise<void>;
  unwatch(endpointId: string): void;
};
type Listener = (d: Delivery) => void;

const encoder = new TextEncoder();

/** The SSE frame for an event, encoded once and shared by every subscriber. */
export function sseFrame(event: InboxEvent): Uint8Array {
  const { endpointId: _e, ...payload } = event;
  const id = event.type === "request" ? `id: ${event.request.seq}\n` : "";
  return encoder.encode(`${id}event: ${event.type}\ndata: ${JSON.stringify(payload)}\n\n`);
}

/**
 * In-process pub/sub keyed by endpoint. One process is the embedded deployment; several instances
 * on PostgreSQL share events through joinCluster (LISTEN/NOTIFY, lib/server/cluster.ts). Lives on globalThis so the
 * capture path in server.ts and the SSE route handlers in Next's bundle see the same instance.
 */
export class EventBus {
  private topics = new Map<string, Set<Listener>>();

  private cluster: ClusterHooks | null = null;
  private watching = new Map<string, Promise<void>>();

  subscribe(endpointId: string, listener: Listener): () => void {
    let set = this.topics.get(endpointId);
    if (!set) {
      this.topics.set(endpointId, (set = new Set()));
      if (this.cluster) this.startWatching(endpointId);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.topics.get(endpointId) === set) {
        this.topics.delete(endpointId);
        this.cluster?.unwatch(endpointId);
      }
    };
  }

  /**
   * Several instances (lib/server/cluster.ts): request events go out through the cluster's order
   * (lib/events/cluster-order.ts), the others to the other instances as well as here.
   */
  joinCluster(hooks: ClusterHooks) {
    this.cluster = hooks;
    for (const endpointId of this.topics.keys()) this.startWatching(endpointId);
  }

  /**
   * Null when events of the endpoint flow already; else a promise of when they will. A stream
   * reads what it missed only after this: the cluster's order drops requests committed before it
   * started, so the stream's own read must come later to cover them.
   */
  ready(endpointId: string): Promise<void> | null {
    return this.watching.get(endpointId) ?? null;
  }

  private startWatching(endpointId: string) {
    const started = this.cluster!.watch(endpointId).finally(() => {
      if (this.watching.get(endpointId) === started) this.watching.delete(endpointId);
    });
    this.watching.set(endpointId, started);
  }

  publish(event: InboxEvent): void {
    if (this.cluster) {
      if (event.type === "request") return this.cluster.local(event);
      this.cluster.relay(event);
    }
    this.deliver(event);
  }

  /** To this instance's subscribers only: what the cluster's order releases, and events other instances relayed. */
  deliver(event: InboxEvent): void {
    const set = this.topics.get(event.endpointId);
    if (!set?.size) return;
    const delivery = { event, frame: sseFrame(event) };
    for (const listener of set) {
      try {
        listener(delivery);
      } catch (err) {
        log().error({ err, endpointId: event.endpointId }, "event listener failed");
      }
    }
  }

  subscriberCount(endpointId: string): number {
    return this.topics.get(endpointId)?.size ?? 0;
  }
}

const KEY = Symbol.for("webhook-inbox.event-bus");
export function eventBus(): EventBus {
  const g = globalThis as typeof globalThis & { [KEY]?: EventBus };
  g[KEY] ??= new EventBus();
  return g[KEY];
}
