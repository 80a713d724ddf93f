import { z } from "zod";
import { requireUserId } from "@/lib/auth/current-user";
import { getEndpoint } from "@/lib/endpoints/queries";
import { SSE_HEADERS, endpointEventStream } from "@/lib/events/sse-stream";
import { route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

// EventSource sends Last-Event-ID on reconnect; on first connect the page passes ?after=<newest
// seq it already has>, so nothing that arrived in between is lost.
const afterSeq = z.coerce.number().int().min(0).nullable();

export const GET = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const { id } = await params;
  await getEndpoint(userId, id);
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after");
  const stream = endpointEventStream({ userId, endpointId: id, afterSeq: afterSeq.parse(raw || null), signal: req.signal });
  return new Response(stream, { headers: SSE_HEADERS });
});
