#include "db/url.h"

#include <boost/url/parse.hpp>
#include <set>
#include <stdexcept>
#include <utility>

namespace plangate::db {

namespace {
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
}  // namespace

DatabaseUrl ParseDatabaseUrl(std::string_view url) {
  DatabaseUrl out;
  if (StartsWith(url, "sqlite:///")) {
    out.engine = Engine::kSqlite;
    out.sqlite_path = std::string(url.substr(std::string_view("sqlite:///").size()));
    if (out.sqlite_path.empty() || out.sqlite_path == "/") {
      throw std::invalid_argument("DATABASE_URL: sqlite URL has no file path");
    }
    return out;
  }
  if (StartsWith(url, "postgres://") || StartsWith(url, "postgresql://")) {
    // Up to any '#': a connection URL has no use for a fragment, and Boost.URL 1.81 reads past
    // the end of an empty query followed by one ("?#") when it iterates the params.
    auto parsed = boost::urls::parse_uri(url.substr(0, url.find('#')));
    if (!parsed || parsed->host().empty()) {
      throw std::invalid_argument("DATABASE_URL: not a valid postgres:// URL");
    }
    out.engine = Engine::kPostgres;
    // SOCI rewrites URI-style strings, so hand libpq the equivalent key=value form.
    std::string conninfo;
    auto add = [&conninfo](std::string_view key, std::string_view value) {
      if (!conninfo.empty()) conninfo += ' ';
      conninfo += key;
      conninfo += "='";
      for (char c : value) {
        if (c == '\\' || c == '\'') conninfo += '\\';
        conninfo += c;
      }
      conninfo += '\'';
    };
    add("host", parsed->host_address().empty() ? std::string(parsed->host())
                                               : std::string(parsed->host_address()));
    if (parsed->has_port()) add("port", parsed->port());
    if (parsed->has_userinfo()) add("user", std::string(parsed->user()));
    if (parsed->has_password()) add("password", std::string(parsed->password()));
    std::string path = parsed->path();
    if (!path.empty() && path.front() == '/') path.erase(0, 1);
    if (!path.empty()) add("dbname", path);
    std::set<std::string, std::less<>> given;
    for (auto param : parsed->params()) {
      if (param.key.empty()) continue;  // "db?" or "db?&": nothing to pass on
      given.insert(param.key);
      add(param.key, param.value);
    }
    // A dead server must fail a connection attempt quickly rather than hang a worker, and a
    // connection whose peer vanished (no FIN: a host or network gone) must be noticed by the
    // kernel: idle, by keepalive probes; with data unacknowledged, by the user timeout.
    constexpr std::pair<std::string_view, std::string_view> kDefaults[] = {
        {"connect_timeout", "3"},      {"keepalives", "1"},       {"keepalives_idle", "30"},
        {"keepalives_interval", "10"}, {"keepalives_count", "3"}, {"tcp_user_timeout", "30000"},
    };
    for (const auto& [key, value] : kDefaults) {
      if (!given.contains(key)) add(key, value);
    }
    out.postgres_conninfo = std::move(conninfo);
    return out;
  }
  throw std::invalid_argument(
      "DATABASE_URL: must start with sqlite:///, postgres:// or postgresql://");
}

std::string DatabasePassword(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_password()) return {};
  return std::string(parsed->password());
}

}  // namespace plangate::db
