import { randomUUID } from "node:crypto";
import pg from "pg";
import type { ClusterMessage, ClusterTransport } from "@/lib/events/cluster";
import { log } from "@/lib/log/logger";

/**
 * Instances talk over PostgreSQL's LISTEN/NOTIFY: no extra service. A dedicated connection listens
 * (a pooled one would be handed to queries) and reconnects by itself, reporting a gap each time so
 * listeners catch up from the database; sends go through a small pool after the sender's commit.
 *
 * Behind a transaction-mode pooler (PgBouncer) LISTEN appears to work but nothing ever arrives. So
 * at start the transport notifies itself and waits for the echo: no echo within ECHO_MS and it warns
 * and falls back to polling (a gap every POLL_MS). Even when LISTEN works, a gap is reported every
 * BACKSTOP_MS, so a notification lost anyway costs a delay, never an event.
 */
const CHANNEL = "webhook_inbox";
const ECHO_MS = 2000;
const POLL_MS = 1000;
const BACKSTOP_MS = 10_000;
// NOTIFY payloads must stay under 8,000 bytes.
const MAX_PAYLOAD = 7900;

type Envelope = { from: string; m: ClusterMessage | { t: "echo"; nonce: string } };

export async function startNotifyTransport(url: string, opts: { mode: "auto" | "off" } = { mode: "auto" }): Promise<ClusterTransport & { mode: () => "listen" | "poll" }> {
  const self = randomUUID();
  const sender = new pg.Pool({ connectionString: url, max: 2 });
  const handlers: ((m: ClusterMessage) => void)[] = [];
  const gapHandlers: (() => void)[] = [];
  let listener: pg.Client | null = null;
  let closed = false;
  let mode: "listen" | "poll" = opts.mode === "off" ? "poll" : "listen";
  let echo: { nonce: string; resolve: () => void } | null = null;
  const gap = () => gapHandlers.forEach((h) => h());

  const notify = (envelope: Envelope) => {
    const payload = JSON.stringify(envelope);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      log().warn({ type: envelope.m.t }, "cluster message too large for NOTIFY; other instances will catch up on their next poll");
      return;
    }
    sender.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).catch((err) => log().warn({ err: (err as Error).message }, "NOTIFY failed; other instances will catch up on their next poll"));
  };

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on("notification", (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      let envelope: Envelope;
      try {
        envelope = JSON.parse(n.payload) as Envelope;
      } catch {
        return;
      }
      if (envelope.m.t === "echo") {
        if (envelope.from === self && echo?.nonce === envelope.m.nonce) echo.resolve();
        return;
      }
      if (envelope.from === self) return;
      for (const h of handlers) h(envelope.m);
    });
    client.on("error", (err) => log().warn({ err: err.message }, "LISTEN connection error"));
    client.on("end", () => {
      if (closed || listener !== client) return;
      listener = null;
      log().warn("LISTEN connection lost; reconnecting");
      void reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  };

  const reconnect = async () => {
    for (let wait = 250; !closed && !listener; wait = Math.min(wait * 2, 5000)) {
      try {
        await connect();
        log().info("LISTEN connection back; catching up from the database");
        gap();
      } catch (err) {
        log().warn({ err: (err as Error).message, retryInMs: wait }, "LISTEN reconnect failed");
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  };

  if (mode === "listen") {
    await connect();
    const nonce = randomUUID();
    const heard = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ECHO_MS);
      echo = { nonce, resolve: () => { clearTimeout(timer); resolve(true); } };
      notify({ from: self, m: { t: "echo", nonce } });
    });
    echo = null;
    if (!heard) {
      mode = "poll";
      log().warn(
        `LISTEN/NOTIFY does not reach this connection (a transaction-mode pooler such as PgBouncer?): live events between instances fall back to polling every ${POLL_MS} ms`,
      );
      const stale = listener as pg.Client | null;
      listener = null;
      await stale?.end().catch(() => undefined);
    }
  }
  const timer = setInterval(gap, mode === "poll" ? POLL_MS : BACKSTOP_MS);
  timer.unref();

  return {
    mode: () => mode,
    // Sent in either mode: NOTIFY works through any pooler (only LISTEN does not), and instances
    // that do listen hear this one at once instead of at their next catch-up.
    send: (m) => notify({ from: self, m }),
    onMessage: (h) => void handlers.push(h),
    onGap: (h) => void gapHandlers.push(h),
    close: async () => {
      closed = true;
      clearInterval(timer);
      const l = listener;
      listener = null;
      await Promise.all([l?.end().catch(() => undefined), sender.end().catch(() => undefined)]);
    },
  };
}
