import { z } from "zod";
import { withEndpoint } from "@/lib/access/handlers";
import { revocableSignal } from "@/lib/auth/caller";
import { SSE_HEADERS, endpointEventStream } from "@/lib/events/sse-stream";

export const dynamic = "force-dynamic";

// EventSource sends Last-Event-ID on reconnect; on first connect the page passes ?after=<newest
// seq it already has>, so nothing that arrived in between is lost.
const afterSeq = z.coerce.number().int().min(0).nullable();

// Signed-in browsers and personal tokens (the CLI) alike; revoking either ends an open stream.
export const GET = withEndpoint(async (req, { caller, endpoint }) => {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after");
  const signal = revocableSignal(caller, req.signal);
  const stream = endpointEventStream({ userId: caller.userId, endpointId: endpoint.id, afterSeq: afterSeq.parse(raw || null), signal });
  return new Response(stream, { headers: SSE_HEADERS });
}, { token: true });
