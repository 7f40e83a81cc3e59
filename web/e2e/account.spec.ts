// Contract v1.1 on the Account page: a person deletes their account (typed confirmation and
// password), lands on the sign-in page told so, and registers again with the same address; a
// person changes their email through the link mailed to the new address and downloads their data.
import fs from "node:fs";
import { PASSWORD, createApp, expect, expectAccessible, screenshot, signIn, signUp, test, uniqueEmail } from "./fixtures";
import { waitForLink, waitForMail } from "./support/mail";

test("delete the account with a typed confirmation, then register again with the same address", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("leaver");
  await signUp(page, stack, email);
  await createApp(page, "Soon gone", "Deleted with its owner");

  await page.getByRole("link", { name: "Account" }).click();
  await page.getByRole("button", { name: "Delete account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account" });
  await expect(dialog).toBeVisible();
  const confirm = dialog.getByRole("button", { name: "Delete my account" });
  // Nothing happens until the address is typed and a password given.
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${email} to confirm`).fill(email.toUpperCase());
  await dialog.getByLabel("Password").fill("Not-The-Password-1");
  await expect(confirm).toBeEnabled();
  await expectAccessible(page);
  await screenshot(page, "delete-account", engine);
  await confirm.click();
  await expect(dialog.getByText("Your password is wrong.")).toBeVisible();

  await dialog.getByLabel("Password").fill(PASSWORD);
  await confirm.click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Your account was deleted.")).toBeVisible();
  await waitForMail(stack.plangate.mailDir, email, "Your account was deleted");

  // The session is gone for good: a reload stays signed out.
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/login/);

  // The address is free again (its second verification mail), and the new account starts empty.
  await page.goto("/register");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.goto(await waitForLink(stack.plangate.mailDir, email, "verify-email", 2));
  await expect(page.getByText("Your email is verified")).toBeVisible();
  await signIn(page, email);
  await expect(page.getByText("0 of 3 apps")).toBeVisible();
  await expect(page.getByRole("link", { name: "Soon gone" })).toHaveCount(0);
});

test("change the email through the link mailed to the new address, then download my data", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("mover");
  const next = uniqueEmail("moved");
  await signUp(page, stack, email);

  await page.getByRole("link", { name: "Account" }).click();
  const form = page.getByRole("form", { name: "Change email" });
  await form.getByLabel("New email").fill(next);
  await form.getByLabel("Current password").fill("Not-The-Password-1");
  await form.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(form.getByText("Your password is wrong.")).toBeVisible();
  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(form.getByText(`Check ${next}`)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "account", engine);
  await waitForMail(stack.plangate.mailDir, email, "change of your email address");

  const link = await waitForLink(stack.plangate.mailDir, next, "confirm-email-change");
  expect(link.startsWith(`${stack.plangate.origin}/confirm-email-change?token=`)).toBe(true);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your email address is changed" })).toBeVisible();
  await expect(page.getByText(next, { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "email-changed", engine);
  // A used link says so in words.
  await page.goto(link);
  await expect(page.getByText("This link is invalid or has expired.")).toBeVisible();

  // The export is a file holding the new address and no secret.
  await page.goto("/account");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download my data" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("plangate-export.json");
  const exported = JSON.parse(fs.readFileSync(await file.path(), "utf8")) as { user: { email: string }; sessions: unknown[] };
  expect(exported.user.email).toBe(next);
  expect(exported.sessions.length).toBeGreaterThan(0);
  expect(JSON.stringify(exported)).not.toContain("argon2");

  // The new address signs in.
  await page.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await signIn(page, next);
});
