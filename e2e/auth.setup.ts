import { test as setup, expect } from "@playwright/test";

// Signs one user up through the UI and stores the session for the specs that just need "a user".
setup("sign up the shared e2e user", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("e2e@example.com");
  await page.getByLabel("Password").fill("e2e-password-1");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Endpoints" })).toBeVisible();
  await page.context().storageState({ path: ".e2e-data/user.json" });
});
