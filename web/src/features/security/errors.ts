import { formErrors, isApiError } from "@/api/errors";

/** The errors of a form that asks for the password and/or a code: a wrong password (VALIDATION_ERROR
 * on `password`) and a wrong code (INVALID_MFA_CODE) go under their fields. */
export function mfaFormErrors(error: unknown, codeField: "code" | "recovery_code" = "code") {
  if (isApiError(error, "INVALID_MFA_CODE")) {
    return { password: undefined, code: ["That code is not valid."], message: null };
  }
  const { fields, message } = formErrors(error, ["password", codeField]);
  return {
    password: fields.password ? ["Your password is wrong."] : undefined,
    code: fields[codeField],
    message,
  };
}
