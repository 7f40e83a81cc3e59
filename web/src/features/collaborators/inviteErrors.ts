import { describeError, isApiError } from "@/api/errors";
import { formatWait } from "@/lib/format";

/** Why inviting `email` failed, in words that say what to do next. */
export function inviteErrorText(error: unknown, email: string): string {
  if (isApiError(error, "ALREADY_COLLABORATOR")) return `${email} is already a collaborator on this app.`;
  if (isApiError(error, "ALREADY_INVITED")) {
    return `${email} already has a pending invitation. If the email got lost, use "Resend" in the list of pending invitations.`;
  }
  if (isApiError(error, "TOO_MANY_INVITATIONS")) {
    const limit = typeof error.body.limit === "number" ? `${error.body.limit} ` : "";
    return `This app has ${limit}pending invitations, the most it can have. Revoke some before inviting more people.`;
  }
  if (isApiError(error, "NOT_FOUND")) return "That invitation is no longer pending: it was accepted, revoked or has expired.";
  if (isApiError(error, "RATE_LIMITED")) {
    const wait = error.retryAfter ? `Try again in ${formatWait(error.retryAfter)}.` : "Try again later.";
    return `You have sent too many invitations for now. ${wait}`;
  }
  return describeError(error);
}
