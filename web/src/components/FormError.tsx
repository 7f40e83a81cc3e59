import type { ReactNode } from "react";
import { Banner } from "./Banner";

/** A form-level error sentence (from formErrors' `message`). */
export function FormError({ message, children }: { message: string | null | undefined; children?: ReactNode }) {
  if (!message) return null;
  return (
    <Banner tone="error">
      <p>{message}</p>
      {children}
    </Banner>
  );
}
