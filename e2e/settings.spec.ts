import { expect, test } from "@playwright/test";
import { confirm, createEndpointViaApi, toast } from "./helpers/inbox";

test("settings: create an API token (shown once, works on the pull API), see it listed, revoke it", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, `Token scope ${Date.now()}`);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  const name = `CLI ${Date.now()}`;
  await page.getByRole("button", { name: "New token" }).click();
  const dialog = page.getByRole("dialog", { name: "New API token" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Only these:").check();
  await dialog.getByLabel(/^Token scope/).check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(toast(page, `Token “${name}” created`)).toBeVisible();
  const token = (await page.getByTestId("token-value").textContent())!;
  expect(token).toMatch(/^whi_/);
  await page.getByRole("button", { name: "Done" }).click();

  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("read-only");
  await expect(row).toContainText(/^.*Token scope/);
  await expect(row).toContainText("never used");
  const api = await page.request.get("/api/v1/endpoints", { headers: { authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(200);
  expect(((await api.json()) as { endpoints: { id: string }[] }).endpoints.map((e) => e.id)).toEqual([ep.id]);

  await row.getByRole("button", { name: "Revoke" }).click();
  await confirm(page, "Revoke token");
  await expect(toast(page, `Token “${name}” revoked`)).toBeVisible();
  await expect(page.getByTestId("token-row").filter({ hasText: name })).toHaveCount(0);
  expect((await page.request.get("/api/v1/endpoints", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("settings: a wrong current password is named on its field", async ({ page }) => {
  await page.goto("/settings");
  const form = page.getByTestId("change-password");
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password").fill("a much longer and harder passphrase 42");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByTestId("field-error")).toHaveText("Current password does not match your current password");
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
});
