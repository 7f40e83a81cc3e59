// Scenario 9: every error of the auth forms appears in words, with the server's rate limits on.
import { PASSWORD, expect, expectAccessible, signUp, test, uniqueEmail } from "./fixtures";

test.use({ serverEnv: { RATE_LIMIT_ENABLED: "true", RATE_LIMIT_REGISTER_IP: "20/60" } });

test("wrong password, unverified email, weak password and rate limit are said in words", async ({ page, stack }) => {
  // Weak passwords: the policy's reason under the field.
  const email = uniqueEmail("careless");
  await page.goto("/register");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This password is too common.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Password", { exact: true }).fill("12345678901");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(/entirely numeric/)).toBeVisible();
  await expect(page.locator("body")).not.toContainText("VALIDATION_ERROR");

  // Registered but not verified: the right password says so and offers a new email.
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Please verify your email address first.")).toBeVisible();
  await page.getByRole("button", { name: "Resend verification email" }).click();
  await expect(page.getByText(/sent/i).first()).toBeVisible();

  // A wrong password, then too many attempts (5 a minute per email).
  const known = uniqueEmail("locked");
  await signUp(page, stack, known);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(known);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/Too many attempts\. Try again in \d+ seconds?\./)).toBeVisible();
  await expect(page.locator("body")).not.toContainText("RATE_LIMITED");
});
