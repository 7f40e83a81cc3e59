import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, withQuery, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";

export type AdminUser = Schemas["AdminUser"];
export type AdminUserDetail = Schemas["AdminUserDetail"];
export const ADMIN_PAGE_SIZE = 20;

/** The list's query-string state (all of it lives in the URL). */
export interface UserListParams {
  search: string;
  user_type: "" | "basic" | "pro";
  is_disabled: "" | "true" | "false";
  is_verified: "" | "true" | "false";
  ordering: string;
  page: number;
}

export function useAdminUsers(p: UserListParams) {
  const key = {
    search: p.search,
    user_type: p.user_type,
    is_disabled: p.is_disabled,
    is_verified: p.is_verified,
    ordering: p.ordering,
    page: String(p.page),
  };
  return useQuery({
    queryKey: queryKeys.adminUserList(key),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/admin/users", {
          querySerializer: withQuery({ ...key, page: p.page, page_size: ADMIN_PAGE_SIZE }),
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useAdminUser(id: number) {
  return useQuery({
    queryKey: queryKeys.adminUser(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/users/{id}", { params: { path: { id } }, signal })),
  });
}

export function useUpdateAdminUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["AdminUserUpdateRequest"]) =>
      unwrap(api.PATCH("/api/v1/admin/users/{id}", { params: { path: { id } }, body })),
    onSuccess: async (user) => {
      queryClient.setQueryData(queryKeys.adminUser(id), user);
      await queryClient.invalidateQueries({ queryKey: [...queryKeys.adminUsers, "list"] });
    },
  });
}

export function useCancelSubscription(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (immediately: boolean) =>
      unwrap(
        api.POST("/api/v1/admin/users/{id}/cancel-subscription", {
          params: { path: { id } },
          body: { immediately },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.adminUser(id) }),
  });
}
