import { test as setup, expect } from "@playwright/test";

// Signs one user up through the UI and stores the session for the specs that just need "a user".
setup("sign up the shared e2e user", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("e2e@example.com");
  await page.getByLabel("Password").fill("e2e-password-1");
  await page.getByRole("button", { name: "Sign up" }).click();
  // A new account lands in its first endpoint's inbox.
  await expect(page.getByTestId("endpoint-title")).toHaveText("My first endpoint");
  await page.context().storageState({ path: ".e2e-data/user.json" });
});
