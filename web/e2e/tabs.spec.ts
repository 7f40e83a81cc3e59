// Scenario 6: two tabs whose access tokens have both expired act at once: neither is signed out,
// the refresh cookie is rotated once (or a sibling within the grace period), and signing out in
// one tab signs out the other.
import { expect, expectAccessible, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test.use({ serverEnv: { ACCESS_TOKEN_TTL: "3" } });

function refreshesIn(log: string): number {
  return log.split("\n").filter((l) => l.includes('"event":"auth.refresh"')).length;
}

test("two tabs with expired tokens both keep working; sign-out reaches both", async ({ page, context, stack }, info) => {
  const email = uniqueEmail("tabs");
  await signUp(page, stack, email);
  const second = await context.newPage();
  await second.goto("/apps");
  await expect(second.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();

  for (let round = 0; round < 2; round++) {
    // Both access tokens expire.
    await page.waitForTimeout(3500);
    const before = refreshesIn(stack.plangate.logs());
    await Promise.all([
      page.getByRole("navigation").getByRole("link", { name: "Account" }).click(),
      second.getByRole("navigation").getByRole("link", { name: "Account" }).click(),
    ]);
    for (const tab of [page, second]) {
      await expect(tab.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
      await expect(tab.getByText(email).first()).toBeVisible();
    }
    if (round === 0) {
      await expectAccessible(page);
      await screenshot(page, "account", info.project.name as "sqlite" | "postgres");
    }
    await expect.poll(() => refreshesIn(stack.plangate.logs()) - before).toBeGreaterThanOrEqual(1);
    // One rotation for both tabs; never a refresh per request.
    expect(refreshesIn(stack.plangate.logs()) - before).toBeLessThanOrEqual(2);
    expect(stack.plangate.logs()).not.toContain("auth.refresh.reuse_detected");
    for (const tab of [page, second]) {
      await tab.getByRole("navigation").getByRole("link", { name: "Apps" }).click();
      await expect(tab.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
    }
  }

  // The header's button: the Account page has a "Sign out" of its own (and "Sign out everywhere").
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(second).toHaveURL(/\/login/);
  // Signed out for real: a reload finds no session.
  await second.reload();
  await expect(second.getByRole("button", { name: "Sign in" })).toBeVisible();
});
