// Scenarios 1 and 2: a person signs up, verifies from the email, signs in; forgets the password,
// resets it from the email, and the sessions from before are gone.
import { PASSWORD, createApp, expect, expectAccessible, screenshot, signIn, signUp, test, uniqueEmail } from "./fixtures";
import { waitForLink } from "./support/mail";

test("register, open the verification link from the email, sign in, see the dashboard", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("newcomer");
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expectAccessible(page);
  await screenshot(page, "login", engine);

  await page.goto("/register");
  await expectAccessible(page);
  await screenshot(page, "register", engine);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "check-email", engine);

  // The link in the email points at this server: FRONTEND_URL defaults to its own origin.
  const link = await waitForLink(stack.plangate.mailDir, email, "verify-email");
  expect(link.startsWith(`${stack.plangate.origin}/verify-email?token=`)).toBe(true);
  await page.goto(link);
  await expect(page.getByText("Your email is verified")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "verified", engine);

  await signIn(page, email);
  await expect(page.getByText("0 of 3 apps")).toBeVisible();
  await expect(page.getByRole("navigation").getByText(email)).toBeVisible();
  await expectAccessible(page);
  await createApp(page, "First app", "Made in the browser");
  await expect(page.getByRole("link", { name: "First app" })).toBeVisible();
  await expect(page.getByText("1 of 3 apps")).toBeVisible();
  await screenshot(page, "apps", engine);

  // A reload restores the session from the refresh cookie alone.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "First app" })).toBeVisible();

  // A used link says so in words.
  await page.goto(link);
  await expect(page.getByText("This link is invalid or has expired.")).toBeVisible();
});

test("forgot password, reset from the email link, sign in with the new password; old sessions are gone", async ({ page, browser, stack }) => {
  const email = uniqueEmail("forgetful");
  await signUp(page, stack, email);

  // A second browser, signed in before the reset.
  const other = await browser.newContext({ baseURL: stack.plangate.origin });
  const otherPage = await other.newPage();
  await signIn(otherPage, email);

  const fresh = await browser.newContext({ baseURL: stack.plangate.origin });
  const reset = await fresh.newPage();
  await reset.goto("/login");
  await reset.getByRole("link", { name: "Forgot password?" }).click();
  await expect(reset).toHaveURL(/\/forgot-password/);
  await expectAccessible(reset);
  await reset.getByLabel("Email").fill(email);
  await reset.getByRole("button", { name: "Send reset link" }).click();
  await expect(reset.getByText("If an account exists for that address, we sent a link.")).toBeVisible();

  const link = await waitForLink(stack.plangate.mailDir, email, "reset-password");
  await reset.goto(link);
  await expectAccessible(reset);
  await reset.getByLabel("New password", { exact: true }).fill("password");
  await reset.getByLabel("Confirm new password").fill("password");
  await reset.getByRole("button", { name: "Set new password" }).click();
  // The policy's reason, under the field, and the token is not used up by it.
  await expect(reset.getByText("This password is too common.")).toBeVisible();
  const newPassword = "Another-Strong-Pass-77";
  await reset.getByLabel("New password", { exact: true }).fill(newPassword);
  await reset.getByLabel("Confirm new password").fill(newPassword);
  await reset.getByRole("button", { name: "Set new password" }).click();
  await expect(reset.getByText("Your password has been changed.")).toBeVisible();

  await reset.goto("/login");
  await reset.getByLabel("Email").fill(email);
  await reset.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await reset.getByRole("button", { name: "Sign in" }).click();
  await expect(reset.getByText("Wrong email or password.")).toBeVisible();
  await signIn(reset, email, newPassword);

  // The sessions from before the reset were revoked: a reload there lands on the sign-in page.
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login/);
  await expect(otherPage.getByRole("button", { name: "Sign in" })).toBeVisible();
  await other.close();
  await fresh.close();
});

test("after sign-in, ?next= leads only within the app", async ({ page, stack }) => {
  const email = uniqueEmail("wanderer");
  await signUp(page, stack, email);
  await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  for (const [next, landing] of [
    ["//evil.example/steal", "/apps"],
    ["https://evil.example/steal", "/apps"],
    ["/account", "/account"],
  ] as const) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${stack.plangate.origin}${landing}`);
    await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
  }
  // A signed-out visit to a page comes back to it after sign-in.
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/login\?next=%2Fbilling/);
});
