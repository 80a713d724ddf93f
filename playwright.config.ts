import { defineConfig } from "@playwright/test";

// E2E runs against the production build (`npm run build` first) on a throwaway SQLite file, in
// Debian's Chromium: Playwright's own browser download is impossible offline.
const PORT = Number(process.env.E2E_PORT ?? 3199);
export const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], use: { storageState: ".e2e-data/user.json" } },
  ],
  webServer: {
    command: "rm -rf .e2e-data && mkdir -p .e2e-data && node --import tsx server.ts",
    url: `${baseURL}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: ".e2e-data",
      DATABASE_URL: "file:.e2e-data/inbox.db",
      // The forwarding spec's target listens on loopback, which the SSRF guard blocks by default.
      FORWARD_ALLOW_CIDRS: "127.0.0.1/32",
      // Every spec signs in from 127.0.0.1; the per-address sign-in throttle is tested in tests/api-auth.test.ts.
      AUTH_ATTEMPTS_PER_MINUTE: "100000",
    },
  },
});
