// Contract v1.2 "Sign in with an OpenID Connect provider" in the browser, against the fake
// provider (e2e/support/fake-oidc.ts) and the real binary: a new person signs up with the
// provider and signs in again with it; a password user is linked by the verified email, sees
// and unlinks the identity and links it again; with two-factor sign-in on, the callback page asks
// for the code; a declined consent (and every other reason) lands on a clear message; an invited
// newcomer comes back to the invitation through the provider.
import type { Page } from "@playwright/test";
import { PASSWORD, expect, expectAccessible, screenshot, signUp, test, uniqueEmail, type Stack } from "./fixtures";
import type { FakeOidc } from "./support/fake-oidc";
import { ACCEPT, invite, ownerWithApp } from "./support/invitations";
import { waitForLink } from "./support/mail";
import { currentStep, totpAt } from "./support/totp";

test.use({ oidc: true });

let subs = 0;
/** The person the provider approves next: a fresh `sub`, and the given verified address. */
function provider(stack: Stack, email: string, emailVerified = true): FakeOidc {
  const oidc = stack.oidc!;
  subs += 1;
  oidc.deny = false;
  oidc.person = { sub: `e2e-${process.pid}-${subs}-${Date.now().toString(36)}`, email, email_verified: emailVerified };
  return oidc;
}

async function signOutFromNav(page: Page): Promise<void> {
  await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function expectSignedInAs(page: Page, email: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation").getByText(email)).toBeVisible();
}

test("a new person signs up with the provider, signs out, and signs in again with it", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("oidc-new");
  provider(stack, email);

  await page.goto("/register");
  const start = page.getByRole("link", { name: "Continue with Test ID" });
  await expect(start).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "register-with-provider", engine);
  await start.click();
  // Through the provider and /auth/callback, straight to the apps: verified, no email round trip.
  await expectSignedInAs(page, email);

  // The account has no password: the Security page says so and how to set one, and the only
  // identity cannot be unlinked.
  await page.getByRole("navigation").getByRole("link", { name: "Security" }).click();
  const methods = page.getByRole("region", { name: "Sign-in methods" });
  await expect(methods.getByText("Not set")).toBeVisible();
  await expect(methods.getByRole("link", { name: "Forgot password" })).toBeVisible();
  const linked = methods.getByRole("list", { name: "Linked accounts" });
  await expect(linked.getByRole("listitem")).toHaveCount(1);
  await expect(linked.getByText("Test ID")).toBeVisible();
  await expect(linked.getByText(email)).toBeVisible();
  await linked.getByRole("button", { name: /^Unlink Test ID/ }).click();
  await expect(linked.getByText("This is your only way to sign in")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("LAST_SIGN_IN_METHOD");
  await expect(linked.getByRole("listitem")).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, "security-sign-in-methods-passwordless", engine);

  await expect(page.getByRole("region", { name: "Two-factor sign-in" }).getByText("set one first")).toBeVisible();

  // The Account page offers "Forgot password" instead of what needs a password.
  await page.getByRole("navigation").getByRole("link", { name: "Account" }).click();
  await expect(page.getByText("Your account has no password")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "account-passwordless", engine);

  // Signed out, a page that needs signing in keeps its path through the provider's round trip.
  await signOutFromNav(page);
  await page.goto("/security");
  await expect(page).toHaveURL(/\/login\?next=%2Fsecurity/);
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/security$/);
  await expect(page.getByRole("navigation").getByText(email)).toBeVisible();

  // A password login for this address is refused (there is no password).
  await signOutFromNav(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
});

test("a password user is linked by verified email, unlinks the identity and links it again", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("oidc-linked");
  await signUp(page, stack, email);
  await signOutFromNav(page);

  provider(stack, email);
  await page.goto("/login");
  await expectAccessible(page);
  await screenshot(page, "login-with-provider", engine);
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expectSignedInAs(page, email);

  await page.getByRole("navigation").getByRole("link", { name: "Security" }).click();
  const methods = page.getByRole("region", { name: "Sign-in methods" });
  await expect(methods.getByText("Set", { exact: true })).toBeVisible();
  const linked = methods.getByRole("list", { name: "Linked accounts" });
  await expect(linked.getByRole("listitem")).toHaveCount(1);
  await expect(linked.getByText(email)).toBeVisible();
  await expect(methods.getByRole("link", { name: "Link Test ID" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "security-sign-in-methods", engine);

  // A password remains, so unlinking works; the provider is then offered to link again.
  await linked.getByRole("button", { name: /^Unlink Test ID/ }).click();
  await expect(methods.getByText("No account of another provider is linked.")).toBeVisible();
  const link = methods.getByRole("link", { name: "Link Test ID" });
  await expect(link).toBeVisible();
  // Linking is by verified address: the page says what another address would do.
  await expect(methods.getByText(`Linking works when the provider knows you by ${email}.`, { exact: false })).toBeVisible();

  // Linking goes through the provider and comes back here (the same verified address).
  await link.click();
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/security$/);
  await expect(methods.getByRole("list", { name: "Linked accounts" }).getByRole("listitem")).toHaveCount(1);
  await expect(methods.getByRole("link", { name: "Link Test ID" })).toHaveCount(0);

  // The password still works too.
  await signOutFromNav(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectSignedInAs(page, email);
});

test("with two-factor sign-in on, the provider's sign-in continues with the code step", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("oidc-guarded");
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
  const recoveryCodes = (await codeList.getByRole("listitem").allTextContents()).map((c) => c.trim());
  await twoFactor.getByRole("button", { name: "I saved them" }).click();
  await signOutFromNav(page);

  provider(stack, email);
  await page.goto("/login?next=%2Fbilling");
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor code", level: 1 })).toBeVisible();
  // The server sent ?mfa_token=…&next=…; the page keeps the token and takes it out of the address.
  await expect(page).toHaveURL(/\/auth\/callback\?next=%2Fbilling$/);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill("not-a-recovery-code");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "oidc-callback-two-factor", engine);
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/billing$/);
  // The session outlives a reload (the verify answer set the refresh cookie).
  await page.reload();
  await expect(page.getByRole("navigation").getByText(email)).toBeVisible();
});

test("a declined consent and the other failures are said in words, with a way back", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const oidc = provider(stack, uniqueEmail("oidc-declines"));
  oidc.deny = true;
  await page.goto("/login");
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expect(page).toHaveURL(/\/auth\/callback\?error=oidc_denied/);
  await expect(page.getByRole("heading", { name: "Sign-in did not work", level: 1 })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("The provider did not let you in");
  await expect(page.locator("body")).not.toContainText("oidc_denied");
  await expectAccessible(page);
  await screenshot(page, "oidc-callback-denied", engine);
  await page.getByRole("link", { name: "Back to sign in" }).click();
  await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
  oidc.deny = false;

  // An address the provider has not verified links nothing and creates nothing.
  provider(stack, uniqueEmail("oidc-unverified"), false);
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expect(page).toHaveURL(/error=oidc_email_unverified/);
  await expect(page.getByRole("alert")).toContainText("The provider did not confirm your email address.");

  // The rest of the contract's reasons, and one it does not know.
  const reasons: Record<string, string> = {
    oidc_state_invalid: "This sign-in expired or was started in another browser.",
    oidc_exchange_failed: "The sign-in provider could not be reached.",
    oidc_token_invalid: "The sign-in provider's answer could not be verified.",
    account_disabled: "Your account has been disabled.",
    something_new: "Signing in with the provider did not work.",
  };
  for (const [reason, sentence] of Object.entries(reasons)) {
    await page.goto(`/auth/callback?error=${reason}`);
    await expect(page.getByRole("alert")).toContainText(sentence);
    await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
  }
});

test("an invited newcomer joins through the provider and comes back to the invitation", async ({ page, browser, stack }) => {
  await ownerWithApp(page, stack, "Provider plan");
  const invitee = uniqueEmail("oidc-invitee");
  await invite(page, invitee, "editor");
  const link = await waitForLink(stack.plangate.mailDir, invitee, ACCEPT);

  const context = await browser.newContext({ baseURL: stack.plangate.origin });
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Join Provider plan", level: 1 })).toBeVisible();
  await guest.getByRole("link", { name: "Create an account" }).click();
  provider(stack, invitee);
  await guest.getByRole("link", { name: "Continue with Test ID" }).click();
  // Back on the invitation, signed in as the invited address, with no email round trip.
  await expect(guest).toHaveURL(/\/invitations\/accept\?token=/);
  await expect(guest.getByRole("heading", { name: "Join Provider plan", level: 1 })).toBeVisible();
  await guest.getByRole("button", { name: "Accept invitation" }).click();
  await expect(guest).toHaveURL(/\/apps\/\d+$/);
  await expect(guest.getByText("You joined Provider plan as editor.")).toBeVisible();
  await context.close();
});

test("a person without a password deletes the account after signing in again with the provider", async ({ page, stack }, info) => {
  const engine = info.project.name as "sqlite" | "postgres";
  const email = uniqueEmail("oidc-leaver");
  provider(stack, email);
  await page.goto("/login");
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expectSignedInAs(page, email);

  // Without the cookie of a recent sign-in (here: none at all; the access token is still in the
  // page's memory), the server asks for a fresh one, and the dialog offers it.
  await page.getByRole("navigation").getByRole("link", { name: "Account" }).click();
  await page.context().clearCookies();
  await page.getByRole("button", { name: "Delete account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account" });
  await expect(dialog.getByLabel("Password")).toHaveCount(0);
  await dialog.getByLabel(`Type ${email} to confirm`).fill(email);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.getByText("For your safety, sign in again with Test ID first.")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("REAUTHENTICATION_REQUIRED");
  await expectAccessible(page);
  // A page as tall as the window: a full-page capture would leave the modal's backdrop short.
  await page.setViewportSize({ width: 1280, height: 1100 });
  await screenshot(page, "delete-account-reauthenticate", engine);

  // Through the provider and back: the dialog is open again, and now the deletion goes through.
  await dialog.getByRole("link", { name: "Sign in again with Test ID" }).click();
  await expect(page).toHaveURL(/\/account\?delete=1$/);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(`Type ${email} to confirm`).fill(email);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Your account was deleted.")).toBeVisible();

  // The address is free again: the provider's next sign-in makes a new account.
  await page.getByRole("link", { name: "Continue with Test ID" }).click();
  await expectSignedInAs(page, email);
});
