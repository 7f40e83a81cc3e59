import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";

export type Collaborator = Schemas["Collaborator"];
export type CollaboratorRole = Schemas["CollaboratorUpdateRequest"]["role"];
export type MemberRole = Collaborator["role"];
export type Invitation = Schemas["Invitation"];
type InvitationRequest = Schemas["InvitationCreateRequest"];

export function useCollaborators(appId: number) {
  return useQuery({
    queryKey: queryKeys.collaborators(appId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/apps/{id}/collaborators", { params: { path: { id: appId } }, signal })),
  });
}

export function useInvitations(appId: number) {
  return useQuery({
    queryKey: queryKeys.invitations(appId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/apps/{id}/invitations", { params: { path: { id: appId } }, signal })),
  });
}

function createInvitation(appId: number, body: InvitationRequest) {
  return unwrap(api.POST("/api/v1/apps/{id}/invitations", { params: { path: { id: appId } }, body }));
}

function revokeInvitation(appId: number, invitationId: number) {
  return unwrap(
    api.DELETE("/api/v1/apps/{id}/invitations/{invitation_id}", {
      params: { path: { id: appId, invitation_id: invitationId } },
    }),
  );
}

export function useInvite(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationRequest) => createInvitation(appId, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations(appId) }),
  });
}

export function useRevokeInvitation(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: number) => revokeInvitation(appId, invitationId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations(appId) }),
  });
}

/** A new link for a pending invitation: the old one is revoked (its link dies) and a new
 * invitation for the same address and role is mailed. The server has no "resend": a link is
 * shown once, stored only as a hash. */
export function useResendInvitation(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (invitation: Invitation) => {
      await revokeInvitation(appId, invitation.id);
      return createInvitation(appId, { email: invitation.email, role: invitation.role });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations(appId) }),
  });
}

export function useChangeRole(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: number; role: CollaboratorRole }) =>
      unwrap(
        api.PATCH("/api/v1/apps/{id}/collaborators/{user_id}", {
          params: { path: { id: appId, user_id: userId } },
          body: { role },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.collaborators(appId) }),
  });
}

/** Removes a collaborator (owner), or the caller's own membership (leaving the app). */
export function useRemoveCollaborator(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) =>
      unwrap(
        api.DELETE("/api/v1/apps/{id}/collaborators/{user_id}", { params: { path: { id: appId, user_id: userId } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.collaborators(appId) }),
  });
}

export function useLeaveApp(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (myUserId: number) =>
      unwrap(
        api.DELETE("/api/v1/apps/{id}/collaborators/{user_id}", {
          params: { path: { id: appId, user_id: myUserId } },
        }),
      ),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: queryKeys.app(appId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.apps });
    },
  });
}
