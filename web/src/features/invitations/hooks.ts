import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";

export type InvitationPreview = Schemas["InvitationLookup"];
export type JoinedApp = Schemas["App"];

const PAGE_SIZE = 100;
// Enough for anyone's apps; a search that runs out just shows the apps list instead.
const MAX_PAGES = 5;

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

/**
 * The caller's app named `name`, for an invitation to an app the caller is already a member of
 * (ALREADY_COLLABORATOR names no app): null when no app or more than one has that name.
 */
export function useMemberAppNamed(name: string, enabled: boolean) {
  return useQuery({
    queryKey: ["invitations", "member-app", name],
    enabled,
    retry: false,
    queryFn: async ({ signal }) => {
      const matches: JoinedApp[] = [];
      for (let page = 1; page <= MAX_PAGES; page += 1) {
        const list = await unwrap(
          api.GET("/api/v1/apps", { params: { query: { page, page_size: PAGE_SIZE } }, signal }),
        );
        // An invitation is never to an app of the caller's own.
        matches.push(...list.results.filter((app) => app.name === name && app.role !== "owner"));
        if (!list.next) break;
      }
      return matches.length === 1 ? matches[0]! : null;
    },
  });
}
