// Scenarios 3 and 4: the free plan's limit, the upgrade through Stripe Checkout and its webhook,
// a cancellation at period end, the end of the period, and the over-limit banner after it.
import { createApp, expect, expectAccessible, screenshot, signUp, test, uniqueEmail } from "./fixtures";
import { Plangate, type Engine } from "./support/plangate";

test("apps up to the limit, upgrade through Checkout, cancel at period end, back to basic", async ({ page, stack }, info) => {
  test.setTimeout(120_000);
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("upgrader");
  await signUp(page, stack, email);

  for (const name of ["Alpha", "Beta", "Gamma"]) {
    await createApp(page, name);
    await expect(page.getByRole("link", { name })).toBeVisible();
  }
  await expect(page.getByText("3 of 3 apps")).toBeVisible();

  // The fourth is refused with the limit and the count, and the way up.
  await createApp(page, "Delta");
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("You have reached your plan's limit of 3 apps (3 in use).")).toBeVisible();
  await screenshot(page, "app-limit", engine);
  await dialog.getByRole("link", { name: "Upgrade" }).click();

  await expect(page).toHaveURL(/\/billing$/);
  await expect(page.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "billing-basic", engine);
  await page.getByRole("button", { name: "Upgrade to pro_monthly" }).click();

  // Stripe's hosted Checkout (the fake), then back to the app, which waits for the webhook.
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/billing\/success\?session_id=cs_/);
  await expect(page.getByText("You are now on Pro.")).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  await screenshot(page, "billing-success", engine);
  const customer = stack.stripe.customerByEmail(email);
  expect(customer).toBeTruthy();
  const checkout = stack.stripe.requests.find((r) => r.path === "/v1/checkout/sessions");
  expect(checkout?.form.get("success_url")).toBe(`${stack.plangate.origin}/billing/success?session_id={CHECKOUT_SESSION_ID}`);

  await page.getByRole("navigation").getByRole("link", { name: "Apps" }).click();
  await expect(page.getByText("3 of 25 apps")).toBeVisible();
  await createApp(page, "Delta");
  await expect(page.getByRole("link", { name: "Delta" })).toBeVisible();
  await expect(page.getByText("4 of 25 apps")).toBeVisible();

  // Cancel in the billing portal: still pro, until the date shown.
  await page.getByRole("navigation").getByRole("link", { name: "Billing" }).click();
  await expect(page.getByText(/Renews on/)).toBeVisible();
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page.getByRole("heading", { name: "Fake billing portal" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page).toHaveURL(/\/billing$/);
  const end = new Date(((stack.stripe.subscriptionOf(customer!)?.current_period_end as number) ?? 0) * 1000);
  const year = String(end.getUTCFullYear());
  await expect(page.getByText(/Cancels on/)).toContainText(year);
  await screenshot(page, "billing-canceling", engine);

  // The period ends: Stripe deletes the subscription and the user is basic again, over the limit.
  await stack.stripe.endPeriod(customer!);
  await page.getByRole("navigation").getByRole("link", { name: "Apps" }).click();
  await page.reload();
  await expect(page.getByText("4 of 3 apps")).toBeVisible();
  await expect(page.getByText(/You are over your plan's limit: you keep your 4 apps/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "apps-over-limit", engine);
  await createApp(page, "Epsilon");
  await expect(page.getByRole("dialog").getByText("You have reached your plan's limit of 3 apps (4 in use).")).toBeVisible();
});

test("Checkout abandoned: the cancel page says nothing was charged", async ({ page, stack }) => {
  await signUp(page, stack, uniqueEmail("hesitant"));
  await page.goto("/billing");
  // No billing account yet: the portal says so in words.
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page.getByText(/upgrade first/i)).toBeVisible();
  await page.getByRole("button", { name: "Upgrade to pro_monthly" }).click();
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page).toHaveURL(/\/billing\/cancel$/);
  await expect(page.getByText("Checkout canceled. Nothing was charged.")).toBeVisible();
});

test("without Stripe keys, the billing page says calmly that billing is not available", async ({ browser, stack }, info) => {
  const plangate = new Plangate({ engine: info.project.name as Engine });
  await plangate.start();
  try {
    const context = await browser.newContext({ baseURL: plangate.origin });
    const page = await context.newPage();
    await signUp(page, { ...stack, plangate }, uniqueEmail("unbilled"));
    await page.getByRole("navigation").getByRole("link", { name: "Billing" }).click();
    await expect(page.getByText("Billing is not available on this server.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Upgrade to pro_monthly" })).toHaveCount(0);
    await context.close();
  } finally {
    await plangate.stop();
  }
});
