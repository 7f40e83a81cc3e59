import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type paths, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";
import { refreshUser } from "@/lib/session";

export type App = Schemas["App"];
export type AppRole = App["role"];
export const APPS_PAGE_SIZE = 20;

// Annotated so that a parameter the document no longer declares fails the type check (a literal
// passed straight to api.GET escapes excess-property checks).
type AppsQuery = NonNullable<paths["/api/v1/apps"]["get"]["parameters"]["query"]>;

export function useAppList(page: number) {
  const query: AppsQuery = { page, page_size: APPS_PAGE_SIZE };
  return useQuery({
    queryKey: queryKeys.appList(page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/apps", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useApp(id: number) {
  return useQuery({
    queryKey: queryKeys.app(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/apps/{id}", { params: { path: { id } }, signal })),
  });
}

export function useCreateApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["AppCreateRequest"]) => unwrap(api.POST("/api/v1/apps", { body })),
    onSuccess: async (app) => {
      queryClient.setQueryData(queryKeys.app(app.id), app);
      // The user's app_count changed too.
      await Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.apps }), refreshUser()]);
    },
  });
}

export function useUpdateApp(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["AppUpdateRequest"]) =>
      unwrap(api.PATCH("/api/v1/apps/{id}", { params: { path: { id } }, body })),
    onSuccess: async (app) => {
      queryClient.setQueryData(queryKeys.app(id), app);
      await queryClient.invalidateQueries({ queryKey: ["apps", "list"] });
    },
  });
}

export function useDeleteApp(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/apps/{id}", { params: { path: { id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: queryKeys.app(id) });
      await Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.apps }), refreshUser()]);
    },
  });
}
