// Steps of the invitation journeys that several specs take.
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { PASSWORD, createApp, signUp, uniqueEmail, type Stack } from "../fixtures";
import type { Engine } from "./plangate";

/** The path of the link an invitation email carries. */
export const ACCEPT = "invitations/accept";

export type { Engine };

/** The owner's form on the app's page. */
export async function invite(page: Page, email: string, role: "editor" | "viewer"): Promise<void> {
  const form = page.getByRole("form", { name: "Invite a collaborator" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Send invitation" }).click();
}

/** A new owner with an app, on the app's page. */
export async function ownerWithApp(page: Page, stack: Stack, appName: string): Promise<string> {
  const owner = uniqueEmail("owner");
  await signUp(page, stack, owner);
  await createApp(page, appName, "Shared through an invitation");
  await page.getByRole("link", { name: appName }).click();
  await expect(page.getByRole("heading", { name: appName, level: 1 })).toBeVisible();
  return owner;
}

/** A person in a browser of their own, signed in with a fresh account. */
export async function personSignedIn(browser: Browser, stack: Stack, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.plangate.origin });
  const page = await context.newPage();
  await signUp(page, stack, email);
  return page;
}

export async function accessToken(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access: string }).access;
}

export function appIdOf(page: Page): number {
  return Number(new URL(page.url()).pathname.split("/").pop());
}

