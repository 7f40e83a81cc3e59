import { Badge } from "@/components/Badge";
import { PageTitle } from "@/components/PageTitle";
import { formatDateTime } from "@/lib/format";
import type { InvitationPreview } from "../hooks";

const ROLE_TEXT = {
  editor: "As an editor you can see the app and change its name and description.",
  viewer: "As a viewer you can see the app, but not change it.",
} as const;

/** What the invitation offers: the app, who invited whom, the role, and until when. */
export function InvitationSummary({ invitation }: { invitation: InvitationPreview }) {
  return (
    <>
      <PageTitle title={`Join ${invitation.app_name}`} subtitle="You have been invited to collaborate on plangate." />
      <dl className="details invitation-details">
        <div>
          <dt>App</dt>
          <dd>{invitation.app_name}</dd>
        </div>
        <div>
          <dt>Invited by</dt>
          <dd>{invitation.invited_by_email}</dd>
        </div>
        <div>
          <dt>Invited address</dt>
          <dd>{invitation.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>
            <Badge tone={invitation.role === "editor" ? "success" : "neutral"} caps>
              {invitation.role}
            </Badge>
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatDateTime(invitation.expires_at)}</dd>
        </div>
      </dl>
      <p className="muted">{ROLE_TEXT[invitation.role]}</p>
    </>
  );
}
