import type { Plan } from "./hooks";

/** "basic" → "Basic", "pro_monthly" → "Pro monthly". */
export function planName(planId: string): string {
  const words = planId.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function userTypeName(userType: string): string {
  return userType === "pro" ? "Pro" : userType === "basic" ? "Basic" : planName(userType);
}

export function isPaid(plan: Plan): boolean {
  return plan.price_id !== null && plan.plan_id !== "basic";
}

export const LIVE_STATUSES: ReadonlySet<string> = new Set(["trialing", "active", "past_due"]);
