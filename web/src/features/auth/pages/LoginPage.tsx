import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { CurrentPasswordField, EmailField } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { useSession } from "@/lib/session";
import { MfaCodeStep } from "../components/MfaCodeStep";
import { ProviderSignIn } from "../components/ProviderSignIn";
import { ResendVerification } from "../components/ResendVerification";
import { useLogin } from "../hooks";
import { withSameParams } from "../links";

const REASONS = {
  logout: { tone: "info", text: "You have been signed out." },
  deleted: { tone: "info", text: "Your account was deleted. A confirmation is on its way to your inbox." },
  expired: { tone: "warning", text: "Your session has expired. Sign in again." },
  unreachable: { tone: "error", text: "Cannot reach the server." },
} as const;

export default function LoginPage() {
  const { reason } = useSession();
  const login = useLogin();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  // Set by a 403 MFA_REQUIRED: the page asks for the second factor instead of the password.
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [restartNotice, setRestartNotice] = useState<string | null>(null);
  const { fields, message } = formErrors(login.error, ["email", "password"]);
  const unverified = isApiError(login.error, "EMAIL_NOT_VERIFIED");

  function submit(event: FormEvent) {
    event.preventDefault();
    setRestartNotice(null);
    login.mutate(
      { email: email.trim(), password },
      {
        onError: (err) => {
          const token = isApiError(err, "MFA_REQUIRED") ? err.body.mfa_token : undefined;
          if (typeof token === "string") {
            login.reset();
            setMfaToken(token);
          }
        },
      },
    );
  }

  if (mfaToken !== null) {
    return (
      <MfaCodeStep
        mfaToken={mfaToken}
        onRestart={(text) => {
          setMfaToken(null);
          setPassword("");
          setRestartNotice(text);
        }}
      />
    );
  }

  const notice = reason ? REASONS[reason] : null;
  return (
    <>
      <PageTitle title="Sign in" subtitle="Welcome back. Sign in to manage your apps." />
      {restartNotice && !login.error ? (
        <Banner tone="warning">
          <p>{restartNotice}</p>
        </Banner>
      ) : notice && !login.error ? (
        <Banner tone={notice.tone}>
          <p>{notice.text}</p>
        </Banner>
      ) : null}
      <ProviderSignIn params={params} />
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={message}>
          {unverified ? <ResendVerification email={email.trim()} /> : null}
        </FormError>
        <EmailField value={email} onValue={setEmail} errors={fields.email} />
        <CurrentPasswordField value={password} onValue={setPassword} errors={fields.password} />
        <div className="form-row-between">
          <Link to="/forgot-password">Forgot password?</Link>
        </div>
        <Button type="submit" busy={login.isPending} className="btn-block">
          Sign in
        </Button>
      </form>
      <p className="auth-switch">
        New to plangate? <Link to={withSameParams("/register", params)}>Create an account</Link>
      </p>
    </>
  );
}
