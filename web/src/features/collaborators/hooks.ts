import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";

export type Collaborator = Schemas["Collaborator"];
export type CollaboratorRole = Schemas["CollaboratorUpdateRequest"]["role"];
export type MemberRole = Collaborator["role"];

export function useCollaborators(appId: number) {
  return useQuery({
    queryKey: queryKeys.collaborators(appId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/apps/{id}/collaborators", { params: { path: { id: appId } }, signal })),
  });
}

export function useAddCollaborator(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["CollaboratorCreateRequest"]) =>
      unwrap(api.POST("/api/v1/apps/{id}/collaborators", { params: { path: { id: appId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.collaborators(appId) }),
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
