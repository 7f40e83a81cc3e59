// Errors from the API as typed values, and the one place that turns them into sentences.
import type { components } from "./schema.gen";

type ErrorBody = components["schemas"]["Error"];
type ValidationErrorBody = components["schemas"]["ValidationError"];
type AppLimitErrorBody = components["schemas"]["AppLimitError"];

export type FieldErrors = Record<string, string[]>;

/** A non-2xx answer from plangate, with the contract's `{code, detail, ...}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** VALIDATION_ERROR's `errors`: field name → messages. */
  readonly fields: FieldErrors;
  readonly body: Record<string, unknown>;
  readonly requestId: string | null;
  /** RATE_LIMITED: seconds to wait (`retry_after`, else the Retry-After header). */
  readonly retryAfter: number | null;

  constructor(status: number, body: Record<string, unknown>, headers?: Headers) {
    const code = typeof body.code === "string" ? body.code : `HTTP_${status}`;
    const detail = typeof body.detail === "string" ? body.detail : "";
    super(detail || code);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.body = body;
    this.fields = readFieldErrors(body);
    this.requestId = headers?.get("X-Request-ID") ?? null;
    const retry = typeof body.retry_after === "number" ? body.retry_after : Number(headers?.get("Retry-After"));
    this.retryAfter = Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : null;
  }

  /** The extra fields of APP_LIMIT_REACHED. */
  get appLimit(): { limit: number | null; current: number | null } {
    const body = this.body as Partial<AppLimitErrorBody>;
    return { limit: body.limit ?? null, current: body.current ?? null };
  }
}

/** fetch itself failed: offline, DNS, CORS refused, server down. */
export class NetworkError extends Error {
  constructor() {
    super("Cannot reach the server.");
    this.name = "NetworkError";
  }
}

function readFieldErrors(body: Record<string, unknown>): FieldErrors {
  const errors = (body as Partial<ValidationErrorBody>).errors;
  if (!errors || typeof errors !== "object") return {};
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors)) {
    if (Array.isArray(messages)) out[field] = messages.filter((m): m is string => typeof m === "string");
  }
  return out;
}

function asBody(error: unknown): Record<string, unknown> {
  if (error && typeof error === "object" && !Array.isArray(error)) return error as Record<string, unknown>;
  return {};
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call: its data on success, else throws ApiError / NetworkError. */
export async function unwrap<D>(call: Promise<FetchResult<D>>): Promise<D> {
  let result: FetchResult<D>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new NetworkError();
  }
  if (!result.response.ok) {
    throw new ApiError(result.response.status, asBody(result.error as ErrorBody | undefined), result.response.headers);
  }
  return result.data as D;
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

function seconds(n: number): string {
  return `${n} ${n === 1 ? "second" : "seconds"}`;
}

const SENTENCES: Record<string, string> = {
  BAD_REQUEST: "The request could not be understood. Reload the page and try again.",
  VALIDATION_ERROR: "Some of the information is not valid. Check the fields and try again.",
  INVALID_TOKEN: "This link is invalid or has expired.",
  SIGNATURE_INVALID: "The signature could not be verified.",
  NOT_AUTHENTICATED: "Your session has expired. Sign in again.",
  INVALID_CREDENTIALS: "Wrong email or password.",
  REFRESH_TOKEN_INVALID: "Your session has expired. Sign in again.",
  EMAIL_NOT_VERIFIED: "Please verify your email address first.",
  ACCOUNT_DISABLED: "Your account has been disabled. Contact support.",
  PERMISSION_DENIED: "You do not have permission to do that.",
  CSRF_FAILED: "The request was blocked by a security check. Reload the page and try again.",
  APP_LIMIT_REACHED: "You have reached your plan's app limit.",
  NOT_FOUND: "This item does not exist or you do not have access to it.",
  METHOD_NOT_ALLOWED: "This action is not supported.",
  ALREADY_SUBSCRIBED: "You already have a subscription.",
  NO_BILLING_ACCOUNT: "You have no billing account yet — upgrade first.",
  ALREADY_COLLABORATOR: "That person is already a collaborator.",
  PAYLOAD_TOO_LARGE: "That is too much data to send at once.",
  UNSUPPORTED_MEDIA_TYPE: "The request was sent in a format the server does not accept.",
  RATE_LIMITED: "Too many attempts. Try again in a moment.",
  BILLING_PROVIDER_ERROR: "The payment provider could not be reached. Try again in a moment.",
  BILLING_NOT_CONFIGURED: "Billing is not available on this server.",
  SERVICE_UNAVAILABLE: "The service is temporarily unavailable. Try again shortly.",
  // v1.1 / v1.2
  INVALID_MFA_CODE: "That code is not valid. Try again.",
  MFA_REQUIRED: "Enter the code from your authenticator app to finish signing in.",
  INVITATION_EMAIL_MISMATCH: "This invitation was sent to a different email address.",
  MFA_ALREADY_ENABLED: "Two-factor sign-in is already on.",
  MFA_SETUP_REQUIRED: "Set up two-factor sign-in first.",
  EMAIL_TAKEN: "That email address is already in use.",
  ALREADY_INVITED: "That person has already been invited.",
  TOO_MANY_INVITATIONS: "This app has too many pending invitations.",
  LAST_SIGN_IN_METHOD: "You cannot remove your only way to sign in.",
  OIDC_PROVIDER_ERROR: "The sign-in provider could not be reached. Try again in a moment.",
  REAUTHENTICATION_REQUIRED: "For your safety, sign in again first.",
};

/** Every validation message, "field: message", for a VALIDATION_ERROR no form field shows. */
function validationSentence(err: ApiError, skip: readonly string[] = []): string {
  const parts = Object.entries(err.fields)
    .filter(([field]) => !skip.includes(field))
    .flatMap(([, messages]) => messages);
  return parts.length ? parts.join(" ") : err.detail || SENTENCES.VALIDATION_ERROR!;
}

/** The sentence for any error a call can throw. Never raw JSON. */
export function describeError(err: unknown): string {
  if (err instanceof NetworkError) return "Cannot reach the server.";
  if (!(err instanceof ApiError)) return "Something went wrong. Try again.";
  switch (err.code) {
    case "RATE_LIMITED":
      return err.retryAfter ? `Too many attempts. Try again in ${seconds(err.retryAfter)}.` : SENTENCES.RATE_LIMITED!;
    case "APP_LIMIT_REACHED": {
      const { limit, current } = err.appLimit;
      return limit !== null && current !== null
        ? `You have reached your plan's limit of ${limit} apps (${current} in use).`
        : SENTENCES.APP_LIMIT_REACHED!;
    }
    case "VALIDATION_ERROR":
      return validationSentence(err);
    case "INTERNAL_ERROR":
      return err.requestId
        ? `Something went wrong on our side. If it keeps happening, contact support and mention request ID ${err.requestId}.`
        : "Something went wrong on our side. Try again, and contact support if it keeps happening.";
  }
  const sentence = SENTENCES[err.code];
  if (sentence) return sentence;
  if (err.status >= 500) return "The server had a problem. Try again in a moment.";
  return err.detail || `The request failed (HTTP ${err.status}).`;
}

/**
 * For forms: the messages of the fields the form shows (under each field), and a sentence for
 * the rest (null when every problem is shown under a field).
 */
export function formErrors(
  err: unknown,
  shownFields: readonly string[],
): { fields: FieldErrors; message: string | null } {
  if (!(err instanceof ApiError) || err.code !== "VALIDATION_ERROR") {
    return { fields: {}, message: err ? describeError(err) : null };
  }
  const fields: FieldErrors = {};
  for (const name of shownFields) {
    const messages = err.fields[name];
    if (messages?.length) fields[name] = messages;
  }
  const unshown = Object.keys(err.fields).filter((f) => !shownFields.includes(f));
  if (Object.keys(err.fields).length === 0) return { fields, message: err.detail || SENTENCES.VALIDATION_ERROR! };
  return { fields, message: unshown.length ? validationSentence(err, shownFields) : null };
}
