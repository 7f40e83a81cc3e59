#include "core/json_keys.h"

#include <boost/json/basic_parser_impl.hpp>
#include <string>
#include <vector>

namespace plangate::core {

namespace {

using boost::json::error_code;
using boost::json::string_view;

// A basic_parser handler that builds nothing: it keeps the keys of each open object and stops
// the parse at the first key seen twice in one object.
class KeyChecker {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  bool duplicate = false;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) {
    open_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, error_code&) {
    open_.pop_back();
    return true;
  }
  // An array gets an (unused) entry too, so that the innermost entry is always the container a
  // key belongs to.
  bool on_array_begin(error_code&) {
    open_.emplace_back();
    return true;
  }
  bool on_array_end(std::size_t, error_code&) {
    open_.pop_back();
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code& ec) {
    key_.append(s.data(), s.size());
    auto& keys = open_.back();
    for (const auto& k : keys) {
      if (k == key_) {
        duplicate = true;
        // Any error stops the parser; the flag says which one it was.
        ec = boost::json::error::syntax;
        return false;
      }
    }
    keys.push_back(std::move(key_));
    key_.clear();
    return true;
  }
  bool on_string_part(string_view, std::size_t, error_code&) { return true; }
  bool on_string(string_view, std::size_t, error_code&) { return true; }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
  bool on_double(double, string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

 private:
  std::vector<std::vector<std::string>> open_;
  std::string key_;
};

}  // namespace

bool HasDuplicateKeys(std::string_view json) {
  boost::json::basic_parser<KeyChecker> parser(boost::json::parse_options{});
  error_code ec;
  parser.write_some(false, json.data(), json.size(), ec);
  return parser.handler().duplicate;
}

}  // namespace plangate::core
