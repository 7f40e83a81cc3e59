import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { Field, NewPasswordField } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { useResetPassword } from "../hooks";

function InvalidLink() {
  return (
    <Banner tone="error">
      <p>This link is invalid or has expired.</p>
      <p>
        <Link to="/forgot-password">Request a new link</Link>
      </p>
    </Banner>
  );
}

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const reset = useResetPassword();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const { fields, message } = formErrors(reset.error, ["new_password"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    reset.mutate({ token, new_password: password });
  }

  if (reset.isSuccess) {
    return (
      <>
        <PageTitle title="Password changed" />
        <Banner tone="success">
          <p>
            Your password has been changed. <Link to="/login">Sign in</Link>.
          </p>
        </Banner>
      </>
    );
  }

  return (
    <>
      <PageTitle title="Set a new password" />
      {!token || isApiError(reset.error, "INVALID_TOKEN") ? (
        <InvalidLink />
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <FormError message={message} />
          <NewPasswordField
            label="New password"
            name="new_password"
            value={password}
            onValue={setPassword}
            errors={fields.new_password}
          />
          <Field
            label="Confirm new password"
            type="password"
            name="confirm_password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => {
              setConfirm(e.target.value);
              if (mismatch) setMismatch(false);
            }}
            errors={mismatch ? ["The passwords do not match."] : undefined}
          />
          <Button type="submit" busy={reset.isPending} className="btn-block">
            Set new password
          </Button>
        </form>
      )}
    </>
  );
}
