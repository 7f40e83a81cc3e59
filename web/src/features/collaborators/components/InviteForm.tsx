import { useState, type FormEvent } from "react";
import { formErrors, isApiError } from "@/api/errors";
import { Button } from "@/components/Button";
import { EmailField, SelectField } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { useInvite, type CollaboratorRole } from "../hooks";
import { inviteErrorText } from "../inviteErrors";

/** The owner invites an address, with or without an account: the person joins when they accept
 * the mailed link, so nobody is added to an app without agreeing to it. */
export function InviteForm({ appId }: { appId: number }) {
  const invite = useInvite(appId);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<CollaboratorRole>("editor");
  const [submitted, setSubmitted] = useState("");
  const { fields, message } = formErrors(invite.error, ["email", "role"]);
  const error = isApiError(invite.error, "VALIDATION_ERROR") ? message : invite.error ? inviteErrorText(invite.error, submitted) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const address = email.trim();
    setSubmitted(address);
    invite.mutate({ email: address, role }, { onSuccess: () => setEmail("") });
  }

  return (
    <form className="form add-collaborator" onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h3 id="invite-title">Invite a collaborator</h3>
      <FormError message={error} />
      {invite.isSuccess ? (
        <p className="note-success" role="status">
          Invitation sent to {invite.data.email}. They join as {invite.data.role} once they accept it.
        </p>
      ) : null}
      <div className="form-inline">
        <EmailField
          value={email}
          onValue={setEmail}
          errors={fields.email}
          autoComplete="off"
          hint="We email them a link. They can accept it with an existing account or create one."
        />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as CollaboratorRole)}
          errors={fields.role}
        >
          <option value="editor">editor</option>
          <option value="viewer">viewer</option>
        </SelectField>
      </div>
      <div className="form-actions">
        <Button type="submit" busy={invite.isPending}>
          Send invitation
        </Button>
      </div>
    </form>
  );
}
