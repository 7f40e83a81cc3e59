// Contract v1.1 "Two-factor sign-in" and "Sessions" in the browser: a person turns on two-factor
// sign-in from the Security page (the code computed here from the secret the page shows, as an
// authenticator app would), signs in with a code and then with a recovery code, sees their
// sessions, and turns two-factor sign-in off.
import type { Page } from "@playwright/test";
import { PASSWORD, expect, expectAccessible, screenshot, signUp, test, uniqueEmail } from "./fixtures";
import { currentStep, nextStepAfter, totpAt } from "./support/totp";

async function signOutFromNav(page: Page): Promise<void> {
  await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function passwordStep(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor code", level: 1 })).toBeVisible();
}

test("turn on two-factor sign-in, sign in with a code and with a recovery code, turn it off", async ({ page, stack }, info) => {
  test.setTimeout(150_000); // up to two waits for a fresh 30 s TOTP step
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("guarded");
  await signUp(page, stack, email);

  await page.getByRole("navigation").getByRole("link", { name: "Security" }).click();
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  const twoFactor = page.getByRole("region", { name: "Two-factor sign-in" });
  await expect(twoFactor.getByText("Off", { exact: true })).toBeVisible();
  // This browser's session, marked as such, with no button to sign itself out there.
  const sessions = page.getByRole("list", { name: "Sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  await expect(sessions.getByText("This device")).toBeVisible();
  await expect(sessions.getByRole("button", { name: /^Sign out/ })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "security", engine);

  // Turn on: the password first (a wrong one is said so), then the QR code and the key.
  await twoFactor.getByRole("button", { name: "Turn on" }).click();
  await twoFactor.getByLabel("Password").fill("Not-The-Password-1");
  await twoFactor.getByRole("button", { name: "Continue" }).click();
  await expect(twoFactor.getByText("Your password is wrong.")).toBeVisible();
  await twoFactor.getByLabel("Password").fill(PASSWORD);
  await twoFactor.getByRole("button", { name: "Continue" }).click();
  await expect(twoFactor.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = ((await twoFactor.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectAccessible(page);
  await screenshot(page, "security-setup", engine);

  const code = twoFactor.getByLabel("Code from your authenticator app");
  await code.fill("000000" === totpAt(secret, currentStep()) ? "111111" : "000000");
  await twoFactor.getByRole("button", { name: "Turn on" }).click();
  await expect(twoFactor.getByText("That code is not valid.")).toBeVisible();
  const confirmedStep = currentStep();
  await code.fill(totpAt(secret, confirmedStep));
  await twoFactor.getByRole("button", { name: "Turn on" }).click();

  // The recovery codes, once, with copy and download.
  const codeList = twoFactor.getByRole("list", { name: "Recovery codes" });
  await expect(codeList.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = (await codeList.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(new Set(recoveryCodes).size).toBe(10);
  await expect(twoFactor.getByText("On", { exact: true })).toBeVisible();
  const downloading = page.waitForEvent("download");
  await twoFactor.getByRole("button", { name: "Download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("plangate-recovery-codes.txt");
  const saved = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(saved as Buffer[]).toString("utf8");
  for (const c of recoveryCodes) expect(text).toContain(c);
  await expectAccessible(page);
  await screenshot(page, "security-recovery-codes", engine);
  await twoFactor.getByRole("button", { name: "I saved them" }).click();
  await expect(codeList).toHaveCount(0);
  await expect(twoFactor.getByRole("button", { name: "Turn off" })).toBeVisible();

  // Sign in again: password, then a code of a step after the one used to confirm.
  await signOutFromNav(page);
  await passwordStep(page, email);
  await expectAccessible(page);
  await screenshot(page, "login-two-factor", engine);
  await page.getByLabel("Code", { exact: true }).fill("000000" === totpAt(secret, currentStep()) ? "111111" : "000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  const signInStep = await nextStepAfter(confirmedStep);
  await page.getByLabel("Code", { exact: true }).fill(totpAt(secret, signInStep));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();

  // And with a recovery code.
  await signOutFromNav(page);
  await passwordStep(page, email);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();

  // A reload keeps the session (the verify answer set the refresh cookie).
  await page.goto("/security");
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expect(twoFactor.getByText("On", { exact: true })).toBeVisible();
  await expect(sessions.getByText("This device")).toBeVisible();

  // Turn off with the password and a recovery code (no third wait for a TOTP step).
  await twoFactor.getByRole("button", { name: "Turn off" }).click();
  const dialog = page.getByRole("dialog", { name: "Turn off two-factor sign-in" });
  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Use a recovery code instead" }).click();
  await dialog.getByLabel("Recovery code").fill(recoveryCodes[0]!); // used up at sign-in
  await dialog.getByRole("button", { name: "Turn off" }).click();
  await expect(dialog.getByText("That code is not valid.")).toBeVisible();
  await expectAccessible(page);
  await dialog.getByLabel("Recovery code").fill(recoveryCodes[1]!);
  await dialog.getByRole("button", { name: "Turn off" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(twoFactor.getByText("Off", { exact: true })).toBeVisible();

  // Signing in needs only the password again.
  await signOutFromNav(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
});

test("sign out another device from the Security page", async ({ page, browser, stack }) => {
  const email = uniqueEmail("two-devices");
  await signUp(page, stack, email);
  const other = await browser.newContext({ baseURL: stack.plangate.origin });
  const otherPage = await other.newPage();
  await otherPage.goto("/login");
  await otherPage.getByLabel("Email").fill(email);
  await otherPage.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();

  await page.goto("/security");
  const sessions = page.getByRole("list", { name: "Sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  await expect(sessions.getByText("This device")).toHaveCount(1);
  await sessions.getByRole("button", { name: /^Sign out/ }).click();
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  await expect(sessions.getByText("This device")).toBeVisible();

  // The other browser's refresh token died: a reload there lands on the sign-in page.
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});

test("with two-factor sign-in on, deleting the account asks for a code too", async ({ page, stack }) => {
  const email = uniqueEmail("guarded-leaver");
  await signUp(page, stack, email);
  await page.goto("/security");
  const twoFactor = page.getByRole("region", { name: "Two-factor sign-in" });
  await twoFactor.getByRole("button", { name: "Turn on" }).click();
  await twoFactor.getByLabel("Password").fill(PASSWORD);
  await twoFactor.getByRole("button", { name: "Continue" }).click();
  const secret = ((await twoFactor.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  await twoFactor.getByLabel("Code from your authenticator app").fill(totpAt(secret, currentStep()));
  await twoFactor.getByRole("button", { name: "Turn on" }).click();
  const codeList = twoFactor.getByRole("list", { name: "Recovery codes" });
  await expect(codeList.getByRole("listitem")).toHaveCount(10);
  const recoveryCode = ((await codeList.getByRole("listitem").first().textContent()) ?? "").trim();
  await twoFactor.getByRole("button", { name: "I saved them" }).click();

  await page.getByRole("navigation").getByRole("link", { name: "Account" }).click();
  await page.getByRole("button", { name: "Delete account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account" });
  await dialog.getByLabel(`Type ${email} to confirm`).fill(email);
  await dialog.getByLabel("Password").fill(PASSWORD);
  const confirm = dialog.getByRole("button", { name: "Delete my account" });
  await expect(confirm).toBeDisabled(); // no code yet
  await dialog.getByRole("button", { name: "Use a recovery code instead" }).click();
  await dialog.getByLabel("Recovery code").fill("not-a-recovery-code");
  await confirm.click();
  await expect(dialog.getByText("That code is not valid.")).toBeVisible();
  await expectAccessible(page);
  await dialog.getByLabel("Recovery code").fill(recoveryCode);
  await confirm.click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Your account was deleted.")).toBeVisible();
});
