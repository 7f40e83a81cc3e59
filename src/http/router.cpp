#include "http/router.h"

#include <charconv>
#include <stdexcept>

namespace plangate::http {

namespace {
// Splits "/a/b/" into {"a", "b"}; empty segments other than a single trailing one make the path
// unmatchable, which the caller signals with a false return.
bool SplitPath(std::string_view path, std::vector<std::string_view>* out) {
  out->clear();
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return true;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    std::string_view seg =
        path.substr(start, slash == std::string_view::npos ? path.size() - start : slash - start);
    if (seg.empty()) return false;
    out->push_back(seg);
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}
}  // namespace

// Whether one path segment could match both: two parameters of any types could (an id is a
// slug), a literal only its own text or a parameter that accepts it.
bool Router::CouldMatchOnePath(const Segment& x, const Segment& y) {
  if (x.kind == Segment::Kind::kLiteral && y.kind == Segment::Kind::kLiteral) {
    return x.text == y.text;
  }
  if (x.kind != Segment::Kind::kLiteral && y.kind != Segment::Kind::kLiteral) return true;
  const Segment& literal = x.kind == Segment::Kind::kLiteral ? x : y;
  const Segment& param = x.kind == Segment::Kind::kLiteral ? y : x;
  std::int64_t id = 0;
  return param.kind == Segment::Kind::kSlug ? IsSlug(literal.text)
                                            : ParsePositiveId(literal.text, &id);
}

bool Router::SameShape(const Compiled& a, const Compiled& b) {
  if (a.segments.size() != b.segments.size()) return false;
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    const Segment& x = a.segments[i];
    const Segment& y = b.segments[i];
    if (!CouldMatchOnePath(x, y)) return false;
  }
  return true;
}

bool ParsePositiveId(std::string_view text, std::int64_t* out) {
  if (text.empty() || text.front() == '0') return false;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return false;
  *out = value;
  return true;
}

bool IsSlug(std::string_view text) {
  if (text.empty() || text.size() > kMaxSlugLength) return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::string OpenApiPath(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  bool in_param = false, in_type = false;
  for (char c : pattern) {
    if (c == '{') in_param = true;
    if (c == '}') in_param = in_type = false;
    if (in_param && c == ':') in_type = true;
    if (!in_type) out += c;
  }
  return out;
}

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  compiled_.reserve(routes_.size());
  std::vector<std::string_view> parts;
  for (const auto& route : routes_) {
    if (!SplitPath(route.pattern, &parts)) {
      throw std::invalid_argument("bad route pattern: " + route.pattern);
    }
    Compiled c;
    for (auto part : parts) {
      if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
        std::string_view inner = part.substr(1, part.size() - 2);
        Segment s{std::string(inner), Segment::Kind::kId};
        if (auto colon = inner.find(':'); colon != std::string_view::npos) {
          if (inner.substr(colon + 1) != "slug") {
            throw std::invalid_argument("unknown parameter type in: " + route.pattern);
          }
          s = {std::string(inner.substr(0, colon)), Segment::Kind::kSlug};
        }
        c.segments.push_back(std::move(s));
      } else {
        c.segments.push_back({std::string(part), Segment::Kind::kLiteral});
      }
    }
    compiled_.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    for (std::size_t j = i + 1; j < routes_.size(); ++j) {
      if (routes_[i].method == routes_[j].method && SameShape(compiled_[i], compiled_[j])) {
        throw std::invalid_argument("duplicate route: " + routes_[i].pattern);
      }
    }
  }
}

bool Router::MatchPattern(const Compiled& c, std::string_view path,
                          std::vector<PathParam>* params) const {
  // Walk the path and the pattern together without materialising the segments.
  std::string_view rest = path.substr(1);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  params->clear();
  for (std::size_t i = 0; i < c.segments.size(); ++i) {
    if (rest.empty()) return false;
    std::size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (slash != std::string_view::npos && rest.empty()) return false;  // "a//" or "a/" inside
    const Segment& s = c.segments[i];
    switch (s.kind) {
      case Segment::Kind::kId: {
        std::int64_t id = 0;
        if (!ParsePositiveId(seg, &id)) return false;
        params->push_back({s.text, id, {}});
        break;
      }
      case Segment::Kind::kSlug:
        if (!IsSlug(seg)) return false;
        params->push_back({s.text, 0, seg});
        break;
      case Segment::Kind::kLiteral:
        if (seg != s.text) return false;
        break;
    }
  }
  return rest.empty();
}

RouteMatch Router::Match(Method method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  std::vector<PathParam> params;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!MatchPattern(compiled_[i], path, &params)) continue;
    if (routes_[i].method == method) {
      result.kind = RouteMatch::Kind::kFound;
      result.route = &routes_[i];
      result.params = std::move(params);
      return result;
    }
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += MethodName(routes_[i].method);
  }
  if (result.kind == RouteMatch::Kind::kMethodNotAllowed) result.allow += ", OPTIONS";
  return result;
}

}  // namespace plangate::http
