#pragma once
// Every structured log event, named once. An event's name is also its label in the metric
// plangate_events_total{event="<name>",label="..."} (unless it says it is not counted): renaming
// one here renames a series that dashboards and alerts read, so these names are public. The
// Logger takes a LogEvent, not a string: the service's call sites name an entry of this list
// (only tests make up events of their own). A count with no log line (auth.caller_read) is
// named where it is counted.

#include <array>

#include "core/logging.h"

namespace plangate::logging::events {

inline constexpr LogEvent kAdminUserCountsFoldFailed{"admin.user_counts.fold_failed"};
inline constexpr LogEvent kAdminUserUpdated{"admin.user.updated"};

inline constexpr LogEvent kAppsInvitationAccepted{"apps.invitation.accepted"};
inline constexpr LogEvent kAppsInvitationCreated{"apps.invitation.created"};
inline constexpr LogEvent kAppsInvitationRevoked{"apps.invitation.revoked"};
inline constexpr LogEvent kAppsLimitReached{"apps.limit_reached"};

inline constexpr LogEvent kAuthAccountDeleted{"auth.account.deleted"};
inline constexpr LogEvent kAuthEmailChangeFailed{"auth.email.change_failed"};
inline constexpr LogEvent kAuthEmailChangeRequested{"auth.email.change_requested"};
inline constexpr LogEvent kAuthEmailChanged{"auth.email.changed"};
inline constexpr LogEvent kAuthEmailVerified{"auth.email_verified"};
inline constexpr LogEvent kAuthLoginFailed{"auth.login.failed"};
inline constexpr LogEvent kAuthLoginMfaRequired{"auth.login.mfa_required"};
inline constexpr LogEvent kAuthLoginSucceeded{"auth.login.succeeded"};
inline constexpr LogEvent kAuthLogout{"auth.logout"};
inline constexpr LogEvent kAuthMfaChallengeFailed{"auth.mfa.challenge_failed"};
inline constexpr LogEvent kAuthMfaDisabled{"auth.mfa.disabled"};
inline constexpr LogEvent kAuthMfaEnabled{"auth.mfa.enabled"};
inline constexpr LogEvent kAuthMfaPasswordRejected{"auth.mfa.password_rejected"};
inline constexpr LogEvent kAuthMfaRecoveryCodeUsed{"auth.mfa.recovery_code_used"};
inline constexpr LogEvent kAuthMfaRecoveryCodesRegenerated{"auth.mfa.recovery_codes_regenerated"};
inline constexpr LogEvent kAuthMfaSetupStarted{"auth.mfa.setup_started"};
inline constexpr LogEvent kAuthOidcFailed{"auth.oidc.failed"};
inline constexpr LogEvent kAuthOidcLinked{"auth.oidc.linked"};
inline constexpr LogEvent kAuthOidcLogin{"auth.oidc.login"};
inline constexpr LogEvent kAuthOidcProviderUnreachable{"auth.oidc.provider_unreachable"};
inline constexpr LogEvent kAuthOidcTokenRejected{"auth.oidc.token_rejected"};
inline constexpr LogEvent kAuthOidcUnlinked{"auth.oidc.unlinked"};
inline constexpr LogEvent kAuthPasswordChanged{"auth.password_changed"};
inline constexpr LogEvent kAuthPasswordResetCompleted{"auth.password_reset.completed"};
inline constexpr LogEvent kAuthPasswordResetRequested{"auth.password_reset.requested"};
inline constexpr LogEvent kAuthRateLimited{"auth.rate_limited"};
inline constexpr LogEvent kAuthRefresh{"auth.refresh"};
inline constexpr LogEvent kAuthRefreshReuseDetected{"auth.refresh.reuse_detected"};
inline constexpr LogEvent kAuthRegister{"auth.register"};
inline constexpr LogEvent kAuthSessionRevoked{"auth.session.revoked"};
inline constexpr LogEvent kAuthSuperuserCreated{"auth.superuser_created"};
inline constexpr LogEvent kAuthSuperuserFailed{"auth.superuser_failed"};

inline constexpr LogEvent kBillingCheckoutCreated{"billing.checkout.created"};
inline constexpr LogEvent kBillingCustomerEmailFailed{"billing.customer_email.failed"};
inline constexpr LogEvent kBillingCustomerEmailLoopError{"billing.customer_email.loop_error"};
inline constexpr LogEvent kBillingCustomerEmailSkipped{"billing.customer_email.skipped"};
inline constexpr LogEvent kBillingCustomerEmailSynced{"billing.customer_email.synced"};
inline constexpr LogEvent kBillingSafetyNetRepaired{"billing.safety_net.repaired"};
inline constexpr LogEvent kBillingStripeFailed{"billing.stripe.failed"};
inline constexpr LogEvent kBillingSubscriptionChanged{"billing.subscription.changed"};
inline constexpr LogEvent kBillingSyncCompleted{"billing.sync.completed"};
inline constexpr LogEvent kBillingSyncFailed{"billing.sync.failed"};
inline constexpr LogEvent kBillingWebhookDuplicate{"billing.webhook.duplicate"};
inline constexpr LogEvent kBillingWebhookFailed{"billing.webhook.failed"};
inline constexpr LogEvent kBillingWebhookProcessed{"billing.webhook.processed"};
inline constexpr LogEvent kBillingWebhookReceived{"billing.webhook.received"};
inline constexpr LogEvent kBillingWebhookRejected{"billing.webhook.rejected"};
inline constexpr LogEvent kBillingWebhookUnmatched{"billing.webhook.unmatched"};

inline constexpr LogEvent kConfigLocalSigningKey{"config.local_signing_key"};

inline constexpr LogEvent kDbMigrateFailed{"db.migrate_failed"};
inline constexpr LogEvent kDbMigrated{"db.migrated"};
inline constexpr LogEvent kDbUnavailable{"db.unavailable"};

inline constexpr LogEvent kEmailDeliveryError{"email.delivery_error"};
inline constexpr LogEvent kEmailDropped{"email.dropped"};
inline constexpr LogEvent kEmailFailed{"email.failed"};
inline constexpr LogEvent kEmailScrubCheckpointBusy{"email.scrub_checkpoint_busy"};
inline constexpr LogEvent kEmailSent{"email.sent"};

inline constexpr LogEvent kHttpRequest{"http.request", false};
inline constexpr LogEvent kHttpUnhandledException{"http.unhandled_exception"};

inline constexpr LogEvent kServerStartFailed{"server.start_failed"};
inline constexpr LogEvent kServerStarted{"server.started"};
inline constexpr LogEvent kServerStopForced{"server.stop_forced"};
inline constexpr LogEvent kServerStopped{"server.stopped"};

inline constexpr LogEvent kUserUserTypeChanged{"user.user_type.changed"};

inline constexpr LogEvent kWebLoaded{"web.loaded"};
inline constexpr LogEvent kWebNotBuilt{"web.not_built"};

inline constexpr LogEvent kWorkerJobFailed{"worker.job_failed"};
inline constexpr LogEvent kWorkerStarted{"worker.started"};
inline constexpr LogEvent kWorkerStopped{"worker.stopped"};

inline constexpr std::array kLogEventCatalogue = {&kAdminUserCountsFoldFailed,
                                                  &kAdminUserUpdated,
                                                  &kAppsInvitationAccepted,
                                                  &kAppsInvitationCreated,
                                                  &kAppsInvitationRevoked,
                                                  &kAppsLimitReached,
                                                  &kAuthAccountDeleted,
                                                  &kAuthEmailChangeFailed,
                                                  &kAuthEmailChangeRequested,
                                                  &kAuthEmailChanged,
                                                  &kAuthEmailVerified,
                                                  &kAuthLoginFailed,
                                                  &kAuthLoginMfaRequired,
                                                  &kAuthLoginSucceeded,
                                                  &kAuthLogout,
                                                  &kAuthMfaChallengeFailed,
                                                  &kAuthMfaDisabled,
                                                  &kAuthMfaEnabled,
                                                  &kAuthMfaPasswordRejected,
                                                  &kAuthMfaRecoveryCodeUsed,
                                                  &kAuthMfaRecoveryCodesRegenerated,
                                                  &kAuthMfaSetupStarted,
                                                  &kAuthOidcFailed,
                                                  &kAuthOidcLinked,
                                                  &kAuthOidcLogin,
                                                  &kAuthOidcProviderUnreachable,
                                                  &kAuthOidcTokenRejected,
                                                  &kAuthOidcUnlinked,
                                                  &kAuthPasswordChanged,
                                                  &kAuthPasswordResetCompleted,
                                                  &kAuthPasswordResetRequested,
                                                  &kAuthRateLimited,
                                                  &kAuthRefresh,
                                                  &kAuthRefreshReuseDetected,
                                                  &kAuthRegister,
                                                  &kAuthSessionRevoked,
                                                  &kAuthSuperuserCreated,
                                                  &kAuthSuperuserFailed,
                                                  &kBillingCheckoutCreated,
                                                  &kBillingCustomerEmailFailed,
                                                  &kBillingCustomerEmailLoopError,
                                                  &kBillingCustomerEmailSkipped,
                                                  &kBillingCustomerEmailSynced,
                                                  &kBillingSafetyNetRepaired,
                                                  &kBillingStripeFailed,
                                                  &kBillingSubscriptionChanged,
                                                  &kBillingSyncCompleted,
                                                  &kBillingSyncFailed,
                                                  &kBillingWebhookDuplicate,
                                                  &kBillingWebhookFailed,
                                                  &kBillingWebhookProcessed,
                                                  &kBillingWebhookReceived,
                                                  &kBillingWebhookRejected,
                                                  &kBillingWebhookUnmatched,
                                                  &kConfigLocalSigningKey,
                                                  &kDbMigrateFailed,
                                                  &kDbMigrated,
                                                  &kDbUnavailable,
                                                  &kEmailDeliveryError,
                                                  &kEmailDropped,
                                                  &kEmailFailed,
                                                  &kEmailScrubCheckpointBusy,
                                                  &kEmailSent,
                                                  &kHttpRequest,
                                                  &kHttpUnhandledException,
                                                  &kServerStartFailed,
                                                  &kServerStarted,
                                                  &kServerStopForced,
                                                  &kServerStopped,
                                                  &kUserUserTypeChanged,
                                                  &kWebLoaded,
                                                  &kWebNotBuilt,
                                                  &kWorkerJobFailed,
                                                  &kWorkerStarted,
                                                  &kWorkerStopped};

}  // namespace plangate::logging::events
