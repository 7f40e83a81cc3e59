import { defineConfig } from "@playwright/test";

import type { Engine } from "./e2e/support/plangate";

// The browser tests drive Debian's Chromium (Playwright's own browser download cannot work on
// these machines) against the real plangate binary, once per database engine.
export default defineConfig<object, { engine: Engine }>({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  reporter: [["list"]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Root cannot use Chromium's sandbox.
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    },
    viewport: { width: 1280, height: 800 },
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "sqlite", use: { engine: "sqlite" } },
    { name: "postgres", use: { engine: "postgres" } },
  ],
});
