// Scenario 5: the owner invites a viewer and an editor, who accept the mailed links; each, in
// their own browser, sees exactly what the role allows.
import { createApp, expect, expectAccessible, screenshot, signUp, test, uniqueEmail } from "./fixtures";
import { waitForLink } from "./support/mail";

test("owner, editor and viewer each see what their role allows", async ({ page, browser, stack }, info) => {
  test.setTimeout(120_000);
  const engine = info.project.name as "sqlite" | "postgres";
  const owner = uniqueEmail("owner");
  const editor = uniqueEmail("editor");
  const viewer = uniqueEmail("viewer");
  const editorContext = await browser.newContext({ baseURL: stack.plangate.origin });
  const viewerContext = await browser.newContext({ baseURL: stack.plangate.origin });
  const editorPage = await editorContext.newPage();
  const viewerPage = await viewerContext.newPage();
  await signUp(editorPage, stack, editor);
  await signUp(viewerPage, stack, viewer);

  await signUp(page, stack, owner);
  await createApp(page, "Shared board", "For the team");
  await page.getByRole("link", { name: "Shared board" }).click();
  await expect(page.getByRole("heading", { name: "Shared board", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Invite a collaborator" });
  for (const [email, role, invitee] of [[viewer, "viewer", viewerPage], [editor, "editor", editorPage]] as const) {
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("table", { name: "Pending invitations" }).getByRole("row", { name: new RegExp(email) })).toBeVisible();
    await invitee.goto(await waitForLink(stack.plangate.mailDir, email, "invitations/accept"));
    await invitee.getByRole("button", { name: "Accept invitation" }).click();
    await expect(invitee.getByText(`You joined Shared board as ${role}.`)).toBeVisible();
  }
  await page.reload();
  for (const email of [viewer, editor]) await expect(page.getByRole("row", { name: new RegExp(email) })).toBeVisible();
  await expect(page.getByText("No pending invitations.")).toBeVisible();
  // Inviting a member again is refused in words.
  await form.getByLabel("Email").fill(viewer);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`${viewer} is already a collaborator on this app.`)).toBeVisible();
  // The owner is listed first.
  await expect(page.getByRole("row").nth(1)).toContainText(owner);
  await expectAccessible(page);
  await screenshot(page, "app-detail-owner", engine);

  // The viewer: the app with its role, nothing to change, and a way out.
  await viewerPage.goto("/apps");
  await viewerPage.getByRole("link", { name: "Shared board" }).click();
  await expect(viewerPage.getByRole("heading", { name: "Shared board", level: 1 })).toBeVisible();
  await expect(viewerPage.getByText("viewer", { exact: true }).first()).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: "Delete app" })).toHaveCount(0);
  await expect(viewerPage.getByRole("form", { name: "Invite a collaborator" })).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: "Leave this app" })).toBeVisible();
  await screenshot(viewerPage, "app-detail-viewer", engine);

  // The editor renames it; nothing else.
  await editorPage.goto("/apps");
  await editorPage.getByRole("link", { name: "Shared board" }).click();
  await expect(editorPage.getByRole("button", { name: "Delete app" })).toHaveCount(0);
  await expect(editorPage.getByRole("form", { name: "Invite a collaborator" })).toHaveCount(0);
  await editorPage.getByLabel("Name").fill("Team board");
  await editorPage.getByRole("button", { name: "Save" }).click();
  await expect(editorPage.getByRole("heading", { name: "Team board", level: 1 })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Team board", level: 1 })).toBeVisible();

  // The owner makes the editor a viewer: their page turns read-only.
  await page.getByLabel(`Access for ${editor}`).selectOption("viewer");
  await expect(page.getByLabel(`Access for ${editor}`)).toHaveValue("viewer");
  await editorPage.reload();
  await expect(editorPage.getByRole("heading", { name: "Team board", level: 1 })).toBeVisible();
  await expect(editorPage.getByRole("button", { name: "Save" })).toHaveCount(0);

  // The viewer leaves; the owner's list no longer has them.
  await viewerPage.reload();
  await viewerPage.getByRole("button", { name: "Leave this app" }).click();
  await viewerPage.getByRole("dialog").getByRole("button", { name: "Leave this app" }).click();
  await expect(viewerPage).toHaveURL(/\/apps$/);
  await expect(viewerPage.getByRole("link", { name: "Team board" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(editor) })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(viewer) })).toHaveCount(0);

  // The owner deletes it, after confirming.
  await page.getByRole("button", { name: "Delete app" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete app" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByText("0 of 3 apps")).toBeVisible();
  await editorContext.close();
  await viewerContext.close();
});
