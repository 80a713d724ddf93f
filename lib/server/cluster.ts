import type { CaptureWriter } from "@/lib/capture/writer";
import type { EndpointCache } from "@/lib/capture/endpoint-cache";
import { endConnections, onRevocation } from "@/lib/auth/revocations";
import { startNotifyTransport } from "@/lib/db/postgres/notify-transport";
import { eventBus } from "@/lib/events/bus";
import type { ClusterMessage, ClusterTransport } from "@/lib/events/cluster";
import { ClusterOrder } from "@/lib/events/cluster-order";
import { onEndpointChanged } from "@/lib/events/endpoint-changes";
import type { DeliveryEngine } from "@/lib/forwarding/engine";
import { setDeliveryKicker } from "@/lib/forwarding/kick";
import { log } from "@/lib/log/logger";
import { highestSeq } from "@/lib/requests/cursor-page";
import { committedRequestsAfter } from "@/lib/requests/queries";
import type { TokenCache } from "@/lib/tokens/resolve";

// Wake-ups for other instances' delivery workers are coalesced: one message per this many ms at most.
const KICK_COALESCE_MS = 20;

type Parts = { writer: CaptureWriter; engine: DeliveryEngine; endpoints: EndpointCache; tokens: TokenCache };

/**
 * Joins this instance to the others on the same PostgreSQL database (server.ts calls it once).
 * What one instance does that the others must hear of, and what each does on hearing it:
 *
 * | here                                   | message            | there                                  |
 * |----------------------------------------|--------------------|----------------------------------------|
 * | a capture commit                       | requests (seq to)  | live streams read the new rows by seq  |
 * | any other live event (deletes, rules…) | event              | published to that instance's streams   |
 * | an endpoint's settings changed         | endpoint-changed   | its inbound cache entry is dropped      |
 * | a session or token revoked             | revoked            | its streams end, token grants reloaded |
 * | deliveries enqueued, retried, resumed  | deliveries-due     | the delivery worker looks for work     |
 *
 * Messages may be lost (the listening connection drops; a pooler that passes no notifications):
 * on every gap the streams catch up from the database and the worker looks for work, so a lost
 * message costs a delay, never an event (lib/db/postgres/notify-transport.ts).
 */
export async function joinCluster(url: string, mode: "auto" | "off", parts: Parts): Promise<ClusterTransport> {
  const transport = await startNotifyTransport(url, { mode });
  const bus = eventBus();
  const order = new ClusterOrder((event) => bus.deliver(event), { after: committedRequestsAfter, lastSeq: highestSeq }, (id) => bus.subscriberCount(id) > 0);

  bus.joinCluster({
    local: (event) => order.local(event),
    relay: (event) => transport.send({ t: "event", event }),
    watch: (id) => order.watch(id),
    unwatch: (id) => order.unwatch(id),
  });
  parts.writer.onCommit((rows) => {
    const top = new Map<string, number>();
    for (const r of rows) top.set(r.endpointId, Math.max(top.get(r.endpointId) ?? 0, r.seq));
    for (const [endpointId, to] of top) transport.send({ t: "requests", endpointId, to });
    if (rows.some((r) => r.deliveries.length)) kickOthers();
  });
  onEndpointChanged((endpointId) => transport.send({ t: "endpoint-changed", endpointId }));
  onRevocation((credentials) => transport.send({ t: "revoked", credentials }));
  setDeliveryKicker(() => {
    parts.engine.kick();
    kickOthers();
  });

  let kickTimer: ReturnType<typeof setTimeout> | null = null;
  function kickOthers() {
    kickTimer ??= setTimeout(() => {
      kickTimer = null;
      transport.send({ t: "deliveries-due" });
    }, KICK_COALESCE_MS);
  }

  transport.onMessage((m: ClusterMessage) => {
    switch (m.t) {
      case "requests":
        return order.remote(m.endpointId, m.to);
      case "event":
        return bus.deliver(m.event);
      case "endpoint-changed":
        return parts.endpoints.invalidate(m.endpointId);
      case "revoked":
        if (m.credentials.some((c) => c.startsWith("token:"))) parts.tokens.clear();
        return endConnections(m.credentials);
      case "deliveries-due":
        return parts.engine.kick();
    }
  });
  transport.onGap(() => {
    order.catchUp();
    parts.engine.kick();
  });
  log().info({ mode: transport.mode() }, transport.mode() === "listen" ? "joined other instances over LISTEN/NOTIFY" : "joined other instances by polling the database");
  return transport;
}
