#pragma once
// Swagger UI, compiled into the binary (from the swagger-ui-dist npm package pinned in
// web/package-lock.json), so /api/docs works offline and from any working directory.

#include <string_view>

namespace plangate::ops {

std::string_view SwaggerUiBundleJs();
std::string_view SwaggerUiCss();
// The page at /api/docs: loads the two assets above and points them at /api/schema.
std::string_view SwaggerUiPage();

}  // namespace plangate::ops
