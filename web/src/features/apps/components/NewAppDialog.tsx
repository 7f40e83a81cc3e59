import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Button } from "@/components/Button";
import { Dialog } from "@/components/Dialog";
import { FormError } from "@/components/FormError";
import { useCreateApp, type App } from "../hooks";
import { AppFields } from "./AppFields";

export function NewAppDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (app: App) => void }) {
  const create = useCreateApp();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const { fields, message } = formErrors(create.error, ["name", "description"]);
  const limitReached = isApiError(create.error, "APP_LIMIT_REACHED");

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), description: description.trim() }, { onSuccess: onCreated });
  }

  return (
    <Dialog title="New app" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={message}>
          {limitReached ? (
            <p>
              <Link className="btn btn-primary btn-sm" to="/billing">
                Upgrade
              </Link>
            </p>
          ) : null}
        </FormError>
        <AppFields
          value={{ name, description }}
          onChange={(v) => {
            setName(v.name);
            setDescription(v.description);
          }}
          errors={fields}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending}>
            Create app
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
