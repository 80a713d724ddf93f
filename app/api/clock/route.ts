import { authed } from "@/lib/access/handlers";
import { clockMs } from "@/lib/latency/clock";

export const dynamic = "force-dynamic";

// The server's latency clock, for a dashboard to measure its own clock's offset (lib/client/clock-offset.ts).
export const GET = authed(async () => Response.json({ now: clockMs() }, { headers: { "Cache-Control": "no-store" } }));
