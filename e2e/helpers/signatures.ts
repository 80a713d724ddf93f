import { createHmac } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import { createEndpointViaApi, expectSeqs, openInbox, sendOk, type TestEndpoint } from "./inbox";

/** What GitHub sends in X-Hub-Signature-256 for this secret and body. */
export const githubSignature = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** Sends a GitHub-style delivery signed with `secret` (or the signature given). */
export function sendGithub(url: string, body: string, opts: { secret?: string; signature?: string; delivery?: string } = {}) {
  const headers: [string, string][] = [["Content-Type", "application/json"], ["X-GitHub-Event", "push"]];
  if (opts.delivery) headers.push(["X-GitHub-Delivery", opts.delivery]);
  if (opts.signature ?? opts.secret) headers.push(["X-Hub-Signature-256", opts.signature ?? githubSignature(opts.secret!, body)]);
  return sendOk(url, { method: "POST", path: "/github", headers, body });
}

export function signaturesSheet(page: Page): Locator {
  return page.getByTestId("signatures-sheet");
}

export async function openSignatures(page: Page): Promise<Locator> {
  await page.getByTestId("open-signatures").click();
  const sheet = signaturesSheet(page);
  await expect(sheet).toBeVisible();
  return sheet;
}

/**
 * An endpoint verifying GitHub signatures (set up through the API), with a valid delivery, one
 * whose JSON was re-serialised on the way (invalid, explained), and a repeat of the first; its
 * inbox open.
 */
export async function signedInbox(page: Page, name: string): Promise<TestEndpoint> {
  const ep = await createEndpointViaApi(page.request, name);
  const secret = "screenshot-secret-0042";
  expect((await page.request.post(`/api/endpoints/${ep.id}/verifications`, { data: { scheme: "github", secret } })).status()).toBe(201);
  const body = '{"ref":"refs/heads/main","commits":[{"id":"a1b2c3"}]}';
  await sendGithub(ep.url, body, { secret, delivery: "d-1" });
  await sendGithub(ep.url, JSON.stringify(JSON.parse(body), null, 2), { signature: githubSignature(secret, body), delivery: "d-2" });
  await sendGithub(ep.url, body, { secret, delivery: "d-1" });
  await openInbox(page, ep);
  await expectSeqs(page, [3, 2, 1]);
  return ep;
}
