import { useState } from "react";
import { Button } from "./Button";
import { Field } from "./Field";

/** What the API takes as a second factor: a code from the authenticator app or a recovery code. */
export type SecondFactor = { code: string } | { recovery_code: string };

/** The state of a second-factor input: which kind is asked for, and what was typed. */
export function useSecondFactor() {
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState("");
  const field: "code" | "recovery_code" = recovery ? "recovery_code" : "code";
  return {
    recovery,
    field,
    value,
    setValue,
    given: value.trim() !== "",
    /** Switches kind and clears what was typed (a TOTP code is no recovery code). */
    toggle: () => {
      setRecovery((r) => !r);
      setValue("");
    },
    /** The body fields: authenticator apps show codes as "123 456", the server wants the digits. */
    factor: (): SecondFactor => (recovery ? { recovery_code: value.trim() } : { code: value.replace(/\s+/g, "") }),
  };
}

/** The input of a second factor with its "use a recovery code instead" switch, alike on sign-in,
 * turning two-factor sign-in off and deleting the account. `onToggle` runs after a switch (e.g.
 * to clear the last error, which named the other kind). */
export function SecondFactorField({
  state,
  codeLabel = "Code from your authenticator app",
  errors,
  autoFocus,
  onToggle,
}: {
  state: ReturnType<typeof useSecondFactor>;
  codeLabel?: string;
  errors?: string[] | undefined;
  autoFocus?: boolean;
  onToggle?: () => void;
}) {
  const { recovery, field } = state;
  return (
    <>
      <Field
        key={field}
        label={recovery ? "Recovery code" : codeLabel}
        name={field}
        inputMode={recovery ? "text" : "numeric"}
        autoComplete={recovery ? "off" : "one-time-code"}
        autoFocus={autoFocus}
        required
        value={state.value}
        onChange={(e) => state.setValue(e.target.value)}
        errors={errors}
      />
      <div className="form-row-between">
        <Button
          variant="ghost"
          size="sm"
          className="btn-link"
          onClick={() => {
            state.toggle();
            onToggle?.();
          }}
        >
          {recovery ? "Use a code from the app instead" : "Use a recovery code instead"}
        </Button>
      </div>
    </>
  );
}
