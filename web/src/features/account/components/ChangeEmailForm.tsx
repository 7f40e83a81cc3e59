import { useState, type FormEvent } from "react";
import { formErrors } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { CurrentPasswordField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { useChangeEmail } from "../hooks";

export function ChangeEmailForm() {
  const change = useChangeEmail();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { fields, message } = formErrors(change.error, ["new_email", "password"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = email.trim();
    change.mutate(
      { new_email: next, password },
      {
        onSuccess: () => {
          setSentTo(next);
          setEmail("");
          setPassword("");
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="change-email-title">
      <h2 id="change-email-title">Change email</h2>
      {sentTo ? (
        <Banner tone="success">
          <p>
            Check {sentTo}: the change takes effect when you open the link we sent there. Your current address was told
            too.
          </p>
        </Banner>
      ) : null}
      <FormError message={message} />
      <Field
        label="New email"
        type="email"
        name="new_email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        errors={fields.new_email}
      />
      <CurrentPasswordField label="Current password" value={password} onValue={setPassword} errors={fields.password ? ["Your password is wrong."] : undefined} />
      <div className="form-actions">
        <Button type="submit" busy={change.isPending}>
          Send confirmation link
        </Button>
      </div>
    </form>
  );
}
