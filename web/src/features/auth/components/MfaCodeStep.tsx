import { type FormEvent } from "react";
import { formErrors, isApiError } from "@/api/errors";
import { Button } from "@/components/Button";
import { SecondFactorField, useSecondFactor } from "@/components/SecondFactorField";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { useMfaVerify } from "../hooks";

/** Login's second step: a code from the authenticator app, or a recovery code, for `mfaToken`.
 * A dead token (expired, used, or killed by too many wrong codes) sends the person back. */
export function MfaCodeStep({
  mfaToken,
  onRestart,
  onVerified,
}: {
  mfaToken: string;
  onRestart: (message: string | null) => void;
  /** After the session started (the sign-in page's redirect does this by itself). */
  onVerified?: () => void;
}) {
  const verify = useMfaVerify();
  const secondFactor = useSecondFactor();
  const { recovery, field } = secondFactor;
  const wrongCode = isApiError(verify.error, "INVALID_MFA_CODE");
  const { fields, message } = wrongCode ? { fields: {}, message: null } : formErrors(verify.error, [field]);

  function submit(event: FormEvent) {
    event.preventDefault();
    verify.mutate({ mfa_token: mfaToken, ...secondFactor.factor() }, {
      onSuccess: () => onVerified?.(),
      onError: (err) => {
        if (isApiError(err, "INVALID_TOKEN")) {
          onRestart("Your sign-in expired or had too many wrong codes. Sign in again.");
        }
      },
    });
  }

  return (
    <>
      <PageTitle
        title="Two-factor code"
        subtitle={
          recovery
            ? "Enter one of the recovery codes you saved. Each works once."
            : "Enter the 6-digit code from your authenticator app."
        }
      />
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={message} />
        <SecondFactorField
          state={secondFactor}
          codeLabel="Code"
          autoFocus
          errors={wrongCode ? ["That code is not valid."] : fields[field]}
          onToggle={() => verify.reset()}
        />
        <Button type="submit" busy={verify.isPending} disabled={!secondFactor.given} className="btn-block">
          Verify
        </Button>
      </form>
      <p className="auth-switch">
        <Button variant="ghost" size="sm" className="btn-link" onClick={() => onRestart(null)}>
          Back to sign in
        </Button>
      </p>
    </>
  );
}
