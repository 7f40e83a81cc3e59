import { buttonClass } from "./Button";
import { oidcStartUrl, type OidcProvider } from "@/lib/oidc";

/** One link per provider that starts its sign-in flow in this tab and comes back to `next`
 * ("Continue with Google"). Links, not buttons: the browser leaves the app for the provider. */
export function ProviderButtons({
  providers,
  next,
  verb = "Continue with",
  block = false,
}: {
  providers: readonly OidcProvider[];
  next: string;
  verb?: string;
  block?: boolean;
}) {
  if (providers.length === 0) return null;
  return (
    <ul className={block ? "provider-buttons provider-buttons-block" : "provider-buttons"}>
      {providers.map((p) => (
        <li key={p.name}>
          <a className={buttonClass("secondary", "md", block ? "btn-block" : undefined)} href={oidcStartUrl(p.name, next)}>
            {verb} {p.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
