// Query keys shared by convention (features never import each other, but may invalidate what
// another feature shows, e.g. leaving an app refreshes the apps list).
export const queryKeys = {
  apps: ["apps"] as const,
  appList: (page: number) => ["apps", "list", page] as const,
  app: (id: number) => ["apps", "detail", id] as const,
  collaborators: (appId: number) => ["apps", "detail", appId, "collaborators"] as const,
  invitations: (appId: number) => ["apps", "detail", appId, "invitations"] as const,
  plans: ["billing", "plans"] as const,
  subscription: ["billing", "subscription"] as const,
  sessions: ["auth", "sessions"] as const,
  oidcProviders: ["auth", "oidc", "providers"] as const,
  identities: ["auth", "identities"] as const,
  adminUsers: ["admin", "users"] as const,
  adminUserList: (params: Record<string, string>) => ["admin", "users", "list", params] as const,
  adminUser: (id: number) => ["admin", "users", "detail", id] as const,
};
