#include "http/pagination.h"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/url.hpp>
#include <charconv>

#include "core/crypto.h"
#include "core/text.h"
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

// This request's URL with `page` set (or removed for page 1), as DRF links pages, and `cursor`
// set when given.
std::string PageUrl(const Request& request, std::int64_t page,
                    const std::optional<PageCursor>& cursor = std::nullopt) {
  boost::urls::url url;
  url.set_encoded_path(request.path);
  auto parsed = ParseTarget(request);
  if (parsed) {
    for (auto param : parsed->params()) {
      // page is ours to set; a bare "?" or "&&" carries nothing worth repeating.
      if (param.key == "page" || param.key == "cursor" || (param.key.empty() && !param.has_value)) {
        continue;
      }
      std::string key = boost::urls::encode(param.key, kKeyChars);
      std::string value = boost::urls::encode(param.value, kValueChars);
      url.encoded_params().append({key, value, param.has_value});
    }
  }
  if (page > 1) url.params().append({"page", std::to_string(page)});
  if (cursor) url.params().append({"cursor", EncodeCursor(*cursor)});
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
    // PostgreSQL refuses to compare with text that is not UTF-8 (an error, not a non-match).
    if (!core::IsUtf8(value)) {
      throw ApiError::ValidationField(std::string(name), "Must be UTF-8 text.");
    }
    return value;
  }
  return std::nullopt;
}

namespace {
// A decoded cursor is at most 3/4 of this: the key is an email (254 code points) or a number.
constexpr std::size_t kMaxCursorLength = 1024;
}  // namespace

std::string EncodeCursor(const PageCursor& c) {
  std::string text = "1|";
  text += c.before ? 'b' : 'a';
  text += '|' + std::to_string(c.page) + '|' + std::to_string(c.id) + '|' + c.ordering + '|';
  if (const auto* i = std::get_if<std::int64_t>(&c.key)) {
    text += 'i' + std::to_string(*i);
  } else if (const auto* s = std::get_if<std::string>(&c.key)) {
    text += 's' + *s;
  } else {
    text += 'n';
  }
  return core::Base64UrlEncode(text);
}

std::optional<PageCursor> DecodeCursor(std::string_view encoded) {
  if (encoded.empty() || encoded.size() > kMaxCursorLength) return std::nullopt;
  auto text = core::Base64UrlDecode(encoded);
  if (!text) return std::nullopt;
  std::string_view rest = *text;
  auto next_field = [&rest]() -> std::optional<std::string_view> {
    auto bar = rest.find('|');
    if (bar == std::string_view::npos) return std::nullopt;
    std::string_view field = rest.substr(0, bar);
    rest.remove_prefix(bar + 1);
    return field;
  };
  auto version = next_field(), direction = next_field(), page = next_field(), id = next_field(),
       ordering = next_field();
  if (!ordering || *version != "1" || (*direction != "a" && *direction != "b")) return std::nullopt;
  PageCursor c;
  c.before = *direction == "b";
  auto page_value = PositiveInt(std::string(*page));
  auto id_value = PositiveInt(std::string(*id));
  if (!page_value || *page_value > INT64_MAX / kMaxPageSize || !id_value) return std::nullopt;
  c.page = *page_value;
  c.id = *id_value;
  if (ordering->empty() || ordering->size() > 32 || HasControlCharacter(*ordering)) {
    return std::nullopt;
  }
  c.ordering = std::string(*ordering);
  if (rest.empty()) return std::nullopt;
  const char tag = rest.front();
  rest.remove_prefix(1);
  if (tag == 'n' && rest.empty()) {
    c.key = std::monostate{};
  } else if (tag == 'i') {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
    if (rest.empty() || ec != std::errc() || end != rest.data() + rest.size()) return std::nullopt;
    c.key = v;
  } else if (tag == 's' && core::IsUtf8(rest) && !HasControlCharacter(rest)) {
    c.key = std::string(rest);
  } else {
    return std::nullopt;
  }
  return c;
}

std::optional<PageCursor> ParseCursor(const Request& request) {
  auto text = QueryParam(request, "cursor");
  if (!text) return std::nullopt;
  auto cursor = DecodeCursor(*text);
  if (!cursor) throw ApiError::ValidationField("cursor", "Invalid cursor.");
  return cursor;
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

namespace {
// In the results' storage, so that they move in rather than being copied.
boost::json::object PageObject(std::int64_t count, boost::json::value next,
                               boost::json::value previous, boost::json::array results) {
  boost::json::object out(results.storage());
  out.reserve(4);
  out["count"] = count;
  out["next"] = std::move(next);
  out["previous"] = std::move(previous);
  out["results"] = std::move(results);
  return out;
}
}  // namespace

boost::json::object PageJson(const Request& request, const PageRequest& page, std::int64_t count,
                             boost::json::array results) {
  std::int64_t last = count == 0 ? 1 : (count + page.page_size - 1) / page.page_size;
  if (page.page > last) throw ApiError::NotFound("Invalid page.");
  return PageObject(
      count, page.page < last ? boost::json::value(PageUrl(request, page.page + 1)) : nullptr,
      page.page > 1 ? boost::json::value(PageUrl(request, page.page - 1)) : nullptr,
      std::move(results));
}

boost::json::object KeysetPageJson(const Request& request, const KeysetPage& page,
                                   std::int64_t count, boost::json::array results) {
  if (results.empty() && page.page > 1 && !page.read_backward) {
    throw ApiError::NotFound("Invalid page.");
  }
  // Read backwards, the page is the head of the list when nothing comes before it (page 1,
  // whatever the link said: users may have left), and not the head when something does.
  std::int64_t number = page.page;
  if (page.read_backward) number = page.more ? std::max<std::int64_t>(number, 2) : 1;
  // Read forwards, `more` says whether anything follows; read backwards, the rows it was read
  // before do.
  const bool has_next = page.read_backward ? page.last.has_value() : page.more;
  const bool has_previous = page.read_backward ? page.more : number > 1;
  boost::json::value next = nullptr, previous = nullptr;
  if (has_next && page.last) {
    PageCursor c = *page.last;
    c.page = number + 1;
    c.before = false;
    next = PageUrl(request, c.page, c);
  }
  // Always from the first row, page 1 included: a plain link to page 1 would skip whoever
  // signed up since (they come first in the default order).
  if (has_previous && page.first) {
    PageCursor c = *page.first;
    c.page = number - 1;
    c.before = true;
    previous = PageUrl(request, c.page, c);
  }
  return PageObject(count, std::move(next), std::move(previous), std::move(results));
}

}  // namespace plangate::http
