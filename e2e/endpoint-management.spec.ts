import { expect, test } from "@playwright/test";
import { confirm, createEndpointViaUi, endpointAction, toast } from "./helpers/inbox";

test("create, rename and delete an endpoint from the sidebar and the endpoint menu, each confirmed by a toast", async ({ page }) => {
  const ep = await createEndpointViaUi(page, "To rename");
  await expect(toast(page, "Created “To rename”")).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Endpoints" });
  await expect(nav.locator('[aria-current="page"]').getByTestId("endpoint-name")).toHaveText("To rename");

  await endpointAction(page, "Rename…");
  const dialog = page.getByRole("dialog", { name: "Rename endpoint" });
  await dialog.getByLabel("Name").fill("Renamed");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(toast(page, "Endpoint renamed")).toBeVisible();
  await expect(page.getByTestId("endpoint-title")).toHaveText("Renamed");
  await expect(nav.getByTestId("endpoint-name").filter({ hasText: "Renamed" })).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId("endpoint-title")).toHaveText("Renamed");

  // Escape closes the confirmation without deleting anything.
  await endpointAction(page, "Delete endpoint…");
  await expect(page.getByTestId("confirm-dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("confirm-dialog")).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/endpoints/${ep.id}$`));

  await endpointAction(page, "Delete endpoint…");
  await confirm(page, "Delete endpoint");
  await expect(toast(page, "Deleted “Renamed”")).toBeVisible();
  await expect(page).not.toHaveURL(new RegExp(`/endpoints/${ep.id}$`));
  await expect(nav.getByTestId("endpoint-name").filter({ hasText: "Renamed" })).toHaveCount(0);
});

test("a refused save says why in plain words, outlines the field, and keeps the dialog open", async ({ page }) => {
  await createEndpointViaUi(page, `Settings ${Date.now()}`);
  await endpointAction(page, "Response settings…");
  const dialog = page.getByRole("dialog", { name: "Response settings" });
  await dialog.getByLabel("Status").fill("");
  await dialog.getByRole("button", { name: "Save response" }).click();
  await expect(dialog.getByTestId("field-error")).toHaveText("Status must be a number");
  await expect(dialog.getByLabel("Status")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Status").fill("9000");
  await dialog.getByRole("button", { name: "Save response" }).click();
  await expect(dialog.getByTestId("field-error")).toHaveText("Status must be at most 599");

  await dialog.getByLabel("Status").fill("202");
  await dialog.getByRole("button", { name: "Save response" }).click();
  await expect(toast(page, "Response settings saved")).toBeVisible();
  await expect(dialog).toHaveCount(0);
  const url = (await page.getByTestId("endpoint-url").textContent())!;
  expect((await fetch(url, { method: "POST", body: "x" })).status).toBe(202);
});
