import { resignHeaders } from "@/lib/signatures/resign";
import type { VerificationSetting } from "@/lib/signatures/settings";
import type { SecretEntry } from "@/lib/signatures/verify";

type Setting = { setting: VerificationSetting; secrets: SecretEntry[] };

/**
 * The header list with fresh signatures over the bytes being sent, one per verification setting
 * of the endpoint that has a secret (signed with its newest), so a receiver checking with the
 * same secret accepts a replay whose timestamp had expired or whose body was edited. The fresh
 * headers take the place of the first header of the same name; other copies of it go.
 * Null when no setting has a secret to sign with.
 */
export function resignedHeaders(settings: Setting[], headers: [string, string][], body: Uint8Array, nowMs: number): [string, string][] | null {
  const usable = settings.filter((s) => s.secrets.length > 0);
  if (!usable.length) return null;
  let out = headers;
  for (const { setting, secrets } of usable) out = replaceHeaders(out, resignHeaders(setting, secrets[0].secret, { headers: out, body, nowMs }));
  return out;
}

export function replaceHeaders(headers: [string, string][], fresh: [string, string][]): [string, string][] {
  const names = new Set(fresh.map(([n]) => n.toLowerCase()));
  const out: [string, string][] = [];
  const placed = new Set<string>();
  for (const [n, v] of headers) {
    const lower = n.toLowerCase();
    if (!names.has(lower)) out.push([n, v]);
    else if (!placed.has(lower)) {
      placed.add(lower);
      out.push(...fresh.filter(([f]) => f.toLowerCase() === lower));
    }
  }
  return [...out, ...fresh.filter(([n]) => !placed.has(n.toLowerCase()))];
}
