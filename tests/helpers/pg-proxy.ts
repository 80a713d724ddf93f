import net, { type AddressInfo } from "node:net";

const NOTIFICATION_RESPONSE = 0x41; // 'A' in PostgreSQL's protocol

/**
 * A TCP proxy to PostgreSQL that passes everything but the server's NotificationResponse
 * messages: LISTEN succeeds and nothing ever arrives, which is what a transaction-mode pooler
 * (PgBouncer) does to LISTEN in effect. Server messages are a type byte and a 4-byte length from
 * the first byte on (no TLS here), so the stream can be cut into messages without more parsing.
 */
export async function notificationDroppingProxy(target: { host: string; port: number }): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    upstream.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const passed: Buffer[] = [];
      while (pending.length >= 5) {
        const end = 1 + pending.readUInt32BE(1);
        if (pending.length < end) break;
        if (pending[0] !== NOTIFICATION_RESPONSE) passed.push(pending.subarray(0, end));
        pending = pending.subarray(end);
      }
      if (passed.length) client.write(Buffer.concat(passed));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
