import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { formErrors } from "@/api/errors";
import { Button } from "@/components/Button";
import { EmailField, NewPasswordField } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { rememberReturnPath } from "@/lib/returnPath";
import { ProviderSignIn } from "../components/ProviderSignIn";
import { useRegister } from "../hooks";
import { withSameParams } from "../links";

export default function RegisterPage() {
  const navigate = useNavigate();
  const register = useRegister();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const { fields, message } = formErrors(register.error, ["email", "password"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const address = email.trim();
    const next = params.get("next");
    register.mutate(
      { email: address, password },
      {
        onSuccess: () => {
          // Signing in comes after the mailed link, maybe in another tab: keep where to go then.
          if (next) rememberReturnPath(next, address);
          navigate(`/check-email?email=${encodeURIComponent(address)}`);
        },
      },
    );
  }

  return (
    <>
      <PageTitle title="Create an account" subtitle="Start free on the Basic plan. Upgrade any time." />
      <ProviderSignIn params={params} />
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={message} />
        <EmailField value={email} onValue={setEmail} errors={fields.email} />
        <NewPasswordField
          label="Password"
          name="password"
          value={password}
          onValue={setPassword}
          errors={fields.password}
        />
        <Button type="submit" busy={register.isPending} className="btn-block">
          Create account
        </Button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to={withSameParams("/login", params)}>Sign in</Link>
      </p>
    </>
  );
}
