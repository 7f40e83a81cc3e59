import { Link } from "react-router-dom";

/**
 * Previous / "Page 2 of 5" / Next, as links so the page lives in the URL. A list whose links carry
 * a cursor passes `links` (null where the server gave none) instead of numbering the pages.
 */
export function Pagination({
  page,
  pageSize,
  count,
  hrefFor,
  links,
}: {
  page: number;
  pageSize: number;
  count: number;
  hrefFor: (page: number) => string;
  links?: { previous: string | null; next: string | null };
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (pages <= 1 && !links?.next && !links?.previous) return null;
  const previous = links ? links.previous : page > 1 ? hrefFor(page - 1) : null;
  const next = links ? links.next : page < pages ? hrefFor(page + 1) : null;
  return (
    <nav className="pagination" aria-label="Pagination">
      {previous ? (
        <Link className="btn btn-secondary btn-sm" to={previous} rel="prev">
          Previous
        </Link>
      ) : (
        <span className="btn btn-secondary btn-sm" aria-disabled="true">
          Previous
        </span>
      )}
      <span className="pagination-status">
        Page {page} of {Math.max(page, pages)}
      </span>
      {next ? (
        <Link className="btn btn-secondary btn-sm" to={next} rel="next">
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
