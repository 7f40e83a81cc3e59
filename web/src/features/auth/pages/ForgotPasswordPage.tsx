import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { formErrors } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { EmailField } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { useForgotPassword } from "../hooks";

export default function ForgotPasswordPage() {
  const forgot = useForgotPassword();
  const [email, setEmail] = useState("");
  const { fields, message } = formErrors(forgot.error, ["email"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    forgot.mutate({ email: email.trim() });
  }

  return (
    <>
      <PageTitle title="Reset your password" subtitle="Enter your account's email and we will send you a link to set a new password." />
      {forgot.isSuccess ? (
        <Banner tone="success">
          <p>If an account exists for that address, we sent a link.</p>
        </Banner>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={message} />
        <EmailField value={email} onValue={setEmail} errors={fields.email} />
        <Button type="submit" busy={forgot.isPending} className="btn-block">
          Send reset link
        </Button>
      </form>
      <p className="auth-switch">
        <Link to="/login">Back to sign in</Link>
      </p>
    </>
  );
}
