import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

interface Shell {
  label: string;
  /** Messages shown under the field (role="alert", linked by aria-describedby). */
  errors?: string[] | undefined;
  hint?: ReactNode;
}

function useFieldIds(id: string | undefined, errors: string[] | undefined, hint: ReactNode) {
  const autoId = useId();
  const inputId = id ?? `f${autoId.replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const hasErrors = Boolean(errors?.length);
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(" ") || undefined;
  return { inputId, errorId, hintId, hasErrors, describedBy };
}

function FieldFrame({
  label,
  errors,
  hint,
  ids,
  children,
}: Shell & { ids: ReturnType<typeof useFieldIds>; children: ReactNode }) {
  return (
    <div className={ids.hasErrors ? "field field-invalid" : "field"}>
      <label htmlFor={ids.inputId}>{label}</label>
      {children}
      {hint ? (
        <p id={ids.hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {ids.hasErrors ? (
        <div id={ids.errorId} className="field-error" role="alert">
          {errors!.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** The "Email" input of every form that asks for an address, bound to a string. */
export function EmailField({
  value,
  onValue,
  errors,
  hint,
  autoComplete = "email",
}: {
  value: string;
  onValue: (value: string) => void;
  errors?: string[] | undefined;
  hint?: ReactNode;
  autoComplete?: string;
}) {
  return (
    <Field
      label="Email"
      type="email"
      name="email"
      autoComplete={autoComplete}
      required
      value={value}
      onChange={(e) => onValue(e.target.value)}
      errors={errors}
      hint={hint}
    />
  );
}

/** The password the person has now, to confirm who they are (sign-in, sensitive changes). */
export function CurrentPasswordField({
  label = "Password",
  name = "password",
  value,
  onValue,
  errors,
}: {
  label?: string;
  name?: string;
  value: string;
  onValue: (value: string) => void;
  errors?: string[] | undefined;
}) {
  return (
    <Field
      label={label}
      type="password"
      name={name}
      autoComplete="current-password"
      required
      value={value}
      onChange={(e) => onValue(e.target.value)}
      errors={errors}
    />
  );
}

/** A password being chosen, with the policy the server applies spelled out under it. */
export function NewPasswordField({
  label,
  name,
  value,
  onValue,
  errors,
}: {
  label: string;
  name: string;
  value: string;
  onValue: (value: string) => void;
  errors?: string[] | undefined;
}) {
  return (
    <Field
      label={label}
      type="password"
      name={name}
      autoComplete="new-password"
      required
      minLength={8}
      maxLength={128}
      value={value}
      onChange={(e) => onValue(e.target.value)}
      errors={errors}
      hint="At least 8 characters. Not all digits, not your email, not a common password."
    />
  );
}

export function Field({ label, errors, hint, id, ...input }: Shell & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(id, errors, hint);
  return (
    <FieldFrame label={label} errors={errors} hint={hint} ids={ids}>
      <input
        id={ids.inputId}
        aria-invalid={ids.hasErrors || undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
    </FieldFrame>
  );
}

export function TextAreaField({ label, errors, hint, id, ...input }: Shell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(id, errors, hint);
  return (
    <FieldFrame label={label} errors={errors} hint={hint} ids={ids}>
      <textarea
        id={ids.inputId}
        aria-invalid={ids.hasErrors || undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  errors,
  hint,
  id,
  children,
  ...input
}: Shell & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = useFieldIds(id, errors, hint);
  return (
    <FieldFrame label={label} errors={errors} hint={hint} ids={ids}>
      <select
        id={ids.inputId}
        aria-invalid={ids.hasErrors || undefined}
        aria-describedby={ids.describedBy}
        {...input}
      >
        {children}
      </select>
    </FieldFrame>
  );
}
