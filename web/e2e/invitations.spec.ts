// Contract v1.1 invitations in the browser: the owner invites any address from the app's page;
// the invitee opens the mailed link signed out, signed in as someone else or as themself, and
// joins with the role offered; dead links (used, resent, revoked, expired) say so in words.
import { PASSWORD, expect, expectAccessible, screenshot, test, uniqueEmail } from "./fixtures";
import { ACCEPT, accessToken, appIdOf, invite, ownerWithApp, personSignedIn, type Engine } from "./support/invitations";
import { waitForLink, waitForNewLink } from "./support/mail";

test("an address without an account: invited, registers, verifies, comes back and joins as viewer", async ({ page, browser, stack }, info) => {
  test.setTimeout(120_000);
  const engine = info.project.name as Engine;
  const owner = await ownerWithApp(page, stack, "Launch plan");
  const invitee = uniqueEmail("newcomer");

  await invite(page, invitee, "viewer");
  await expect(page.getByText(`Invitation sent to ${invitee}. They join as viewer once they accept it.`)).toBeVisible();
  const pending = page.getByRole("table", { name: "Pending invitations" });
  await expect(pending.getByRole("row", { name: new RegExp(invitee) })).toContainText("viewer");
  await expectAccessible(page);
  await screenshot(page, "collaborators-invitations", engine);

  // The invitee, signed out, sees what is offered and by whom.
  const link = await waitForLink(stack.plangate.mailDir, invitee, ACCEPT);
  expect(link.startsWith(`${stack.plangate.origin}/invitations/accept?token=`)).toBe(true);
  const context = await browser.newContext({ baseURL: stack.plangate.origin });
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Join Launch plan", level: 1 })).toBeVisible();
  await expect(guest.getByText(owner)).toBeVisible();
  await expect(guest.getByRole("definition").filter({ hasText: invitee })).toBeVisible();
  await expect(guest.getByText("viewer", { exact: true })).toBeVisible();
  await expectAccessible(guest);
  await screenshot(guest, "invitation-signed-out", engine);

  // Registering: the invited address is filled in.
  await guest.getByRole("link", { name: "Create an account" }).click();
  await expect(guest.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await expect(guest.getByLabel("Email")).toHaveValue(invitee);
  await guest.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await guest.getByRole("button", { name: "Create account" }).click();
  await expect(guest.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  // The verification link opens in a new tab, as a mail client does; it leads back to the invitation.
  const verifyTab = await context.newPage();
  await verifyTab.goto(await waitForLink(stack.plangate.mailDir, invitee, "verify-email"));
  await expect(verifyTab.getByText("Your email is verified")).toBeVisible();
  await verifyTab.getByRole("link", { name: "Sign in to continue" }).click();
  await expect(verifyTab.getByLabel("Email")).toHaveValue(invitee);
  await verifyTab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await verifyTab.getByRole("button", { name: "Sign in" }).click();
  await expect(verifyTab).toHaveURL(/\/invitations\/accept\?token=/);
  await expect(verifyTab.getByRole("heading", { name: "Join Launch plan", level: 1 })).toBeVisible();
  await expectAccessible(verifyTab);
  await screenshot(verifyTab, "invitation-ready", engine);

  await verifyTab.getByRole("button", { name: "Accept invitation" }).click();
  await expect(verifyTab).toHaveURL(/\/apps\/\d+$/);
  await expect(verifyTab.getByRole("heading", { name: "Launch plan", level: 1 })).toBeVisible();
  await expect(verifyTab.getByText("You joined Launch plan as viewer.")).toBeVisible();
  await expect(verifyTab.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(verifyTab.getByRole("button", { name: "Leave this app" })).toBeVisible();
  await screenshot(verifyTab, "invitation-accepted", engine);

  // A later sign-in does not go back to the invitation: the kept path was used up.
  await verifyTab.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await verifyTab.getByLabel("Email").fill(invitee);
  await verifyTab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await verifyTab.getByRole("button", { name: "Sign in" }).click();
  await expect(verifyTab.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();

  // The owner sees a viewer and no pending invitation.
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(invitee) })).toContainText("viewer");
  await expect(page.getByText("No pending invitations.")).toBeVisible();

  // The link is single use.
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await context.close();
});

test("signed in as another address: told so, switches account and joins as editor", async ({ page, browser, stack }, info) => {
  test.setTimeout(120_000);
  const engine = info.project.name as Engine;
  await ownerWithApp(page, stack, "Roadmap");
  const invitee = uniqueEmail("invitee");
  const bystander = uniqueEmail("bystander");
  const inviteePage = await personSignedIn(browser, stack, invitee);
  await inviteePage.context().close();

  await invite(page, invitee, "editor");
  await expect(page.getByText(`Invitation sent to ${invitee}.`, { exact: false })).toBeVisible();
  const link = await waitForLink(stack.plangate.mailDir, invitee, ACCEPT);

  const other = await personSignedIn(browser, stack, bystander);
  await other.goto(link);
  await expect(other.getByText("This invitation is for another address")).toBeVisible();
  await expect(other.getByText(`You are signed in as ${bystander}`)).toBeVisible();
  await expect(other.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  await expectAccessible(other);
  await screenshot(other, "invitation-other-account", engine);

  await other.getByRole("button", { name: "Sign out and switch account" }).click();
  await expect(other.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(other.getByLabel("Email")).toHaveValue(invitee);
  await other.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/invitations\/accept\?token=/);
  await other.getByRole("button", { name: "Accept invitation" }).click();
  await expect(other.getByText("You joined Roadmap as editor.")).toBeVisible();
  await expect(other.getByRole("button", { name: "Save" })).toBeVisible();
  await other.context().close();
});

test("the owner resends and revokes; dead links say so; a member already is taken to the app", async ({ page, browser, stack, request }, info) => {
  test.setTimeout(120_000);
  const engine = info.project.name as Engine;
  const owner = await ownerWithApp(page, stack, "Field notes");
  const appId = appIdOf(page);
  const invitee = uniqueEmail("resent");
  const pending = page.getByRole("table", { name: "Pending invitations" });

  // Resend: a new link is mailed and the first one dies.
  await invite(page, invitee, "editor");
  await expect(pending.getByRole("row", { name: new RegExp(invitee) })).toBeVisible();
  const first = await waitForLink(stack.plangate.mailDir, invitee, ACCEPT);
  await page.getByRole("button", { name: `Resend the invitation to ${invitee}` }).click();
  await expect(page.getByText(`Sent a new invitation to ${invitee}. The earlier link no longer works.`)).toBeVisible();
  await expect(pending.getByRole("row", { name: new RegExp(invitee) })).toContainText("editor");
  const second = await waitForNewLink(stack.plangate.mailDir, invitee, ACCEPT, [first]);

  const guestContext = await browser.newContext({ baseURL: stack.plangate.origin });
  const guest = await guestContext.newPage();
  await guest.goto(first);
  await expect(guest.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await expect(guest.getByText("Ask the person who invited you for a new invitation.")).toBeVisible();
  await expectAccessible(guest);
  await screenshot(guest, "invitation-invalid", engine);
  await guest.goto(second);
  await expect(guest.getByRole("heading", { name: "Join Field notes", level: 1 })).toBeVisible();

  // Inviting the same address again, or oneself, is refused in words.
  await invite(page, invitee, "viewer");
  await expect(page.getByText(`${invitee} already has a pending invitation.`, { exact: false })).toBeVisible();
  await invite(page, owner, "viewer");
  await expect(page.getByText("You own this app: you cannot invite yourself.")).toBeVisible();
  await screenshot(page, "collaborators-invite-errors", engine);

  // Revoke, after confirming: the list empties and the link dies.
  await page.getByRole("button", { name: `Revoke the invitation to ${invitee}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByText("Invitation revoked. Its link no longer works.")).toBeVisible();
  await expect(page.getByText("No pending invitations.")).toBeVisible();
  await guest.reload();
  await expect(guest.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await guestContext.close();

  // A member already (added by the owner through the API meanwhile): accepting opens the app.
  const member = uniqueEmail("member");
  const memberPage = await personSignedIn(browser, stack, member);
  await invite(page, member, "viewer");
  await expect(pending.getByRole("row", { name: new RegExp(member) })).toBeVisible();
  const memberLink = await waitForLink(stack.plangate.mailDir, member, ACCEPT);
  const token = await accessToken(request, owner);
  const added = await request.post(`/api/v1/apps/${appId}/collaborators`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { email: member, role: "editor" },
  });
  expect(added.status()).toBe(201);
  await memberPage.goto(memberLink);
  await memberPage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(memberPage).toHaveURL(new RegExp(`/apps/${appId}$`));
  await expect(memberPage.getByText("You are already a member of Field notes.")).toBeVisible();
  await expect(memberPage.getByRole("heading", { name: "Field notes", level: 1 })).toBeVisible();
  await memberPage.context().close();

  // And the owner is told that person is a collaborator already.
  await page.reload();
  await invite(page, member, "viewer");
  await expect(page.getByText(`${member} is already a collaborator on this app.`)).toBeVisible();

  // 50 pending invitations is the most an app can have.
  for (let i = 0; i < 50; i += 1) {
    const response = await request.post(`/api/v1/apps/${appId}/invitations`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { email: uniqueEmail(`bulk${i}`), role: "viewer" },
    });
    expect(response.status()).toBe(201);
  }
  await invite(page, uniqueEmail("one-too-many"), "viewer");
  await expect(
    page.getByText("This app has 50 pending invitations, the most it can have. Revoke some before inviting more people."),
  ).toBeVisible();
});
