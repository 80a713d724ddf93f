import { getConfig } from "@/lib/config/env";
import { resolveSecretsKey } from "@/lib/signatures/secret-box";

/**
 * The key signature secrets are encrypted with: SECRETS_KEY, or the one generated on first start
 * into DATA_DIR/secrets-key (server start-up resolves it first, so a damaged file stops start-up
 * rather than a save). Read once per bundle: the file never changes while the server runs.
 */
let key: Buffer | undefined;
export function secretsKey(): Buffer {
  key ??= resolveSecretsKey(getConfig().dataDir, getConfig().SECRETS_KEY);
  return key;
}
