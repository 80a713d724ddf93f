import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { confirm, createEndpointViaApi, expectSeqs, openInbox, openRequest, rowBySeq, search, toast } from "./helpers/inbox";
import { githubSignature, openSignatures, sendGithub } from "./helpers/signatures";

/** Every body the page received from the server, as text (the live stream, which never ends, aside). */
function recordResponses(page: Page): () => Promise<string[]> {
  const pending: Promise<string>[] = [];
  page.on("response", (res) => {
    if ((res.headers()["content-type"] ?? "").includes("text/event-stream")) return;
    pending.push(res.text().catch(() => ""));
  });
  return () => Promise.all(pending);
}

test("GitHub: configure a secret, a valid and an invalid delivery get their badges and the failure is explained; the secret never reaches the browser", async ({ page }) => {
  const secret = "gh-e2e-secret-Q7vR2mXk9";
  const responses = recordResponses(page);
  const ep = await createEndpointViaApi(page.request, `GitHub sigs ${Date.now()}`);
  await openInbox(page, ep);

  const sheet = await openSignatures(page);
  await expect(sheet).toContainText("Nothing is verified yet");
  await sheet.getByRole("button", { name: "Add verification" }).click();
  const form = sheet.getByTestId("verification-form");
  // A refused field is named and outlined: generic HMAC needs its header.
  await form.getByLabel("Provider").selectOption({ label: "Generic HMAC" });
  await form.getByLabel("Secret", { exact: true }).fill(secret);
  await form.getByRole("button", { name: "Add verification" }).click();
  await expect(form.getByTestId("field-error")).toHaveText(/^Signature header /);
  await expect(form.getByLabel("Signature header")).toHaveAttribute("aria-invalid", "true");
  // GitHub, with the header the server uses by default; the secret typed stays in a password field.
  await form.getByLabel("Provider").selectOption({ label: "GitHub" });
  await expect(form.getByTestId("field-error")).toHaveCount(0);
  await expect(form.getByLabel("Signature header")).toHaveValue("X-Hub-Signature-256");
  await expect(form.getByLabel("Secret", { exact: true })).toHaveAttribute("type", "password");
  await form.getByRole("button", { name: "Add verification" }).click();
  await expect(toast(page, "GitHub verification added")).toBeVisible();
  const card = sheet.getByTestId("verification");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("header X-Hub-Signature-256");
  await expect(card.getByTestId("secret-hint")).toHaveText(`••••${secret.slice(-4)}`);
  await page.keyboard.press("Escape");

  const body = '{"action":"opened","number":1}';
  const pretty = JSON.stringify(JSON.parse(body), null, 2);
  await sendGithub(ep.url, body, { secret });
  // What a proxy that re-encoded the JSON would deliver: the signature is over the original bytes.
  await sendGithub(ep.url, pretty, { signature: githubSignature(secret, body) });
  await expectSeqs(page, [2, 1]);
  await expect(rowBySeq(page, 1).getByTestId("signature-badge")).toHaveAttribute("data-status", "valid");
  await expect(rowBySeq(page, 2).getByTestId("signature-badge")).toHaveAttribute("data-status", "invalid");
  await expect(rowBySeq(page, 2).getByTestId("signature-badge")).toHaveText("signature invalid");

  const bad = await openRequest(page, 2);
  await expect(bad.getByTestId("request-header").getByTestId("signature-badge")).toHaveAttribute("data-status", "invalid");
  const section = bad.getByTestId("signature-section");
  await expect(section.getByTestId("signature-reason")).toHaveText("The X-Hub-Signature-256 signature does not match the body with the configured secret.");
  await expect(section.getByTestId("signature-header")).toHaveText("X-Hub-Signature-256");
  const hex = (b: string) => createHmac("sha256", secret).update(b).digest("hex");
  await expect(section.getByTestId("signature-received")).toHaveText(`${hex(body).slice(0, 8)}…`);
  await expect(section.getByTestId("signature-expected")).toContainText(`${hex(pretty).slice(0, 8)}…`);
  await expect(section.getByTestId("signature-secret")).toHaveText(`ending in ${secret.slice(-4)}`);
  await expect(section.getByTestId("signature-diagnosis")).toContainText("Matches a re-serialised copy of the JSON body");

  const good = await openRequest(page, 1);
  await expect(good.getByTestId("signature-section")).toHaveAttribute("data-status", "valid");
  await expect(good.getByTestId("signature-reason")).toHaveText("The X-Hub-Signature-256 signature matches the body with the configured secret.");

  // The inbox filters by result (search chips).
  await search(page, "sig:invalid", [2]);
  await expect(page.getByTestId("filter-chip")).toHaveText(["signature invalid"]);
  await search(page, "-sig:invalid", [1]);
  await search(page, "", [2, 1]);

  // Never sent back: not in any answer this page received, not in the HTML of the pages.
  await page.reload();
  await expect(page.getByTestId("request-row")).toHaveCount(2);
  await openSignatures(page);
  const texts = await responses();
  // The recorder saw the answers that matter: the settings (with the hint) and the request details.
  expect(texts.some((t) => t.includes(`"secretHint":"${secret.slice(-4)}"`))).toBe(true);
  expect(texts.some((t) => t.includes('"diagnosis":["Matches a re-serialised'))).toBe(true);
  for (const text of texts) expect(text).not.toContain(secret.slice(0, 12));
  expect(await page.content()).not.toContain(secret.slice(0, 12));
  for (const path of [`/endpoints/${ep.id}`, "/settings", `/api/endpoints/${ep.id}/verifications`, `/api/endpoints/${ep.id}/requests`]) {
    expect(await (await page.request.get(path)).text(), path).not.toContain(secret.slice(0, 12));
  }
});

test("rotation: a new secret is tried first, the stored requests are re-checked with progress, the old secret is removed", async ({ page }) => {
  const oldSecret = "rotate-old-secret-1111";
  const newSecret = "rotate-new-secret-2222";
  const ep = await createEndpointViaApi(page.request, `Rotation ${Date.now()}`);
  expect((await page.request.post(`/api/endpoints/${ep.id}/verifications`, { data: { scheme: "github", secret: oldSecret } })).status()).toBe(201);
  // The sender switched to the new secret before the inbox knew it: 300 deliveries fail.
  const body = (i: number) => JSON.stringify({ delivery: i });
  await sendGithub(ep.url, body(0), { secret: oldSecret });
  for (let i = 1; i <= 300; i++) await sendGithub(ep.url, body(i), { secret: newSecret });
  await openInbox(page, ep);
  await expect(rowBySeq(page, 301).getByTestId("signature-badge")).toHaveAttribute("data-status", "invalid");
  await expect(rowBySeq(page, 1)).toHaveCount(0); // far down the list, not rendered

  const sheet = await openSignatures(page);
  const card = sheet.getByTestId("verification");
  await card.getByRole("button", { name: "Add a secret (rotation)" }).click();
  await card.getByLabel("New secret").fill(newSecret);
  await card.getByRole("button", { name: "Save secret" }).click();
  await expect(toast(page, /Secret added/)).toBeVisible();
  await expect(card.getByTestId("secret-hint")).toHaveText(["••••2222", "••••1111"]);
  await expect(card.getByTestId("secret").first()).toContainText("newest, tried first");

  // The change is offered as a re-check of every stored request, and its progress shown.
  const recheck = sheet.getByTestId("recheck");
  await expect(recheck).toContainText("The settings changed");
  await recheck.getByRole("button", { name: "Re-check 301 stored requests" }).click();
  const progress = recheck.getByRole("progressbar", { name: "Re-check progress" });
  await expect(progress).toHaveAttribute("aria-valuemax", "301");
  await expect(progress).toHaveAttribute("aria-valuenow", "301");
  await expect(recheck.getByTestId("recheck-status")).toHaveText("Re-checked 301 requests: 300 results changed.");
  await page.keyboard.press("Escape");

  // The list reloaded with the new results; the oldest still verifies with the old secret.
  await expect(rowBySeq(page, 301).getByTestId("signature-badge")).toHaveAttribute("data-status", "valid");
  const top = await openRequest(page, 301);
  await expect(top.getByTestId("signature-secret")).toHaveText("ending in 2222");
  await search(page, `body.delivery:0`, [1]);
  const oldest = await openRequest(page, 1);
  await expect(oldest.getByTestId("signature-secret")).toHaveText("ending in 1111");
  await expect(oldest.getByTestId("signature-diagnosis")).toHaveText("Matches with secret ...1111 (an older one, not the newest ...2222).");

  // Removing the old secret: what it signed stops verifying for new arrivals.
  await openSignatures(page);
  await card.getByRole("button", { name: "Remove the secret ending in 1111" }).click();
  await confirm(page, "Remove secret");
  await expect(toast(page, "Secret ending in “1111” removed")).toBeVisible();
  await expect(card.getByTestId("secret-hint")).toHaveText(["••••2222"]);
});

test("duplicates: a repeated delivery id is flagged on its row and in the detail, links to the original, and is:duplicate finds it", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, `Duplicates ${Date.now()}`);
  await sendGithub(ep.url, '{"n":1}', { delivery: "delivery-a" });
  await sendGithub(ep.url, '{"n":2}', { delivery: "delivery-b" });
  await openInbox(page, ep);
  // The repeat arrives live: its event already names the original.
  await sendGithub(ep.url, '{"n":1}', { delivery: "delivery-a" });
  await expectSeqs(page, [3, 2, 1]);
  await expect(rowBySeq(page, 3).getByTestId("duplicate-badge")).toHaveText("duplicate of #1");
  await expect(page.getByTestId("duplicate-badge")).toHaveCount(1);
  // No verification configured: no signature badge at all.
  await expect(page.getByTestId("signature-badge")).toHaveCount(0);

  const detail = await openRequest(page, 3);
  await detail.getByTestId("duplicate-link").click();
  await expect(rowBySeq(page, 1)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("request-detail").getByRole("heading", { name: "Request #1" })).toBeVisible();
  await expect(page.getByTestId("duplicate-link")).toHaveCount(0);

  // The search's syntax help offers the filter; clicking it fills the box.
  await page.getByTestId("query-help").click();
  await page.getByTestId("query-help-popover").getByRole("button", { name: "is:duplicate", exact: true }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByLabel("Search requests")).toHaveValue("is:duplicate");
  await expectSeqs(page, [3]);
  await expect(page.getByTestId("filter-chip")).toHaveText(["duplicates"]);
});
