import { useState, type FormEvent } from "react";
import { formErrors, isApiError } from "@/api/errors";
import { Button } from "@/components/Button";
import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { useMfaVerify } from "../hooks";

/** Login's second step: a code from the authenticator app, or a recovery code, for `mfaToken`.
 * A dead token (expired, used, or killed by too many wrong codes) sends the person back. */
export function MfaCodeStep({ mfaToken, onRestart }: { mfaToken: string; onRestart: (message: string | null) => void }) {
  const verify = useMfaVerify();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState("");
  const field = recovery ? "recovery_code" : "code";
  const wrongCode = isApiError(verify.error, "INVALID_MFA_CODE");
  const { fields, message } = wrongCode ? { fields: {}, message: null } : formErrors(verify.error, [field]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = code.trim();
    verify.mutate(recovery ? { mfa_token: mfaToken, recovery_code: value } : { mfa_token: mfaToken, code: value.replace(/\s+/g, "") }, {
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
        <Field
          key={field}
          label={recovery ? "Recovery code" : "Code"}
          name={field}
          inputMode={recovery ? "text" : "numeric"}
          autoComplete={recovery ? "off" : "one-time-code"}
          autoFocus
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          errors={wrongCode ? ["That code is not valid."] : fields[field]}
        />
        <div className="form-row-between">
          <Button
            variant="ghost"
            size="sm"
            className="btn-link"
            onClick={() => {
              setRecovery(!recovery);
              setCode("");
              verify.reset();
            }}
          >
            {recovery ? "Use a code from the app instead" : "Use a recovery code instead"}
          </Button>
        </div>
        <Button type="submit" busy={verify.isPending} disabled={code.trim() === ""} className="btn-block">
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
