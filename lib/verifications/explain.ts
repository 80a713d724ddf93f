import { z } from "zod";
import { SIGNATURE_STATUSES } from "@/lib/conditions/schema";
import { prepareAll } from "@/lib/signatures/verify";
import { settingsWithSecrets } from "./verifications";

/**
 * The signature result of a stored request as the detail view shows it: what capture concluded
 * (stored), with the failure explained. The proofs are recomputed here from the exact stored bytes
 * and the receipt time, because capture skips them to keep its rate (see captureVerifier).
 */
const storedResult = z.object({
  status: z.enum(SIGNATURE_STATUSES),
  scheme: z.string().nullable(),
  reason: z.string(),
  header: z.string().optional(),
  receivedPrefix: z.string().optional(),
  expectedPrefix: z.string().optional(),
  skewSeconds: z.number().optional(),
  secretHint: z.string().optional(),
  diagnosis: z.array(z.string()).default([]),
});
export type SignatureDetail = z.infer<typeof storedResult>;

const NONE: SignatureDetail = { status: "none", scheme: null, reason: "No signature verification was configured when this request arrived.", diagnosis: [] };

type StoredRow = { signature: string | null; headers: [string, string][]; body: Uint8Array; receivedAt: Date };

/**
 * An explainer for any number of one endpoint's requests (a detail, an export): the settings are
 * read and their secrets decrypted once, and only if some request failed.
 */
export async function signatureExplainer(endpointId: string, rows: StoredRow[]): Promise<(row: StoredRow) => SignatureDetail> {
  const failed = (r: StoredRow) => r.signature !== null && !/"status":"(valid|none)"/.test(r.signature);
  const settings = rows.some(failed) ? await settingsWithSecrets(endpointId) : [];
  const verify = settings.length ? prepareAll(settings) : null;
  return (row) => {
    if (!row.signature) return NONE;
    const stored = storedResult.parse(JSON.parse(row.signature));
    if (stored.status === "valid" || stored.status === "none" || !verify) return stored;
    const again = verify({ headers: row.headers, body: row.body, nowMs: row.receivedAt.getTime() });
    // Only when the current settings still reach the same conclusion do their proofs explain it.
    return again.status === stored.status ? { ...stored, diagnosis: again.diagnosis } : stored;
  };
}
