import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Button } from "@/components/Button";
import { Dialog } from "@/components/Dialog";
import { Field } from "@/components/Field";
import { SecondFactorField, useSecondFactor } from "@/components/SecondFactorField";
import { FormError } from "@/components/FormError";
import { signOut } from "@/lib/session";
import { useDeleteAccount } from "../hooks";

function DeleteAccountDialog({ email, mfaEnabled, onClose }: { email: string; mfaEnabled: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const remove = useDeleteAccount();
  const [typed, setTyped] = useState("");
  const [password, setPassword] = useState("");
  // With two-factor sign-in on, the server also asks for a code (or a recovery code).
  const secondFactor = useSecondFactor();
  const wrongCode = isApiError(remove.error, "INVALID_MFA_CODE");
  const { fields, message } = wrongCode ? { fields: {}, message: null } : formErrors(remove.error, ["password"]);
  // Typing the address is the confirmation: a click alone must never end an account.
  const confirmed = typed.trim().toLowerCase() === email.toLowerCase();
  const factorGiven = !mfaEnabled || secondFactor.given;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!confirmed || !factorGiven) return;
    const factor = mfaEnabled ? secondFactor.factor() : {};
    remove.mutate(
      { password, ...factor },
      {
        onSuccess: async () => {
          await signOut(false, "deleted");
          navigate("/login", { replace: true });
        },
      },
    );
  }

  return (
    <Dialog
      title="Delete your account"
      onClose={onClose}
      description={
        <p>
          This deletes your account, the apps you own (their collaborators lose access), your places in other people's
          apps, and cancels any subscription at once. It cannot be undone.
        </p>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={message} />
        <Field
          label={`Type ${email} to confirm`}
          name="confirm_email"
          autoComplete="off"
          required
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          errors={fields.password ? ["Your password is wrong."] : undefined}
        />
        {mfaEnabled ? (
          <SecondFactorField
            state={secondFactor}
            errors={wrongCode ? ["That code is not valid."] : undefined}
            onToggle={() => remove.reset()}
          />
        ) : null}
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" busy={remove.isPending} disabled={!confirmed || password === "" || !factorGiven}>
            Delete my account
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteAccountSection({ email, mfaEnabled }: { email: string; mfaEnabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="delete-account-title">
      <h2 id="delete-account-title">Delete account</h2>
      <p className="muted">
        Remove your account and everything stored with it. The address can be used to sign up again.
      </p>
      <div className="form-actions">
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete account…
        </Button>
      </div>
      {open ? <DeleteAccountDialog email={email} mfaEnabled={mfaEnabled} onClose={() => setOpen(false)} /> : null}
    </section>
  );
}
