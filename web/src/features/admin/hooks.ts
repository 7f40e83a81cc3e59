import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type paths, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";

export type AdminUser = Schemas["AdminUser"];
export type AdminUserDetail = Schemas["AdminUserDetail"];
export const ADMIN_PAGE_SIZE = 20;

type UsersQuery = NonNullable<paths["/api/v1/admin/users"]["get"]["parameters"]["query"]>;
export type UserOrdering = NonNullable<UsersQuery["ordering"]>;

/** The list's query-string state (all of it lives in the URL). */
export interface UserListParams {
  search: string;
  user_type: "" | NonNullable<UsersQuery["user_type"]>;
  is_disabled: "" | "true" | "false";
  is_verified: "" | "true" | "false";
  ordering: UserOrdering;
  page: number;
  /** From the server's next/previous link: the page continues from a row, not an offset. */
  cursor: string;
}

function optionalBool(value: "" | "true" | "false"): boolean | undefined {
  return value === "" ? undefined : value === "true";
}

export function useAdminUsers(p: UserListParams) {
  const key = {
    search: p.search,
    user_type: p.user_type,
    is_disabled: p.is_disabled,
    is_verified: p.is_verified,
    ordering: p.ordering,
    page: String(p.page),
    cursor: p.cursor,
  };
  // Annotated: a parameter the document no longer declares fails the type check.
  const query: UsersQuery = {
    search: p.search || undefined,
    user_type: p.user_type || undefined,
    is_disabled: optionalBool(p.is_disabled),
    is_verified: optionalBool(p.is_verified),
    ordering: p.ordering,
    page: p.page,
    page_size: ADMIN_PAGE_SIZE,
    cursor: p.cursor || undefined,
  };
  return useQuery({
    queryKey: queryKeys.adminUserList(key),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/admin/users", {
          params: { query },
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
