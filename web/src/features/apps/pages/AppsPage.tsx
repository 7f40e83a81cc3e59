import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { ErrorMessage } from "@/components/ErrorMessage";
import { PageTitle } from "@/components/PageTitle";
import { Pagination } from "@/components/Pagination";
import { Spinner } from "@/components/Spinner";
import { formatDate } from "@/lib/format";
import { positiveInt } from "@/lib/navigation";
import { useSession } from "@/lib/session";
import { NewAppDialog } from "../components/NewAppDialog";
import { RoleBadge } from "../components/RoleBadge";
import { UsageMeter } from "../components/UsageMeter";
import { APPS_PAGE_SIZE, useAppList } from "../hooks";

export default function AppsPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get("page"));
  const list = useAppList(page);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const overLimit = user !== null && user.app_count > user.app_limit;

  return (
    <>
      <PageTitle title="Apps" subtitle="Apps you own or collaborate on.">
        <Button
          onClick={() => {
            setCreated(null);
            setCreating(true);
          }}
        >
          New app
        </Button>
      </PageTitle>

      {user ? <UsageMeter count={user.app_count} limit={user.app_limit} /> : null}

      {overLimit ? (
        <Banner tone="warning">
          <p>
            You are over your plan's limit: you keep your {user.app_count} apps, but you cannot create new ones until
            you upgrade or delete some.
          </p>
          <p>
            <Link to="/billing">See plans</Link>
          </p>
        </Banner>
      ) : null}

      {created ? (
        <Banner tone="success">
          <p>Created “{created}”.</p>
        </Banner>
      ) : null}

      {list.isPending ? (
        <Spinner label="Loading apps…" />
      ) : list.isError ? (
        isApiError(list.error, "NOT_FOUND") && page > 1 ? (
          <Banner tone="info">
            <p>This page does not exist.</p>
            <p>
              <Link to="/apps">Go to the first page</Link>
            </p>
          </Banner>
        ) : (
          <ErrorMessage error={list.error}>
            <Button variant="secondary" size="sm" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </ErrorMessage>
        )
      ) : list.data.count === 0 ? (
        <div className="empty">
          <h2>No apps yet</h2>
          <p>Create your first app to get started. Apps shared with you will show up here too.</p>
          <Button onClick={() => setCreating(true)}>Create your first app</Button>
        </div>
      ) : (
        <>
          <p className="muted list-count">
            {list.data.count === 1 ? "1 app" : `${list.data.count} apps`}
          </p>
          <ul className="card-list" aria-label="Your apps">
            {list.data.results.map((app) => (
              <li key={app.id} className="card app-card">
                <div className="app-card-main">
                  <h2 className="app-card-title">
                    <Link to={`/apps/${app.id}`}>{app.name}</Link>
                  </h2>
                  {app.description ? <p className="app-card-description">{app.description}</p> : null}
                </div>
                <div className="app-card-meta">
                  <RoleBadge role={app.role} />
                  <span className="muted">Created {formatDate(app.created_at)}</span>
                </div>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pageSize={APPS_PAGE_SIZE}
            count={list.data.count}
            hrefFor={(p) => (p === 1 ? "/apps" : `/apps?page=${p}`)}
          />
        </>
      )}

      {creating ? (
        <NewAppDialog
          onClose={() => setCreating(false)}
          onCreated={(app) => {
            setCreating(false);
            setCreated(app.name);
            if (page !== 1) setParams({});
          }}
        />
      ) : null}
    </>
  );
}
