import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";

export type InvitationPreview = Schemas["InvitationLookup"];
export type JoinedApp = Schemas["App"];

/** What a token offers. Read once: lookups are rate limited per IP, and after accepting the token
 * is used up, so a refetch would turn the page into "invalid". */
export function useInvitationLookup(token: string) {
  return useQuery({
    queryKey: ["invitations", "lookup", token],
    queryFn: ({ signal }) => unwrap(api.POST("/api/v1/invitations/lookup", { body: { token }, signal })),
    enabled: token !== "",
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST("/api/v1/invitations/accept", { body: { token } })),
    onSuccess: async (app) => {
      queryClient.setQueryData(queryKeys.app(app.id), app);
      await queryClient.invalidateQueries({ queryKey: queryKeys.apps });
    },
  });
}
