import { z } from "zod";
import { withEndpoint } from "@/lib/access/handlers";
import { experimentDownload } from "@/lib/experiments/download";

const input = z.object({ format: z.enum(["json", "csv"]).default("json"), rows: z.enum(["clients", "events"]).default("clients") });

// The saved report as a file: JSON (everything, samples included) or CSV (per client, or per event).
export const GET = withEndpoint<{ id: string; eid: string }>(async (req, { caller, endpoint, params }) => {
  const search = new URL(req.url).searchParams;
  const { format, rows } = input.parse({ format: search.get("format") ?? undefined, rows: search.get("rows") ?? undefined });
  const file = await experimentDownload(caller.userId, endpoint.id, params.eid, format, rows);
  return new Response(file.body, {
    headers: { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "private, no-store" },
  });
});
