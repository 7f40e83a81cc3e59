import { useState, type FormEvent } from "react";
import type { Schemas } from "@/api/client";
import { Badge } from "@/components/Badge";
import { Button } from "@/components/Button";
import { Dialog } from "@/components/Dialog";
import { CurrentPasswordField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { SecondFactorField, useSecondFactor } from "@/components/SecondFactorField";
import type { User } from "@/lib/session";
import { mfaFormErrors } from "../errors";
import { useRegenerateRecoveryCodes, useTotpConfirm, useTotpDisable, useTotpSetup } from "../hooks";
import { QrCode } from "./QrCode";
import { RecoveryCodes } from "./RecoveryCodes";

/** Where the "turn on" flow is; the recovery codes step outlives `mfa_enabled` turning true. */
type Flow =
  | { step: "idle" }
  | { step: "password" }
  | { step: "scan"; setup: Schemas["MfaSetup"] }
  | { step: "codes"; codes: string[] };

function CodeField({
  label = "Code from your authenticator app",
  value,
  onValue,
  errors,
}: {
  label?: string;
  value: string;
  onValue: (v: string) => void;
  errors?: string[] | undefined;
}) {
  return (
    <Field
      label={label}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      required
      value={value}
      onChange={(e) => onValue(e.target.value)}
      errors={errors}
    />
  );
}

/** The secret in groups of four, as authenticator apps show it. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

function PasswordStep({ onSetup, onCancel }: { onSetup: (setup: Schemas["MfaSetup"]) => void; onCancel: () => void }) {
  const setup = useTotpSetup();
  const [password, setPassword] = useState("");
  const errors = mfaFormErrors(setup.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    setup.mutate({ password }, { onSuccess: onSetup });
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>Enter your password to start.</p>
      <FormError message={errors.message} />
      <CurrentPasswordField value={password} onValue={setPassword} errors={errors.password} />
      <div className="form-actions">
        <Button type="submit" busy={setup.isPending} disabled={password === ""}>
          Continue
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function ScanStep({
  setup,
  onConfirmed,
  onCancel,
}: {
  setup: Schemas["MfaSetup"];
  onConfirmed: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const confirm = useTotpConfirm();
  const [code, setCode] = useState("");
  const errors = mfaFormErrors(confirm.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate({ code: code.replace(/\s+/g, "") }, { onSuccess: (body) => onConfirmed(body.recovery_codes) });
  }
  return (
    <div className="mfa-setup">
      <ol className="mfa-steps">
        <li>
          <p>Scan this QR code with your authenticator app.</p>
          <QrCode value={setup.otpauth_uri} label="QR code to add plangate to your authenticator app" />
        </li>
        <li>
          <p>Or enter this setup key by hand:</p>
          <p>
            <code className="mfa-secret" data-testid="totp-secret">
              {groupSecret(setup.secret)}
            </code>
          </p>
        </li>
        <li>
          <form className="form" onSubmit={submit} noValidate>
            <p>Enter the 6-digit code the app shows.</p>
            <FormError message={errors.message} />
            <CodeField value={code} onValue={setCode} errors={errors.code} />
            <div className="form-actions">
              <Button type="submit" busy={confirm.isPending} disabled={code.trim() === ""}>
                Turn on
              </Button>
              <Button variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

function RegenerateDialog({ onClose, onCodes }: { onClose: () => void; onCodes: (codes: string[]) => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const errors = mfaFormErrors(regenerate.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    regenerate.mutate(
      { password, code: code.replace(/\s+/g, "") },
      { onSuccess: (body) => onCodes(body.recovery_codes) },
    );
  }
  return (
    <Dialog
      title="New recovery codes"
      onClose={onClose}
      description={<p>Your current recovery codes stop working, and you get 10 new ones.</p>}
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.message} />
        <CurrentPasswordField value={password} onValue={setPassword} errors={errors.password} />
        <CodeField value={code} onValue={setCode} errors={errors.code} />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={regenerate.isPending} disabled={password === "" || code.trim() === ""}>
            Make new codes
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DisableDialog({ onClose }: { onClose: () => void }) {
  const disable = useTotpDisable();
  const [password, setPassword] = useState("");
  const secondFactor = useSecondFactor();
  const errors = mfaFormErrors(disable.error, secondFactor.field);
  function submit(event: FormEvent) {
    event.preventDefault();
    disable.mutate({ password, ...secondFactor.factor() }, { onSuccess: onClose });
  }
  return (
    <Dialog
      title="Turn off two-factor sign-in"
      onClose={onClose}
      description={<p>Signing in will need only your password. Your other sessions are signed out.</p>}
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.message} />
        <CurrentPasswordField value={password} onValue={setPassword} errors={errors.password} />
        <SecondFactorField state={secondFactor} errors={errors.code} onToggle={() => disable.reset()} />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" busy={disable.isPending} disabled={password === "" || !secondFactor.given}>
            Turn off
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function TwoFactorSection({ user }: { user: User }) {
  const [flow, setFlow] = useState<Flow>({ step: "idle" });
  const [dialog, setDialog] = useState<"regenerate" | "disable" | null>(null);
  const idle = () => setFlow({ step: "idle" });

  return (
    <section className="card" aria-labelledby="two-factor-title">
      <div className="section-header">
        <h2 id="two-factor-title">Two-factor sign-in</h2>
        <Badge tone={user.mfa_enabled ? "success" : "neutral"}>{user.mfa_enabled ? "On" : "Off"}</Badge>
      </div>
      {/* The flow's steps first: confirming turns mfa_enabled on before the codes are shown. */}
      {flow.step === "codes" ? (
        <RecoveryCodes codes={flow.codes} email={user.email} onDone={idle} />
      ) : flow.step === "scan" ? (
        <ScanStep setup={flow.setup} onConfirmed={(codes) => setFlow({ step: "codes", codes })} onCancel={idle} />
      ) : user.mfa_enabled ? (
        <>
          <p className="muted">
            Signing in asks for a code from your authenticator app, or one of your recovery codes.
          </p>
          <div className="form-actions">
            <Button variant="secondary" onClick={() => setDialog("regenerate")}>
              Regenerate recovery codes
            </Button>
            <Button variant="danger" onClick={() => setDialog("disable")}>
              Turn off
            </Button>
          </div>
        </>
      ) : flow.step === "password" ? (
        <PasswordStep onSetup={(setup) => setFlow({ step: "scan", setup })} onCancel={idle} />
      ) : (
        <>
          <p className="muted">
            Protect your account with a code from an authenticator app (such as Google Authenticator, 1Password or
            Aegis) each time you sign in.
          </p>
          {user.has_password ? (
            <div className="form-actions">
              <Button onClick={() => setFlow({ step: "password" })}>Turn on</Button>
            </div>
          ) : (
            <p>Turning it on asks for your password: set one first with Forgot password (see above).</p>
          )}
        </>
      )}
      {dialog === "regenerate" ? (
        <RegenerateDialog
          onClose={() => setDialog(null)}
          onCodes={(codes) => {
            setDialog(null);
            setFlow({ step: "codes", codes });
          }}
        />
      ) : null}
      {dialog === "disable" ? <DisableDialog onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
