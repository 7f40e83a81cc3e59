import { useState, type FormEvent } from "react";
import { formErrors } from "@/api/errors";
import { Button } from "@/components/Button";
import { FormError } from "@/components/FormError";
import { EmailField } from "@/components/Field";
import { useResendVerification } from "../hooks";

/**
 * "Resend verification email": with a known address a single button, else a small form asking
 * for it. Shows "Sent" once the server accepted the request (it always answers 202).
 */
export function ResendVerification({ email }: { email?: string | null }) {
  const resend = useResendVerification();
  const [typed, setTyped] = useState("");
  const address = email ?? typed;
  const { fields, message } = formErrors(resend.error, email ? [] : ["email"]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!address) return;
    resend.mutate({ email: address });
  }

  return (
    <div className="resend">
      {email ? (
        <Button variant="secondary" busy={resend.isPending} onClick={() => submit()}>
          Resend verification email
        </Button>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <EmailField value={typed} onValue={setTyped} errors={fields.email} />
          <Button type="submit" variant="secondary" busy={resend.isPending}>
            Resend verification email
          </Button>
        </form>
      )}
      {resend.isSuccess ? (
        <p className="note-success" role="status">
          Sent. If the address needs verifying, a new link is on its way.
        </p>
      ) : null}
      <FormError message={message} />
    </div>
  );
}
