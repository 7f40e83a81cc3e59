#include "http/static_site.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace plangate::http {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxTotalBytes = 64u << 20;

// The app is built to need nothing but its own origin: no inline script or style, no CDN.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

std::string_view ContentType(const fs::path& path) {
  static const std::map<std::string, std::string_view, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto it = kTypes.find(path.extension().string());
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

bool StartsWithSegment(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// A client-side route looks like a page, not a file: its last segment has no extension.
bool LooksLikeAppRoute(std::string_view path) {
  if (StartsWithSegment(path, "/assets")) return false;
  auto last = path.substr(path.rfind('/') + 1);
  return last.find('.') == std::string_view::npos;
}

}  // namespace

bool IsReservedPath(std::string_view path) {
  for (std::string_view prefix : {"/api", "/healthz", "/readyz", "/metrics"}) {
    if (StartsWithSegment(path, prefix)) return true;
  }
  return false;
}

StaticSite::StaticSite(const std::string& root) : root_(root) {
  std::error_code ec;
  fs::path base = fs::canonical(root, ec);
  if (ec) throw std::runtime_error("WEB_DIR " + root + " cannot be read: " + ec.message());
  std::uintmax_t total = 0;
  for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file() || it->is_symlink()) continue;
    total += it->file_size();
    if (total > kMaxTotalBytes) throw std::runtime_error("WEB_DIR " + root + " is over 64 MiB");
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in && !in.eof()) throw std::runtime_error("cannot read " + it->path().string());
    std::string key = "/" + fs::relative(it->path(), base).generic_string();
    File file;
    file.body = std::move(body).str();
    file.content_type = ContentType(it->path());
    file.immutable = StartsWithSegment(key, "/assets");
    file.html = it->path().extension() == ".html";
    files_.emplace(std::move(key), std::move(file));
  }
  if (ec) throw std::runtime_error("WEB_DIR " + root + " cannot be read: " + ec.message());
  if (!files_.contains("/index.html")) {
    throw std::runtime_error("WEB_DIR " + root + " has no index.html (run make web)");
  }
}

// A HEAD answer keeps the body here: the server sends its length and drops it.
Response StaticSite::Render(const File& file) const {
  Response r;
  r.content_type = file.content_type;
  r.body = file.body;
  r.SetHeader("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  if (file.html) {
    r.SetHeader("Content-Security-Policy", std::string(kContentSecurityPolicy));
    r.SetHeader("X-Frame-Options", "DENY");
    // Pages carry one-time tokens in their URL (verify-email, reset-password).
    r.SetHeader("Referrer-Policy", "no-referrer");
  }
  return r;
}

std::optional<Response> StaticSite::Serve(Method method, std::string_view path) const {
  if (method != Method::kGet && method != Method::kHead) return std::nullopt;
  if (path.empty() || path.front() != '/' || IsReservedPath(path)) return std::nullopt;
  if (path != "/") {
    auto it = files_.find(path);
    if (it != files_.end()) return Render(it->second);
  }
  if (path == "/" || LooksLikeAppRoute(path)) return Render(files_.find("/index.html")->second);
  return std::nullopt;
}

std::string DefaultWebRoot() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (const fs::path& candidate :
       {exe.parent_path().parent_path() / "web" / "dist", exe.parent_path() / "web"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.string();
  }
  return {};
}

}  // namespace plangate::http
