import { expect, test } from "@playwright/test";

test("rename and delete an endpoint", async ({ page }) => {
  await page.goto("/endpoints");
  await page.getByLabel("New endpoint name").fill("To rename");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page.getByTestId("endpoint-row").filter({ hasText: "To rename" })).toHaveCount(1);
  // Newest first; once editing, the name is an input value rather than text, so pin the row by position.
  const row = page.getByTestId("endpoint-row").first();
  await expect(row).toContainText("To rename");

  await row.getByRole("button", { name: "Rename" }).click();
  await row.getByLabel("Endpoint name").fill("Renamed");
  await row.getByRole("button", { name: "Save" }).click();
  const renamed = page.getByTestId("endpoint-row").filter({ hasText: "Renamed" });
  await expect(renamed).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId("endpoint-row").filter({ hasText: "Renamed" })).toHaveCount(1);

  page.once("dialog", (d) => d.accept());
  await page.getByTestId("endpoint-row").filter({ hasText: "Renamed" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("endpoint-row").filter({ hasText: "Renamed" })).toHaveCount(0);
});
