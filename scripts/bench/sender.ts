// The fan-out benchmark's sender, in a process of its own: the benchmark's process reads every
// subscriber's socket (100,000 to 500,000 events a second), and a sender sharing that event loop
// would send late and see its answers late. On {url, rate, count, body, warmUrl} it first sends
// 50 requests to `warmUrl` (its connections and code warmed, not measured), then `count` to `url`
// at `rate`, and replies with their answers: request id, sent and answered at (ms since epoch, the
// parent's clock).
import { sendAtRate } from "./live";

process.once("message", async (msg: { url: string; rate: number; count: number; body: string; warmUrl: string }) => {
  await sendAtRate(msg.warmUrl, msg.rate, 50, () => msg.body);
  const acks = await sendAtRate(msg.url, msg.rate, msg.count, () => msg.body);
  process.send!(acks, () => process.exit(0));
});
