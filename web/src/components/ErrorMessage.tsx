import type { ReactNode } from "react";
import { describeError, isApiError } from "@/api/errors";
import { Banner } from "./Banner";

/** An error as a sentence (never raw JSON); `overrides` replaces the sentence for given codes. */
export function ErrorMessage({
  error,
  overrides,
  children,
}: {
  error: unknown;
  overrides?: Partial<Record<string, string>>;
  children?: ReactNode;
}) {
  if (!error) return null;
  const override = isApiError(error) ? overrides?.[error.code] : undefined;
  return (
    <Banner tone="error">
      <p>{override ?? describeError(error)}</p>
      {children}
    </Banner>
  );
}
