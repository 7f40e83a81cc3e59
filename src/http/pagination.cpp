#include "http/pagination.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/url.hpp>
#include <charconv>

#include "http/errors.h"

namespace plangate::http {

namespace {

std::optional<std::int64_t> PositiveInt(const std::string& text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 1) {
    return std::nullopt;
  }
  return v;
}

// The request-target up to any '#'. A fragment has no place in a request-target but Beast lets
// one through, and Boost.URL 1.81 reads past the end of an empty query followed by a fragment
// ("?#") when it iterates the params: stack memory ended up in the page links.
boost::system::result<boost::urls::url_view> ParseTarget(const Request& request) {
  return boost::urls::parse_relative_ref(request.target.substr(0, request.target.find('#')));
}

// How a page link writes the other parameters back. Not Boost's own params().append: it leaves
// '+' raw, which QueryParam then reads as a space (a search for "a+b@x.com" would turn into
// "a b@x.com" on the next page), and '[' ']' raw in keys, which makes the whole query unparsable
// so the link would land on page 1.
constexpr auto kKeyChars = boost::urls::pchars + '/' + '?' - '&' - '=' - '+';
constexpr auto kValueChars = boost::urls::pchars + '/' + '?' - '&' - '+';

// This request's URL with `page` set (or removed for page 1), as DRF links pages.
std::string PageUrl(const Request& request, std::int64_t page) {
  boost::urls::url url;
  url.set_encoded_path(request.path);
  auto parsed = ParseTarget(request);
  if (parsed) {
    for (auto param : parsed->params()) {
      // page is ours to set; a bare "?" or "&&" carries nothing worth repeating.
      if (param.key == "page" || (param.key.empty() && !param.has_value)) continue;
      std::string key = boost::urls::encode(param.key, kKeyChars);
      std::string value = boost::urls::encode(param.value, kValueChars);
      url.encoded_params().append({key, value, param.has_value});
    }
  }
  if (page > 1) url.params().append({"page", std::to_string(page)});
  if (!request.origin.empty()) return request.origin + std::string(url.buffer());
  // Outside the dispatcher (which checks the Host against ALLOWED_HOSTS): let only host[:port]
  // characters through, and never believe an X-Forwarded-Proto nobody vouched for.
  std::string host(request.HeaderValue("Host").value_or("localhost"));
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' &&
        c != '[' && c != ']') {
      host = "localhost";
      break;
    }
  }
  return "http://" + host + std::string(url.buffer());
}

// U+0000-U+001F and U+007F. In UTF-8 these bytes never occur inside a longer sequence, so a
// byte scan finds exactly those code points.
bool HasControlCharacter(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> QueryParam(const Request& request, std::string_view name) {
  if (request.query.empty()) return std::nullopt;
  auto parsed = ParseTarget(request);
  if (!parsed) return std::nullopt;
  for (auto param : parsed->params()) {
    if (param.key != name) continue;
    std::string value(param.value);
    if (HasControlCharacter(value)) {
      throw ApiError::ValidationField(std::string(name), "Control characters are not allowed.");
    }
    return value;
  }
  return std::nullopt;
}

PageRequest ParsePageRequest(const Request& request) {
  PageRequest page;
  boost::json::object errors;
  if (auto text = QueryParam(request, "page")) {
    auto v = PositiveInt(*text);
    if (v) {
      page.page = *v;
    } else {
      errors["page"] = boost::json::array{"A valid positive integer is required."};
    }
  }
  if (auto text = QueryParam(request, "page_size")) {
    auto v = PositiveInt(*text);
    if (v && *v <= kMaxPageSize) {
      page.page_size = *v;
    } else {
      errors["page_size"] =
          boost::json::array{"Ensure this value is an integer between 1 and 100."};
    }
  }
  if (!errors.empty()) throw ApiError::Validation(std::move(errors));
  // Keep the offset computable without overflow.
  if (page.page > INT64_MAX / kMaxPageSize) throw ApiError::NotFound("Invalid page.");
  return page;
}

boost::json::object PageJson(const Request& request, const PageRequest& page, std::int64_t count,
                             boost::json::array results) {
  std::int64_t last = count == 0 ? 1 : (count + page.page_size - 1) / page.page_size;
  if (page.page > last) throw ApiError::NotFound("Invalid page.");
  // In the results' storage, so that they move in rather than being copied.
  boost::json::object out(results.storage());
  out.reserve(4);
  out["count"] = count;
  out["next"] = page.page < last ? boost::json::value(PageUrl(request, page.page + 1)) : nullptr;
  out["previous"] = page.page > 1 ? boost::json::value(PageUrl(request, page.page - 1)) : nullptr;
  out["results"] = std::move(results);
  return out;
}

}  // namespace plangate::http
