import type { InboxEvent } from "./bus";

/**
 * What several app instances on one database tell each other, and how each acts on it. One
 * instance needs none of this: the in-process bus, caches and kickers are the whole story. With
 * PostgreSQL, messages travel by LISTEN/NOTIFY (lib/db/postgres/notify-transport.ts): small
 * payloads (ids and sequence ranges), sent after commit; whatever a message does not carry is read
 * from the database by id, so a message can be as small as NOTIFY requires (< 8,000 bytes).
 */
export type ClusterMessage =
  /** Requests of an endpoint up to seq `to` were committed by the sender. */
  | { t: "requests"; endpointId: string; to: number }
  /** A live event other than a new request (deletes, rule and delivery changes), verbatim. */
  | { t: "event"; event: InboxEvent }
  /** Cached settings of this endpoint (response, rules, verifications) are stale. */
  | { t: "endpoint-changed"; endpointId: string }
  /** Sessions or tokens ("session:<id>" / "token:<id>") that were revoked. */
  | { t: "revoked"; credentials: string[] }
  /** Deliveries became due (a capture enqueued some, a rule resumed, a retry was asked for). */
  | { t: "deliveries-due" };

/** A way to reach the other instances; `onMessage` gets only what other instances sent. */
export interface ClusterTransport {
  send(message: ClusterMessage): void;
  onMessage(handler: (message: ClusterMessage) => void): void;
  /**
   * After the transport lost messages (its connection dropped and came back, or it only polls):
   * listeners catch up from the database by sequence number.
   */
  onGap(handler: () => void): void;
  close(): Promise<void>;
}
