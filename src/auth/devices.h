#pragma once
// Sessions (devices): what a sign-in records about where it came from. Pure, no I/O.

#include <string>
#include <string_view>

#include "auth/sessions_repo.h"
#include "core/request_meta.h"

namespace plangate::auth {

// The User-Agent as GET sessions shows it: at most this many code points.
inline constexpr std::size_t kMaxUserAgentCodePoints = 256;

// `raw` cut to kMaxUserAgentCodePoints code points, never inside a character; bytes that are not
// UTF-8 (a header may carry any) become U+FFFD, so the value is always valid JSON text.
std::string StoredUserAgent(std::string_view raw);

// The client IP (TRUSTED_PROXIES already applied by the dispatcher) and the stored User-Agent.
sessions::SignInOrigin SignInOriginOf(const core::RequestMeta& req);

}  // namespace plangate::auth
