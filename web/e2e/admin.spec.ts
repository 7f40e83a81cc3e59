// Scenario 7 and the admin pages: a staff member finds a user (filters kept in the URL), sets an
// app-limit override, and disables them; the user's next action lands on the "disabled" page.
import { expect, expectAccessible, PASSWORD, screenshot, signIn, signUp, test, uniqueEmail } from "./fixtures";
import { STAFF_EMAIL, STAFF_PASSWORD } from "./support/plangate";

test("an admin disables a signed-in user, whose next action shows the disabled message", async ({ page, browser, stack }, info) => {
  test.setTimeout(90_000);
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("misbehaving");
  await signUp(page, stack, email);
  // Not staff: no Admin link, and the admin pages are not there for them.
  await expect(page.getByRole("navigation").getByRole("link", { name: "Admin" })).toHaveCount(0);

  const adminContext = await browser.newContext({ baseURL: stack.plangate.origin });
  const admin = await adminContext.newPage();
  await signIn(admin, STAFF_EMAIL, STAFF_PASSWORD);
  await admin.getByRole("navigation").getByRole("link", { name: "Admin" }).click();
  await expect(admin.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await admin.getByLabel("Search").fill(email.split("@")[0]!);
  await admin.getByLabel("Search").press("Enter");
  await expect(admin).toHaveURL(/search=/);
  await expect(admin.getByRole("row")).toHaveCount(2); // the header and the one match
  // The filters live in the URL: a reload keeps them.
  await admin.reload();
  await expect(admin.getByRole("row")).toHaveCount(2);
  await expectAccessible(admin);
  await screenshot(admin, "admin-users", engine);

  await admin.getByRole("link", { name: email }).click();
  await expect(admin.getByRole("heading", { name: email, level: 1 })).toBeVisible();
  await admin.getByLabel("App limit override").fill("7");
  await admin.getByRole("button", { name: "Save override" }).click();
  await expect(admin.getByText("Saved. The limit is now 7 apps.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("0 of 7 apps")).toBeVisible();
  // Staff cannot disable themselves; this user they can.
  await admin.getByRole("button", { name: "Disable" }).click();
  await expect(admin.getByRole("button", { name: "Enable" })).toBeVisible();
  await screenshot(admin, "admin-user", engine);

  // The user, still on their page with a valid access token, acts: the server refuses at once.
  await page.getByRole("navigation").getByRole("link", { name: "Account" }).click();
  await expect(page.getByText("Your account has been disabled")).toBeVisible();
  await expect(page).toHaveURL(/\/account-disabled/);
  // And signing in again says the same.
  await signInExpectingDisabled(page, email);
  await adminContext.close();
});

async function signInExpectingDisabled(page: import("@playwright/test").Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("Correct-Horse-Battery-9");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/account has been disabled/i)).toBeVisible();
}

test("an admin cancels a subscription at period end, then now; the user is basic again", async ({ page, browser, stack }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail("subscriber");
  await signUp(page, stack, email);
  await page.goto("/billing");
  await page.getByRole("button", { name: "Upgrade to pro_monthly" }).click();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByText("You are now on Pro.")).toBeVisible({ timeout: 30_000 });

  const adminContext = await browser.newContext({ baseURL: stack.plangate.origin });
  const admin = await adminContext.newPage();
  await signIn(admin, STAFF_EMAIL, STAFF_PASSWORD);
  await admin.goto(`/admin/users?search=${encodeURIComponent(email)}`);
  await admin.getByRole("link", { name: email }).click();
  const details = admin.getByRole("region", { name: "Subscription" });
  await expect(details.getByText("active", { exact: true })).toBeVisible();

  await admin.getByRole("button", { name: "Cancel subscription at period end" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Cancel at period end" }).click();
  await expect(admin.getByText("Stripe was asked to cancel the subscription at the end of the period.")).toBeVisible();
  const customer = stack.stripe.customerByEmail(email)!;
  const sub = () => stack.stripe.subscriptionOf(customer)!;
  expect(stack.stripe.requests.some((r) => r.method === "POST" && r.path === `/v1/subscriptions/${sub().id as string}` && r.form.get("cancel_at_period_end") === "true")).toBe(true);
  // Stripe's event comes back: the detail shows the scheduled cancellation, the user is still pro.
  await expect(async () => {
    await admin.reload();
    await expect(details.getByText("Yes", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  await admin.getByRole("button", { name: "Cancel subscription now" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Cancel now" }).click();
  await expect(admin.getByText("Stripe was asked to cancel the subscription now.")).toBeVisible();
  expect(stack.stripe.requests.some((r) => r.method === "DELETE" && r.path === `/v1/subscriptions/${sub().id as string}`)).toBe(true);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("navigation").getByText("Basic")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await adminContext.close();
});

test("an admin pages through many users with Next and Previous, each page kept in the URL", async ({ page }, info) => {
  test.setTimeout(90_000);
  const engine = info.project.name as "sqlite" | "postgres";
  const tag = `pager${process.pid}x${Date.now().toString(36)}`;
  const emailOf = (i: number) => `${tag}-${String(i).padStart(2, "0")}@e2e.example`;
  for (let i = 0; i < 23; i += 1) {
    const r = await page.request.post("/api/v1/auth/register", { data: { email: emailOf(i), password: PASSWORD } });
    expect(r.status()).toBe(201);
  }
  await signIn(page, STAFF_EMAIL, STAFF_PASSWORD);
  await page.goto(`/admin/users?search=${tag}&ordering=email`);
  await expect(page.getByText("Page 1 of 2")).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(21); // the header and 20 users
  await expect(page.getByRole("link", { name: emailOf(0) })).toBeVisible();

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByText("Page 2 of 2")).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(4);
  for (const i of [20, 21, 22]) await expect(page.getByRole("link", { name: emailOf(i) })).toBeVisible();
  await expect(page.getByRole("link", { name: "Next" })).toHaveCount(0);
  await screenshot(page, "admin-users-page-2", engine);
  // The cursor is in the URL: a reload shows the same page.
  await page.reload();
  await expect(page.getByRole("link", { name: emailOf(22) })).toBeVisible();

  await page.getByRole("link", { name: "Previous" }).click();
  await expect(page.getByText("Page 1 of 2")).toBeVisible();
  await expect(page.getByRole("link", { name: emailOf(0) })).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(21);
  await expect(page.getByRole("link", { name: "Previous" })).toHaveCount(0);
});
