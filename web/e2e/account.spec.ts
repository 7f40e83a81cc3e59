// Contract v1.1 "Your data": a person deletes their account from the Account page (typed
// confirmation and password), lands on the sign-in page told so, and registers again with the
// same address.
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
