// Invitations under the server's limits: the owner's hourly invitation limit is told with the
// wait, and a link past its lifetime (INVITATION_TTL, here its minimum of 60 s) says it is dead.
import { expect, screenshot, test, uniqueEmail } from "./fixtures";
import { ACCEPT, invite, ownerWithApp, type Engine } from "./support/invitations";
import { waitForLink } from "./support/mail";

test.use({ serverEnv: { RATE_LIMIT_ENABLED: "true", RATE_LIMIT_INVITE_USER: "2/hour", INVITATION_TTL: "60" } });

test("too many invitations in an hour is refused with the wait; an expired link says so", async ({ page, browser, stack }, info) => {
  test.setTimeout(150_000);
  const engine = info.project.name as Engine;
  await ownerWithApp(page, stack, "Quiet app");
  const invitee = uniqueEmail("later");
  await invite(page, invitee, "viewer");
  await expect(page.getByText(`Invitation sent to ${invitee}.`, { exact: false })).toBeVisible();
  const sentAt = Date.now();
  const second = uniqueEmail("second");
  await invite(page, second, "viewer");
  await expect(page.getByText(`Invitation sent to ${second}.`, { exact: false })).toBeVisible();
  await invite(page, uniqueEmail("third"), "viewer");
  await expect(page.getByText(/You have sent too many invitations for now\. Try again in \d+ minutes?\./)).toBeVisible();
  await screenshot(page, "collaborators-rate-limited", engine);

  // Past the invitation's lifetime, its link is dead and the owner's list no longer has it.
  const link = await waitForLink(stack.plangate.mailDir, invitee, ACCEPT);
  await page.waitForTimeout(Math.max(0, sentAt + 62_000 - Date.now()));
  const context = await browser.newContext({ baseURL: stack.plangate.origin });
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await expect(guest.getByText("Ask the person who invited you for a new invitation.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(invitee) })).toHaveCount(0);
  await context.close();
});
