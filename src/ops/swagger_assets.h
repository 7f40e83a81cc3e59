#pragma once
// Swagger UI, compiled into the binary (from the swagger-ui-dist npm package pinned in
// web/package-lock.json), so /api/docs works offline and from any working directory.

#include <string_view>

namespace plangate::ops {

std::string_view SwaggerUiBundleJs();
std::string_view SwaggerUiCss();
// The page at /api/docs: loads the two assets above and the initializer below; no inline script,
// so its Content-Security-Policy can refuse every script not served from this origin.
std::string_view SwaggerUiPage();
// Starts Swagger UI on /api/schema (served at /api/docs/swagger-initializer.js).
std::string_view SwaggerUiInitializerJs();
// The Content-Security-Policy /api/docs is served with.
std::string_view SwaggerUiPageContentSecurityPolicy();

}  // namespace plangate::ops
