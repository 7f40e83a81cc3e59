import type { ReactNode } from "react";

export type BannerTone = "info" | "success" | "warning" | "error";

/** A message block. Errors are announced at once (role="alert"), the rest politely. */
export function Banner({ tone = "info", title, children }: { tone?: BannerTone; title?: string; children?: ReactNode }) {
  return (
    <div className={`banner banner-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {title ? <p className="banner-title">{title}</p> : null}
      {children ? <div className="banner-body">{children}</div> : null}
    </div>
  );
}
