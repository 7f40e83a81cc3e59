import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { EmailField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { useSession } from "@/lib/session";
import { ResendVerification } from "../components/ResendVerification";
import { useLogin } from "../hooks";

const REASONS = {
  logout: { tone: "info", text: "You have been signed out." },
  deleted: { tone: "info", text: "Your account was deleted. A confirmation is on its way to your inbox." },
  expired: { tone: "warning", text: "Your session has expired. Sign in again." },
  unreachable: { tone: "error", text: "Cannot reach the server." },
} as const;

export default function LoginPage() {
  const { reason } = useSession();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { fields, message } = formErrors(login.error, ["email", "password"]);
  const unverified = isApiError(login.error, "EMAIL_NOT_VERIFIED");

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  }

  const notice = reason ? REASONS[reason] : null;
  return (
    <>
      <PageTitle title="Sign in" subtitle="Welcome back. Sign in to manage your apps." />
      {notice && !login.error ? (
        <Banner tone={notice.tone}>
          <p>{notice.text}</p>
        </Banner>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={message}>
          {unverified ? <ResendVerification email={email.trim()} /> : null}
        </FormError>
        <EmailField value={email} onValue={setEmail} errors={fields.email} />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          errors={fields.password}
        />
        <div className="form-row-between">
          <Link to="/forgot-password">Forgot password?</Link>
        </div>
        <Button type="submit" busy={login.isPending} className="btn-block">
          Sign in
        </Button>
      </form>
      <p className="auth-switch">
        New to plangate? <Link to="/register">Create an account</Link>
      </p>
    </>
  );
}
