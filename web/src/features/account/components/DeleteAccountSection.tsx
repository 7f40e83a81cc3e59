import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { Dialog } from "@/components/Dialog";
import { CurrentPasswordField, Field } from "@/components/Field";
import { ProviderButtons } from "@/components/ProviderButtons";
import { SecondFactorField, useSecondFactor } from "@/components/SecondFactorField";
import { FormError } from "@/components/FormError";
import { useIdentities, useOidcProviders } from "@/lib/oidc";
import { signOut } from "@/lib/session";
import { useDeleteAccount } from "../hooks";

// Where a fresh provider sign-in comes back to: this page, with the dialog open again.
const REAUTH_NEXT = "/account?delete=1";

/** A user without a password proves it is them by a recent provider sign-in (the server answers
 * REAUTHENTICATION_REQUIRED otherwise): the providers their account is linked to, to sign in
 * again with and come back here. */
function Reauthenticate() {
  const providers = useOidcProviders();
  const identities = useIdentities();
  const linked = new Set(identities.data?.map((i) => i.provider));
  const all = providers.data ?? [];
  const mine = all.filter((p) => linked.has(p.name));
  const offered = mine.length ? mine : all;
  const names = offered.map((p) => p.label).join(" or ") || "your provider";
  return (
    <Banner tone="warning">
      <p>For your safety, sign in again with {names} first.</p>
      <ProviderButtons providers={offered} next={REAUTH_NEXT} verb="Sign in again with" />
    </Banner>
  );
}

function DeleteAccountDialog({
  email,
  mfaEnabled,
  hasPassword,
  onClose,
}: {
  email: string;
  mfaEnabled: boolean;
  hasPassword: boolean;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const remove = useDeleteAccount();
  const [typed, setTyped] = useState("");
  const [password, setPassword] = useState("");
  // With two-factor sign-in on, the server also asks for a code (or a recovery code).
  const secondFactor = useSecondFactor();
  const wrongCode = isApiError(remove.error, "INVALID_MFA_CODE");
  // A user without a password whose sign-in is older than the server allows.
  const reauth = isApiError(remove.error, "REAUTHENTICATION_REQUIRED");
  const { fields, message } =
    wrongCode || reauth ? { fields: {}, message: null } : formErrors(remove.error, ["password"]);
  // Typing the address is the confirmation: a click alone must never end an account.
  const confirmed = typed.trim().toLowerCase() === email.toLowerCase();
  const factorGiven = !mfaEnabled || secondFactor.given;
  const passwordGiven = !hasPassword || password !== "";

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!confirmed || !factorGiven || !passwordGiven) return;
    const factor = mfaEnabled ? secondFactor.factor() : {};
    remove.mutate(hasPassword ? { password, ...factor } : factor, {
      onSuccess: async () => {
        await signOut(false, "deleted");
        navigate("/login", { replace: true });
      },
    });
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
        {reauth ? <Reauthenticate /> : null}
        <Field
          label={`Type ${email} to confirm`}
          name="confirm_email"
          autoComplete="off"
          required
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        {hasPassword ? (
          <CurrentPasswordField value={password} onValue={setPassword} errors={fields.password ? ["Your password is wrong."] : undefined} />
        ) : null}
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
          <Button
            type="submit"
            variant="danger"
            busy={remove.isPending}
            disabled={!confirmed || !passwordGiven || !factorGiven}
          >
            Delete my account
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteAccountSection({
  email,
  mfaEnabled,
  hasPassword,
}: {
  email: string;
  mfaEnabled: boolean;
  hasPassword: boolean;
}) {
  const [params, setParams] = useSearchParams();
  // Back from signing in again for this (?delete=1): the dialog opens again by itself.
  const [open, setOpen] = useState(params.get("delete") === "1");
  function close() {
    setOpen(false);
    if (params.has("delete")) setParams({}, { replace: true });
  }
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
      {open ? (
        <DeleteAccountDialog email={email} mfaEnabled={mfaEnabled} hasPassword={hasPassword} onClose={close} />
      ) : null}
    </section>
  );
}
