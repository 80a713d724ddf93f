import { expect, test } from "@playwright/test";

type Doc = { paths: Record<string, Record<string, { summary: string; parameters?: { name: string }[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };

test("the API reference renders every operation of /api/v1/openapi.json with its parameters and responses, and every schema", async ({ page }) => {
  const doc = (await (await page.request.get("/api/v1/openapi.json")).json()) as Doc;
  // Reached from Settings' API tokens section and from the help menu.
  await page.goto("/settings");
  await page.getByTestId("api-reference-link").click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await page.goto("/settings");
  await page.getByTestId("help-menu").click();
  await page.getByRole("menuitem", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);

  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  expect(operations.length).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId("api-operation")).toHaveCount(operations.length);
  await expect(page.getByTestId("api-toc").getByRole("link")).toHaveCount(operations.length);
  for (const { path, method, op } of operations) {
    const section = page.locator(`[data-testid="api-operation"][data-path="${path}"][data-method="${method}"]`);
    await expect(section, `${method} ${path}`).toHaveCount(1);
    await expect(section).toContainText(op.summary);
    await expect(section.getByTestId("api-parameter").locator("th")).toHaveText((op.parameters ?? []).map((p) => new RegExp(`^${p.name}\\*?$`)));
    await expect(section.getByTestId("api-response")).toHaveCount(Object.keys(op.responses).length);
    for (const status of Object.keys(op.responses)) await expect(section.locator(`[data-testid="api-response"][data-status="${status}"]`)).toHaveCount(1);
  }
  const names = Object.keys(doc.components.schemas);
  await expect(page.getByTestId("api-schema").locator("h3")).toHaveText(names);

  // A type names its schema and links to it.
  const page200 = page.locator('[data-testid="api-operation"][data-path="/api/v1/endpoints/{id}/requests"] [data-testid="api-response"][data-status="200"]');
  await page200.getByRole("link", { name: "RequestPage" }).click();
  await expect(page).toHaveURL(/#schema-RequestPage$/);
  await expect(page.locator("#schema-RequestPage")).toBeInViewport();
  await expect(page.locator("#schema-RequestPage").getByTestId("schema-field").first()).toContainText("requests");
});
