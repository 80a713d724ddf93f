import { z } from "zod";
import { requireUserId } from "@/lib/auth/current-user";
import { requestOrigin } from "@/lib/endpoints/inbound-url";
import { route } from "@/lib/http/route";
import { exportRequests } from "@/lib/requests/export";
import { parseRequestFilters } from "@/lib/requests/search";

type Ctx = { params: Promise<{ id: string }> };

const format = z.enum(["json", "har"]).default("json");

export const GET = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const search = new URL(req.url).searchParams;
  const fmt = z.object({ format }).parse({ format: search.get("format") ?? undefined }).format;
  const { body, filename } = await exportRequests(userId, (await params).id, fmt, parseRequestFilters(search), requestOrigin(req));
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
});
