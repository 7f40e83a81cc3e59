import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { isApiError } from "@/api/errors";
import { Badge } from "@/components/Badge";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Field, SelectField } from "@/components/Field";
import { PageTitle } from "@/components/PageTitle";
import { Pagination } from "@/components/Pagination";
import { Spinner } from "@/components/Spinner";
import { formatDate, formatDateTime, yesNo } from "@/lib/format";
import { positiveInt } from "@/lib/navigation";
import { ADMIN_PAGE_SIZE, useAdminUsers, type UserListParams, type UserOrdering } from "../hooks";

const ORDERINGS: readonly (readonly [UserOrdering, string])[] = [
  ["-date_joined", "Newest first"],
  ["date_joined", "Oldest first"],
  ["email", "Email A–Z"],
  ["-email", "Email Z–A"],
  ["-last_login", "Recent sign-in first"],
  ["last_login", "Oldest sign-in first"],
];

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function readParams(params: URLSearchParams): UserListParams {
  return {
    search: params.get("search") ?? "",
    user_type: oneOf(params.get("user_type"), ["", "basic", "pro"], ""),
    is_disabled: oneOf(params.get("is_disabled"), ["", "true", "false"], ""),
    is_verified: oneOf(params.get("is_verified"), ["", "true", "false"], ""),
    ordering: oneOf(
      params.get("ordering"),
      ORDERINGS.map(([value]) => value),
      "-date_joined",
    ),
    page: positiveInt(params.get("page")),
    cursor: params.get("cursor") ?? "",
  };
}

/** The URL for a list state; defaults are left out so URLs stay short. */
function toSearch(p: UserListParams): string {
  const out = new URLSearchParams();
  if (p.search) out.set("search", p.search);
  if (p.user_type) out.set("user_type", p.user_type);
  if (p.is_disabled) out.set("is_disabled", p.is_disabled);
  if (p.is_verified) out.set("is_verified", p.is_verified);
  if (p.ordering !== "-date_joined") out.set("ordering", p.ordering);
  if (p.page > 1) out.set("page", String(p.page));
  if (p.cursor) out.set("cursor", p.cursor);
  const s = out.toString();
  return s ? `?${s}` : "";
}

/**
 * This app's URL for one of the server's page links: its filters, page number and cursor (the
 * server's cursor is what makes a deep page as quick as the first).
 */
function pageLink(link: string | null | undefined): string | null {
  if (!link) return null;
  // The link's own filters: the ones its cursor was made in, even if the form has moved on.
  return `/admin/users${toSearch(readParams(new URL(link).searchParams))}`;
}

export default function AdminUsersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readParams(searchParams);
  const list = useAdminUsers(params);
  const [search, setSearch] = useState(params.search);
  const [lastUrlSearch, setLastUrlSearch] = useState(params.search);
  // Back/forward changes the URL's search: show it in the box.
  if (params.search !== lastUrlSearch) {
    setLastUrlSearch(params.search);
    setSearch(params.search);
  }

  function apply(change: Partial<UserListParams>) {
    setSearchParams(new URLSearchParams(toSearch({ ...params, page: 1, cursor: "", ...change })));
  }

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    apply({ search: search.trim() });
  }

  return (
    <>
      <PageTitle title="Users" subtitle="Every account on this server." />
      <form className="card filters" onSubmit={submitSearch} role="search" aria-label="Filter users">
        <div className="filters-search">
          <Field
            label="Search"
            type="search"
            name="search"
            placeholder="Email contains…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </div>
        <div className="filters-row">
          <SelectField
            label="Plan"
            name="user_type"
            value={params.user_type}
            onChange={(e) => apply({ user_type: e.target.value as UserListParams["user_type"] })}
          >
            <option value="">Any</option>
            <option value="basic">basic</option>
            <option value="pro">pro</option>
          </SelectField>
          <SelectField
            label="Disabled"
            name="is_disabled"
            value={params.is_disabled}
            onChange={(e) => apply({ is_disabled: e.target.value as UserListParams["is_disabled"] })}
          >
            <option value="">Any</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </SelectField>
          <SelectField
            label="Verified"
            name="is_verified"
            value={params.is_verified}
            onChange={(e) => apply({ is_verified: e.target.value as UserListParams["is_verified"] })}
          >
            <option value="">Any</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </SelectField>
          <SelectField
            label="Order by"
            name="ordering"
            value={params.ordering}
            onChange={(e) =>
              apply({
                ordering: oneOf(
                  e.target.value,
                  ORDERINGS.map(([value]) => value),
                  "-date_joined",
                ),
              })
            }
          >
            {ORDERINGS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
        </div>
      </form>

      {list.isPending ? (
        <Spinner label="Loading users…" />
      ) : list.isError ? (
        (isApiError(list.error, "NOT_FOUND") && params.page > 1) ||
        (isApiError(list.error, "VALIDATION_ERROR") && params.cursor) ? (
          <Banner tone="info">
            <p>This page does not exist (any more).</p>
            <p>
              <Link to={`/admin/users${toSearch({ ...params, page: 1, cursor: "" })}`}>Go to the first page</Link>
            </p>
          </Banner>
        ) : (
          <ErrorMessage error={list.error} />
        )
      ) : (
        <>
          <p className="muted list-count" role="status">
            {list.data.count === 1 ? "1 user" : `${list.data.count} users`}
          </p>
          {list.data.count === 0 ? (
            <div className="empty">
              <h2>No users match</h2>
              <p>Try another search or clear the filters.</p>
              <Link to="/admin/users">Clear filters</Link>
            </div>
          ) : (
            <div className="table-wrap card card-flush">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Plan</th>
                    <th scope="col">Verified</th>
                    <th scope="col">Status</th>
                    <th scope="col">Apps</th>
                    <th scope="col">Joined</th>
                    <th scope="col">Last sign-in</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.results.map((u) => (
                    <tr key={u.id}>
                      <td>
                        <Link to={`/admin/users/${u.id}`}>{u.email}</Link>
                        {u.is_staff ? (
                          <>
                            {" "}
                            <Badge tone="accent">staff</Badge>
                          </>
                        ) : null}
                      </td>
                      <td>{u.user_type}</td>
                      <td>{yesNo(u.is_verified)}</td>
                      <td>
                        {u.is_disabled_by_admin ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
                      </td>
                      <td>
                        {u.app_count} / {u.app_limit}
                      </td>
                      <td>{formatDate(u.date_joined)}</td>
                      <td>{formatDateTime(u.last_login, "Never")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination
            page={params.page}
            pageSize={ADMIN_PAGE_SIZE}
            count={list.data.count}
            hrefFor={(page) => `/admin/users${toSearch({ ...params, page, cursor: "" })}`}
            links={
              // While new filters load, the old page's links would lead back to the old filters.
              list.isPlaceholderData
                ? { previous: null, next: null }
                : { previous: pageLink(list.data.previous), next: pageLink(list.data.next) }
            }
          />
        </>
      )}
    </>
  );
}
