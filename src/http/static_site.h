#pragma once
// The built web app (web/dist), read into memory once at start and served for GET and HEAD on
// every path that no route claims: files by their exact path, and index.html for the app's own
// client-side routes. Paths that belong to the API or to operations (/api, /healthz, /readyz,
// /metrics) are never answered from here, so an unknown /api/... path stays a JSON 404.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace plangate::http {

class StaticSite {
 public:
  // Reads every regular file under `root` (no symlinks followed out of it, 64 MiB in all).
  // Throws std::runtime_error when root has no index.html or cannot be read.
  explicit StaticSite(const std::string& root);

  // The answer for this request, or nothing when the path is not the site's to answer.
  std::optional<Response> Serve(Method method, std::string_view path) const;

  std::size_t file_count() const { return files_.size(); }
  const std::string& root() const { return root_; }

 private:
  struct File {
    std::string body;
    std::string_view content_type;
    bool immutable = false;  // content-hashed name under /assets/: cached for a year
    bool html = false;
  };
  Response Render(const File& file) const;

  std::string root_;
  std::map<std::string, File, std::less<>> files_;  // "/assets/index-1a2b.js" -> file
};

// True for paths the web app must never shadow.
bool IsReservedPath(std::string_view path);

// Where the built app is by default: web/dist beside the directory that holds the running
// executable (build/plangate -> web/dist), or empty when there is none.
std::string DefaultWebRoot();

}  // namespace plangate::http
