import { z } from "zod";
import { requireUserId } from "@/lib/auth/current-user";
import { requestOrigin } from "@/lib/endpoints/inbound-url";
import { route } from "@/lib/http/route";
import { exportRequests } from "@/lib/requests/export";

type Ctx = { params: Promise<{ id: string }> };

const input = z.object({ format: z.enum(["json", "har"]).default("json"), q: z.string().default("") });

export const GET = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const search = new URL(req.url).searchParams;
  const { format, q } = input.parse({ format: search.get("format") ?? undefined, q: search.get("q") ?? undefined });
  const { body, filename } = await exportRequests(userId, (await params).id, format, q, requestOrigin(req));
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
});
