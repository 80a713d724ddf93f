import { requireUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getRequest } from "@/lib/requests/queries";

type Ctx = { params: Promise<{ id: string; rid: string }> };

// The body is whatever a stranger sent to the inbound URL: it keeps its original Content-Type, but
// the sandbox CSP and nosniff make sure HTML or script in it can never run on our origin.
export const GET = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, rid } = await params;
  const r = await getRequest(userId, id, rid);
  return new Response(Buffer.from(r.body), {
    headers: {
      "Content-Type": r.contentType ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename="request-${r.seq}.bin"`,
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});
