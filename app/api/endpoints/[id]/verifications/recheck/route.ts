import { withEndpoint } from "@/lib/access/handlers";
import { recheckStatus, startRecheck } from "@/lib/verifications/recheck";

// Re-verifies every stored request with the current settings; GET polls its progress.
export const POST = withEndpoint(async (_req, { endpoint }) => Response.json(await startRecheck(endpoint.id), { status: 202 }));

export const GET = withEndpoint(async (_req, { endpoint }) => Response.json({ job: recheckStatus(endpoint.id) }));
