import { withEndpoint } from "@/lib/access/handlers";
import { parseJson } from "@/lib/http/route";
import { browserLatencyInput, recordBrowserLatencies } from "@/lib/latency/browser-reports";

// An open dashboard reports when live requests reached it (commit -> arrival, its clock offset removed).
export const POST = withEndpoint(async (req, { endpoint }) => {
  recordBrowserLatencies(endpoint.id, (await parseJson(req, browserLatencyInput)).samples);
  return new Response(null, { status: 204 });
});
