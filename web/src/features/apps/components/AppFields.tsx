import { Field, TextAreaField } from "@/components/Field";

export interface AppFieldValues {
  name: string;
  description: string;
}

/** An app's name and description, as the create dialog and the app's page edit them. */
export function AppFields({
  value,
  onChange,
  errors,
}: {
  value: AppFieldValues;
  onChange: (value: AppFieldValues) => void;
  errors: Partial<Record<keyof AppFieldValues, string[]>>;
}) {
  return (
    <>
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        autoComplete="off"
        value={value.name}
        onChange={(e) => onChange({ ...value, name: e.target.value })}
        errors={errors.name}
      />
      <TextAreaField
        label="Description"
        name="description"
        maxLength={1000}
        rows={3}
        value={value.description}
        onChange={(e) => onChange({ ...value, description: e.target.value })}
        errors={errors.description}
        hint="Optional. Up to 1000 characters."
      />
    </>
  );
}
