import { randomBytes } from "node:crypto";
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { getEndpoint } from "@/lib/endpoints/queries";
import { endpointChanged } from "@/lib/events/endpoint-changes";
import { HttpError, notFound } from "@/lib/http/errors";
import { decryptSecret, encryptSecret, secretHint } from "@/lib/signatures/secret-box";
import { secretProblem, verificationSetting, type VerificationInput, type VerificationSetting } from "@/lib/signatures/settings";
import { prepareAll, type SecretEntry, type Verifier } from "@/lib/signatures/verify";
import { secretsKey } from "./keyring";

/**
 * An endpoint's signature-verification settings, always reached through its owner. Secrets are
 * encrypted before they are stored and never leave the server again: answers carry their last
 * four characters only. Changes take effect for the next captured request (the endpoint cache is
 * dropped); requests already stored keep their result until re-checked (recheck.ts).
 */
const storedSecrets = z.array(z.object({ id: z.string(), box: z.string(), hint: z.string(), addedAt: z.string() }));
type StoredSecret = z.infer<typeof storedSecrets>[number];
type Row = { id: string; endpointId: string; setting: string; secrets: string; createdAt: Date };

export const addSecretInput = z.object({ secret: z.string() });

export function presentVerification(row: Row) {
  const secrets = storedSecrets.parse(JSON.parse(row.secrets));
  return {
    id: row.id,
    ...readSetting(row),
    // Newest first: the first is used to sign (replay) and named in explanations.
    secrets: secrets.map(({ id, hint, addedAt }) => ({ id, hint, addedAt })),
    secretHint: secrets[0]?.hint ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
export type VerificationDto = ReturnType<typeof presentVerification>;

function readSetting(row: Row): VerificationSetting {
  return verificationSetting.parse(JSON.parse(row.setting));
}

function seal(secret: string): StoredSecret {
  return { id: randomBytes(6).toString("base64url"), box: encryptSecret(secretsKey(), secret), hint: secretHint(secret), addedAt: new Date().toISOString() };
}

export async function listVerifications(userId: string, endpointId: string) {
  await getEndpoint(userId, endpointId);
  const rows = await getPrisma().verification.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });
  return rows.map(presentVerification);
}

export async function createVerification(userId: string, endpointId: string, input: VerificationInput) {
  await getEndpoint(userId, endpointId);
  const { secret, ...setting } = input;
  const row = await getPrisma().verification.create({
    data: { id: crypto.randomUUID(), endpointId, setting: JSON.stringify(setting), secrets: JSON.stringify(secret === undefined ? [] : [seal(secret)]) },
  });
  endpointChanged(endpointId);
  return presentVerification(row);
}

async function owned(userId: string, endpointId: string, id: string) {
  const row = await getPrisma().verification.findFirst({ where: { id, endpointId, endpoint: { userId } } });
  if (!row) throw notFound("Verification not found");
  return row;
}

/** Rotation: the new secret becomes the newest; older ones keep verifying until removed. */
export async function addSecret(userId: string, endpointId: string, id: string, secret: string) {
  const row = await owned(userId, endpointId, id);
  const problem = secretProblem(readSetting(row), secret);
  if (problem) throw new HttpError("validation_failed", `secret: ${problem}`, "secret");
  const secrets = [seal(secret.trim()), ...storedSecrets.parse(JSON.parse(row.secrets))];
  const updated = await getPrisma().verification.update({ where: { id }, data: { secrets: JSON.stringify(secrets) } });
  endpointChanged(endpointId);
  return presentVerification(updated);
}

export async function removeSecret(userId: string, endpointId: string, id: string, secretId: string) {
  const row = await owned(userId, endpointId, id);
  const secrets = storedSecrets.parse(JSON.parse(row.secrets));
  if (!secrets.some((s) => s.id === secretId)) throw notFound("Secret not found");
  const updated = await getPrisma().verification.update({ where: { id }, data: { secrets: JSON.stringify(secrets.filter((s) => s.id !== secretId)) } });
  endpointChanged(endpointId);
  return presentVerification(updated);
}

export async function deleteVerification(userId: string, endpointId: string, id: string) {
  await owned(userId, endpointId, id);
  await getPrisma().verification.delete({ where: { id } });
  endpointChanged(endpointId);
}

/** Every setting of the endpoint with its secrets decrypted, newest first: for verifying. Server-side only. */
export async function settingsWithSecrets(endpointId: string): Promise<{ setting: VerificationSetting; secrets: SecretEntry[] }[]> {
  const rows = await getPrisma().verification.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({
    setting: readSetting(row),
    secrets: storedSecrets.parse(JSON.parse(row.secrets)).map((s) => ({ secret: decryptSecret(secretsKey(), s.box), hint: s.hint })),
  }));
}

/**
 * The capture path's verifier for an endpoint, or null when it has no setting. Built without the
 * failure proofs: they cost ~60 µs per failed 1 KiB request (diagnose.ts), so the detail view
 * recomputes them from the stored bytes instead (explain.ts).
 */
export async function captureVerifier(endpointId: string): Promise<Verifier | null> {
  const settings = await settingsWithSecrets(endpointId);
  return settings.length ? prepareAll(settings, { diagnose: false }) : null;
}
