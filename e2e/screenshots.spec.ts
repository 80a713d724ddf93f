import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { openRequest, rowBySeq } from "./helpers/inbox";
import { populatedInbox, showBody } from "./helpers/pages";
import { openSignatures, signedInbox } from "./helpers/signatures";

/**
 * Pictures of the main pages for reviewers, at a laptop and a phone size, light and dark, written
 * to e2e-screenshots/ (git-ignored; CI keeps the folder as an artifact).
 */
const DIR = path.resolve(import.meta.dirname, "../e2e-screenshots");
const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;

test.beforeAll(() => fs.mkdirSync(DIR, { recursive: true }));

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  // Toasts and hover states are moments, not the page.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(DIR, `${name}.png`), animations: "disabled" });
}

for (const scheme of ["light", "dark"] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`${size} ${scheme}`, async ({ browser }) => {
      test.setTimeout(90_000);
      const context = await browser.newContext({ viewport, colorScheme: scheme, storageState: { cookies: [], origins: [] } });
      const signedOut = await context.newPage();
      await signedOut.goto("/signin");
      await shot(signedOut, `signin-${size}-${scheme}`);
      await context.close();

      const authed = await browser.newContext({ viewport, colorScheme: scheme, storageState: ".e2e-data/user.json" });
      const page = await authed.newPage();
      const empty = await page.request.post("/api/endpoints", { data: { name: "New endpoint" } });
      await page.goto(`/endpoints/${(await empty.json()).id}`);
      await expect(page.getByTestId("first-request-guide")).toBeVisible();
      await shot(page, `first-run-${size}-${scheme}`);

      await populatedInbox(page, `Stripe ${size} ${scheme}`);
      if (size === "phone") {
        await shot(page, `inbox-${size}-${scheme}`);
        await page.getByTestId("request-row").first().click();
      }
      await showBody(page);
      await shot(page, `${size === "phone" ? "request" : "inbox"}-${size}-${scheme}`);

      if (size === "phone") await page.getByRole("button", { name: "Back to list" }).click();
      await page.getByLabel("Search requests").fill("method:POST body.data.object.amount:>4000");
      await expect(page.getByTestId("request-row")).toHaveCount(2);
      await shot(page, `search-${size}-${scheme}`);

      await page.getByTestId("open-rules").click();
      await page.getByRole("button", { name: "New rule" }).click();
      await page.getByRole("button", { name: "Use the current search" }).click();
      await shot(page, `rule-editor-${size}-${scheme}`);
      await page.keyboard.press("Escape");

      // A token with a few calls, so Settings shows usage (counts are flushed every 2 s).
      const token = (await (await page.request.post("/api/tokens", { data: { name: `Poller ${size} ${scheme}`, readOnly: true } })).json()).token as string;
      for (const path of ["/api/v1/endpoints", "/api/v1/endpoints"]) await page.request.get(path, { headers: { authorization: `Bearer ${token}` } });

      await signedInbox(page, `GitHub ${size} ${scheme}`);
      if (size === "phone") await shot(page, `signed-inbox-${size}-${scheme}`);
      if (size === "phone") await rowBySeq(page, 2).click();
      else await openRequest(page, 2);
      await expect(page.getByTestId("signature-section")).toBeVisible();
      await shot(page, `signature-${size}-${scheme}`);
      if (size === "phone") await page.getByRole("button", { name: "Back to list" }).click();
      const sheet = await openSignatures(page);
      await sheet.getByRole("button", { name: "Add a secret (rotation)" }).click();
      await shot(page, `signatures-${size}-${scheme}`);
      await sheet.getByRole("button", { name: "Add verification" }).click();
      await sheet.getByLabel("Provider").selectOption({ label: "Generic HMAC" });
      await shot(page, `signature-form-${size}-${scheme}`);
      await page.keyboard.press("Escape");

      await page.goto("/docs/api");
      await expect(page.getByTestId("api-operation").first()).toBeVisible();
      await shot(page, `api-reference-${size}-${scheme}`);
      await page.locator("#op-listEndpointRequests").evaluate((el) => el.scrollIntoView());
      await shot(page, `api-operation-${size}-${scheme}`);

      await page.goto("/settings");
      await shot(page, `settings-${size}-${scheme}`);
      await authed.close();
    });
  }
}
