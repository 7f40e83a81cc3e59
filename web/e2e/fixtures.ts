// What every browser test gets: a plangate of its own per worker (on the project's database
// engine, with the fake Stripe, and with the fake OpenID Connect provider when a spec asks for
// it with `test.use({ oidc: true })`), and helpers that act as a person would.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

import { FakeOidc } from "./support/fake-oidc";
import { FakeStripe } from "./support/fake-stripe";
import { waitForLink } from "./support/mail";
import { Plangate, webRoot, type Engine } from "./support/plangate";

export { expect };

export interface Stack {
  plangate: Plangate;
  stripe: FakeStripe;
  /** Present when the spec asked for `oidc: true`. */
  oidc?: FakeOidc;
}

interface WorkerFixtures {
  engine: Engine;
  serverEnv: Record<string, string>;
  /** Offer sign-in with the fake OpenID Connect provider ("Test ID"). */
  oidc: boolean;
  stack: Stack;
}

export const PASSWORD = "Correct-Horse-Battery-9";

let counter = 0;
/** An address no other test uses. */
export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}-${Date.now().toString(36)}@e2e.example`;
}

export const test = base.extend<object, WorkerFixtures>({
  engine: ["sqlite", { option: true, scope: "worker" }],
  serverEnv: [{}, { option: true, scope: "worker" }],
  oidc: [false, { option: true, scope: "worker" }],
  stack: [
    async ({ engine, serverEnv, oidc: withOidc }, use) => {
      const stripe = new FakeStripe();
      await stripe.start();
      const oidc = withOidc ? new FakeOidc() : undefined;
      await oidc?.start();
      const plangate = new Plangate({ engine, env: { ...oidc?.env(), ...serverEnv }, stripe });
      await plangate.start();
      plangate.createSuperuser();
      await use({ plangate, stripe, ...(oidc ? { oidc } : {}) });
      await plangate.stop();
      await stripe.stop();
      await oidc?.stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.plangate.origin);
  },
});

/** Registers through the page, opens the link from the verification email, and signs in. */
export async function signUp(page: Page, stack: Stack, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  const link = await waitForLink(stack.plangate.mailDir, email, "verify-email");
  await page.goto(link);
  await expect(page.getByText("Your email is verified")).toBeVisible();
  await signIn(page, email, password);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
}

/** Creates an app through the dialog on the Apps page. */
export async function createApp(page: Page, name: string, description = ""): Promise<void> {
  await page.getByRole("button", { name: "New app" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  if (description) await dialog.getByLabel("Description").fill(description);
  await dialog.getByRole("button", { name: "Create app" }).click();
}

/** An axe scan of the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** Saves a screenshot of a main page; the sqlite run's copy is what docs/screenshots shows. */
export async function screenshot(page: Page, name: string, engine: Engine): Promise<void> {
  const dir = path.join(webRoot, "test-results", "screenshots", engine);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
