import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { ConfirmDialog } from "@/components/Dialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { formatDate } from "@/lib/format";
import { positiveInt } from "@/lib/navigation";
import { noticeFrom } from "@/lib/notice";
import { AppFields } from "../components/AppFields";
import { RoleBadge } from "../components/RoleBadge";
import { useApp, useDeleteApp, useUpdateApp, type App } from "../hooks";

const NOT_FOUND = "This app does not exist or you do not have access to it.";

function AppNotFound() {
  return (
    <>
      <PageTitle title="App not found" />
      <Banner tone="error">
        <p>{NOT_FOUND}</p>
      </Banner>
      <p>
        <Link to="/apps">Back to apps</Link>
      </p>
    </>
  );
}

function EditAppForm({ app }: { app: App }) {
  const update = useUpdateApp(app.id);
  const [name, setName] = useState(app.name);
  const [description, setDescription] = useState(app.description);
  const { fields, message } = formErrors(update.error, ["name", "description"]);
  const dirty = name !== app.name || description !== app.description;

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { name: name.trim(), description: description.trim() },
      {
        onSuccess: (saved) => {
          setName(saved.name);
          setDescription(saved.description);
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Edit app">
      <FormError message={message} />
      {update.isSuccess && !dirty ? (
        <Banner tone="success">
          <p>Saved.</p>
        </Banner>
      ) : null}
      <AppFields
        value={{ name, description }}
        onChange={(v) => {
          setName(v.name);
          setDescription(v.description);
        }}
        errors={fields}
      />
      <div className="form-actions">
        <Button type="submit" busy={update.isPending} disabled={!dirty}>
          Save
        </Button>
      </div>
    </form>
  );
}

function DeleteApp({ app }: { app: App }) {
  const navigate = useNavigate();
  const remove = useDeleteApp(app.id);
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card danger-zone" aria-labelledby="danger-zone-title">
      <h2 id="danger-zone-title">Danger zone</h2>
      <p>Deleting an app removes it and its collaborators for good.</p>
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete app
      </Button>
      {confirming ? (
        <ConfirmDialog
          title={`Delete “${app.name}”?`}
          message={<p>This deletes the app and removes every collaborator from it. This cannot be undone.</p>}
          confirmLabel="Delete app"
          busy={remove.isPending}
          error={remove.error}
          onClose={() => {
            setConfirming(false);
            remove.reset();
          }}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate("/apps", { replace: true }) })}
        />
      ) : null}
    </section>
  );
}

/**
 * One app. `collaboratorsSlot` renders the collaborators section (another feature, composed
 * in by src/app so features never import each other).
 */
export default function AppDetailPage({ collaboratorsSlot }: { collaboratorsSlot?: (app: App) => ReactNode }) {
  const params = useParams();
  const id = positiveInt(params.id ?? null, 0);
  if (id === 0) return <AppNotFound />;
  return <AppDetail key={id} id={id} collaboratorsSlot={collaboratorsSlot} />;
}

function AppDetail({ id, collaboratorsSlot }: { id: number; collaboratorsSlot?: ((app: App) => ReactNode) | undefined }) {
  const query = useApp(id);
  const notice = noticeFrom(useLocation().state);
  if (query.isPending) return <Spinner label="Loading app…" />;
  if (query.isError) {
    if (isApiError(query.error, "NOT_FOUND")) return <AppNotFound />;
    return (
      <>
        <PageTitle title="App" />
        <ErrorMessage error={query.error} overrides={{ PERMISSION_DENIED: NOT_FOUND }} />
      </>
    );
  }
  const app = query.data;
  const canEdit = app.role === "owner" || app.role === "editor";
  return (
    <>
      <p className="breadcrumb">
        <Link to="/apps">← Apps</Link>
      </p>
      <PageTitle
        title={app.name}
        subtitle={
          <>
            Your role: <RoleBadge role={app.role} />
          </>
        }
      />
      {notice ? (
        <Banner tone="success">
          <p>{notice}</p>
        </Banner>
      ) : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="app-details-title">
          <h2 id="app-details-title">Details</h2>
          {canEdit ? (
            <EditAppForm app={app} />
          ) : (
            <>
              <dl className="details">
                <div>
                  <dt>Name</dt>
                  <dd>{app.name}</dd>
                </div>
                <div>
                  <dt>Description</dt>
                  <dd>{app.description || <span className="muted">No description</span>}</dd>
                </div>
              </dl>
              <p className="muted">You can view this app. Only its owner and editors can change it.</p>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="app-info-title">
          <h2 id="app-info-title">About</h2>
          <dl className="details">
            <div>
              <dt>Your role</dt>
              <dd>{app.role}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDate(app.created_at)}</dd>
            </div>
            <div>
              <dt>Last updated</dt>
              <dd>{formatDate(app.updated_at)}</dd>
            </div>
          </dl>
        </section>
      </div>
      {collaboratorsSlot ? collaboratorsSlot(app) : null}
      {app.role === "owner" ? <DeleteApp app={app} /> : null}
    </>
  );
}
