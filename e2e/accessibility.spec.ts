import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openRequest } from "./helpers/inbox";
import { populatedInbox, showBody } from "./helpers/pages";
import { openSignatures, signedInbox } from "./helpers/signatures";

/** Serious and critical WCAG 2.x A/AA violations on the page as it is now (none allowed). */
async function violations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test("sign-in and sign-up pages", async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: scheme, storageState: { cookies: [], origins: [] } });
      const page = await context.newPage();
      await page.goto("/signin");
      expect(await violations(page)).toEqual([]);
      await page.goto("/signup");
      expect(await violations(page)).toEqual([]);
      await context.close();
    });

    test("inbox with a request open, the rules sheet and the rule editor, settings", async ({ page }) => {
      await populatedInbox(page, `A11y ${scheme} ${Date.now()}`);
      await expect(page.locator("main")).toHaveCount(1);
      await expect(page.getByRole("navigation", { name: "Endpoints" })).toHaveCount(1);
      await showBody(page);
      expect(await violations(page)).toEqual([]);

      await page.getByTestId("open-rules").click();
      await expect(page.getByTestId("rule-row")).toHaveCount(1);
      expect(await violations(page)).toEqual([]);
      await page.getByRole("button", { name: "New rule" }).click();
      await page.getByRole("button", { name: "Add condition" }).click();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press("Escape");

      await page.getByTestId("query-help").click();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press("Escape");

      await page.goto("/settings");
      await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test("signatures: badges and a failure explained, the panel with a setting and the form, the re-check, the API reference", async ({ page }) => {
      await signedInbox(page, `A11y signed ${scheme} ${Date.now()}`);
      await openRequest(page, 2);
      await expect(page.getByTestId("signature-diagnosis")).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await openRequest(page, 3);
      await expect(page.getByTestId("duplicate-link")).toBeVisible();
      expect(await violations(page)).toEqual([]);

      const sheet = await openSignatures(page);
      await expect(sheet.getByTestId("verification")).toHaveCount(1);
      await sheet.getByRole("button", { name: "Re-check 3 stored requests" }).click();
      await expect(sheet.getByTestId("recheck-status")).toHaveText(/^Re-checked 3 requests/);
      await sheet.getByRole("button", { name: "Add a secret (rotation)" }).click();
      expect(await violations(page)).toEqual([]);
      await sheet.getByRole("button", { name: "Add verification" }).click();
      await sheet.getByLabel("Provider").selectOption({ label: "Generic HMAC" });
      await sheet.getByRole("button", { name: "Add verification" }).click();
      await expect(sheet.getByTestId("field-error").first()).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press("Escape");

      await page.goto("/docs/api");
      await expect(page.getByTestId("api-operation").first()).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test("compare tab: the comparison with its charts, the experiment form, a cancelled experiment's report", async ({ page }) => {
      test.setTimeout(60_000);
      const ep = await populatedInbox(page, `A11y compare ${scheme} ${Date.now()}`);
      await page.goto(`/endpoints/${ep.id}/compare`);
      await expect(page.getByTestId("compare-result")).toBeVisible();
      await expect(page.getByTestId("chart-traffic").locator("canvas")).toHaveCount(1);
      expect(await violations(page)).toEqual([]);
      await page.getByLabel("Duration (s)").fill("10");
      await page.getByRole("button", { name: "Start experiment" }).click();
      await expect(page.getByTestId("experiment-view")).toHaveAttribute("data-state", "running");
      expect(await violations(page)).toEqual([]);
      await page.getByTestId("cancel-experiment").click();
      await expect(page.getByTestId("experiment-view")).toHaveAttribute("data-state", "cancelled");
      await expect(page.getByTestId("report-row").first()).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test("narrow screen: inbox, request and the navigation drawer", async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await populatedInbox(page, `A11y narrow ${scheme} ${Date.now()}`);
      expect(await violations(page)).toEqual([]);
      await page.getByTestId("request-row").first().click();
      await expect(page.getByTestId("request-detail")).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.getByRole("button", { name: "Open the endpoint list" }).click();
      await expect(page.getByRole("dialog", { name: "Endpoints" })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  });
}

test("every page has a favicon, an app icon and a manifest", async ({ page, request }) => {
  for (const path of ["/favicon.ico", "/icon.svg", "/apple-touch-icon.png", "/icon-192.png", "/icon-512.png", "/manifest.webmanifest"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
  }
  await page.goto("/signin");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /favicon\.ico|icon\.svg/);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
});
