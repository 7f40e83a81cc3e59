import { Link } from "react-router-dom";

/** Previous / "Page 2 of 5" / Next, as links so the page lives in the URL. */
export function Pagination({
  page,
  pageSize,
  count,
  hrefFor,
}: {
  page: number;
  pageSize: number;
  count: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link className="btn btn-secondary btn-sm" to={hrefFor(page - 1)} rel="prev">
          Previous
        </Link>
      ) : (
        <span className="btn btn-secondary btn-sm" aria-disabled="true">
          Previous
        </span>
      )}
      <span className="pagination-status">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link className="btn btn-secondary btn-sm" to={hrefFor(page + 1)} rel="next">
          Next
        </Link>
      ) : (
        <span className="btn btn-secondary btn-sm" aria-disabled="true">
          Next
        </span>
      )}
    </nav>
  );
}
