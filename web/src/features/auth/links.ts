/** The other auth page with this one's ?next= and ?email=, so switching between sign-in and
 * register keeps where the visitor is going and the address they were invited with. */
export function withSameParams(page: "/login" | "/register", params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of ["next", "email"]) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `${page}?${query}` : page;
}
