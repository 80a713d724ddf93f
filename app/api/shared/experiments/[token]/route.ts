import { route } from "@/lib/http/route";
import { sharedExperiment } from "@/lib/experiments/store";

type Ctx = { params: Promise<{ token: string }> };

// A shared report, read-only, for anyone with the link (no sign-in); 404 once the owner revokes it.
export const GET = route<Ctx>(async (_req, { params }) =>
  Response.json(await sharedExperiment((await params).token), { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } }),
);
