#include "ops/swagger_assets.h"

// The files are pulled in by the assembler: no multi-megabyte array literal for the compiler.
// PLANGATE_SWAGGER_DIR comes from CMake, which runs `npm ci` in the build tree first.
#define PLANGATE_STR2(x) #x
#define PLANGATE_STR(x) PLANGATE_STR2(x)

asm(".section .rodata\n"
    ".balign 16\n"
    "plangate_swagger_bundle_begin:\n"
    ".incbin \"" PLANGATE_SWAGGER_DIR
    "/swagger-ui-bundle.js\"\n"
    "plangate_swagger_bundle_end:\n"
    ".balign 16\n"
    "plangate_swagger_css_begin:\n"
    ".incbin \"" PLANGATE_SWAGGER_DIR
    "/swagger-ui.css\"\n"
    "plangate_swagger_css_end:\n"
    ".previous\n");

extern "C" {
extern const char plangate_swagger_bundle_begin[] asm("plangate_swagger_bundle_begin");
extern const char plangate_swagger_bundle_end[] asm("plangate_swagger_bundle_end");
extern const char plangate_swagger_css_begin[] asm("plangate_swagger_css_begin");
extern const char plangate_swagger_css_end[] asm("plangate_swagger_css_end");
}

namespace plangate::ops {

std::string_view SwaggerUiBundleJs() {
  return {plangate_swagger_bundle_begin,
          static_cast<std::size_t>(plangate_swagger_bundle_end - plangate_swagger_bundle_begin)};
}

std::string_view SwaggerUiCss() {
  return {plangate_swagger_css_begin,
          static_cast<std::size_t>(plangate_swagger_css_end - plangate_swagger_css_begin)};
}

std::string_view SwaggerUiPage() {
  static constexpr std::string_view kPage = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>plangate API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-initializer.js"></script>
</body>
</html>
)HTML";
  return kPage;
}

std::string_view SwaggerUiInitializerJs() {
  // persistAuthorization stays off: it would keep the pasted access token in localStorage, where
  // any script on this origin (the web app shares it) could read it long after the tab closed.
  static constexpr std::string_view kScript = R"JS(window.ui = SwaggerUIBundle({
  url: "/api/schema",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  withCredentials: true
});
)JS";
  return kScript;
}

std::string_view SwaggerUiPageContentSecurityPolicy() {
  // Scripts only from this origin (the page has no inline script: the initializer is a file);
  // Swagger UI sets inline styles and draws icons from data: URLs; it fetches /api/schema and,
  // with "Try it out", this API.
  return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
         "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
         "form-action 'none'; frame-ancestors 'none'";
}

}  // namespace plangate::ops
