import { useState } from "react";
import { Link } from "react-router-dom";
import { Badge } from "@/components/Badge";
import { Button } from "@/components/Button";
import { ErrorMessage } from "@/components/ErrorMessage";
import { ProviderButtons } from "@/components/ProviderButtons";
import { Spinner } from "@/components/Spinner";
import { formatDate } from "@/lib/format";
import { providerLabel, useIdentities, useOidcProviders, type Identity, type OidcProvider } from "@/lib/oidc";
import type { User } from "@/lib/session";
import { useUnlinkIdentity } from "../hooks";

const UNLINK_ERRORS = {
  LAST_SIGN_IN_METHOD:
    "This is your only way to sign in, so it cannot be unlinked. Set a password first (Forgot password) or link another provider.",
};

function IdentityRow({ identity, providers }: { identity: Identity; providers: OidcProvider[] | undefined }) {
  const unlink = useUnlinkIdentity();
  const [unlinked, setUnlinked] = useState(false);
  const label = providerLabel(providers, identity.provider);
  return (
    <li className="card session-card">
      <div className="session-main">
        <p className="session-device">{label}</p>
        <dl className="details">
          <div>
            <dt>Email</dt>
            <dd>{identity.email ?? "—"}</dd>
          </div>
          <div>
            <dt>Linked</dt>
            <dd>{formatDate(identity.created_at)}</dd>
          </div>
        </dl>
        <ErrorMessage error={unlink.error} overrides={UNLINK_ERRORS} />
      </div>
      <div className="session-actions">
        <Button
          variant="secondary"
          size="sm"
          busy={unlink.isPending}
          disabled={unlinked}
          aria-label={`Unlink ${label}${identity.email ? ` (${identity.email})` : ""}`}
          onClick={() => unlink.mutate(identity.id, { onSuccess: () => setUnlinked(true) })}
        >
          Unlink
        </Button>
      </div>
    </li>
  );
}

/** How the user can sign in: a password or not, the linked provider identities (each can be
 * unlinked unless it is the last way in), and the configured providers not linked yet. */
export function SignInMethodsSection({ user }: { user: User }) {
  const providers = useOidcProviders();
  const identities = useIdentities();
  const linked = new Set(identities.data?.map((i) => i.provider));
  const unlinked = (providers.data ?? []).filter((p) => !linked.has(p.name));
  return (
    <section className="card" aria-labelledby="sign-in-methods-title">
      <h2 id="sign-in-methods-title">Sign-in methods</h2>
      <p>
        Password{" "}
        {user.has_password ? (
          <Badge tone="success">Set</Badge>
        ) : (
          <>
            <Badge tone="neutral">Not set</Badge>{" "}
            <span className="muted">
              To set one, use <Link to="/forgot-password">Forgot password</Link>: it mails you a link.
            </span>
          </>
        )}
      </p>
      {identities.isPending ? <Spinner /> : null}
      <ErrorMessage error={identities.error} />
      {identities.data?.length ? (
        <ul className="card-list" aria-label="Linked accounts">
          {identities.data.map((identity) => (
            <IdentityRow key={identity.id} identity={identity} providers={providers.data} />
          ))}
        </ul>
      ) : identities.data ? (
        <p className="muted">No account of another provider is linked.</p>
      ) : null}
      {identities.data && unlinked.length ? (
        <>
          <ProviderButtons providers={unlinked} next="/security" verb="Link" />
          {/* The API links by verified address only: say what another address would do. */}
          <p className="muted">
            Linking works when the provider knows you by {user.email}. With another address you
            would be signed in to that address&apos;s account instead.
          </p>
        </>
      ) : null}
    </section>
  );
}
