#include <cstddef>  // before crack.h, which uses size_t without including it

#include <crack.h>

#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/password_policy.h"

// libcrack2 exports the dictionary and mangling calls that FascistCheck is built from, without a
// header (packer.h is not installed). Their symbols have C linkage, so the dictionary handle can
// stay an incomplete type here.
extern "C" {
struct CracklibDict;
CracklibDict* PWOpen(const char* prefix, const char* mode);
int PWClose(CracklibDict* dict);
unsigned int FindPW(CracklibDict* dict, const char* word);
char* Mangle(const char* input, const char* control);
int GTry(const char* raw_text, const char* password);  // 1: password is raw_text mangled
}

namespace plangate::auth {
namespace {

// cracklib truncates what it checks to this many bytes (TRUNCSTRINGSIZE - 1); Mangle's buffers
// assume it.
constexpr std::size_t kMaxCheckedBytes = 255;

// The mangling rules, in cracklib's rule language, that undo what people do to a dictionary
// word: keep it as is, drop up to three characters at either end, purge punctuation, spaces or
// non-alphanumerics, and undo every combination of the usual leetspeak substitutions.
std::vector<std::string> DestructorRules() {
  std::vector<std::string> rules = {":",   "[",   "]",      "[[",     "]]",
                                    "[[[", "]]]", "/?p@?p", "/?s@?s", "/?X@?X"};
  // Each group is one character read as a letter: "/Xs X Y" means "if it holds X, turn every X
  // into Y". A group with two letters is tried with either.
  const std::vector<std::vector<std::string>> groups = {{"$s"}, {"0o"},       {"2a"},      {"3e"},
                                                        {"5s"}, {"1i", "1l"}, {"4a", "4h"}};
  std::vector<std::string> combos = {""};
  for (const auto& group : groups) {
    std::vector<std::string> next = combos;  // without this group
    for (const auto& combo : combos) {
      for (const auto& sub : group) {
        next.push_back(combo + "/" + sub.substr(0, 1) + "s" + sub);
      }
    }
    combos = std::move(next);
  }
  for (auto& combo : combos) {
    if (!combo.empty()) rules.push_back(std::move(combo));
  }
  return rules;
}

// What cracklib looks up: lower-cased, without surrounding whitespace.
std::string Normalised(std::string_view password) {
  std::string word(password.substr(0, kMaxCheckedBytes));
  for (auto& c : word) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const char* ws = " \t\r\n\f\v";
  auto b = word.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  return word.substr(b, word.find_last_not_of(ws) - b + 1);
}

// cracklib keeps static state (Mangle's buffer, GetPW's block cache): one caller at a time.
std::mutex& CracklibMutex() {
  static std::mutex mu;
  return mu;
}

struct Dictionary {
  CracklibDict* handle = nullptr;
  unsigned int not_found = 0;  // FindPW's answer for a word it does not hold (the word count)
};

// Opened once, on first use, and kept: the CLI's other commands never need the file.
Dictionary& OpenDictionary(const std::string& path) {
  static Dictionary dict;
  if (dict.handle) return dict;
  dict.handle = PWOpen(path.c_str(), "r");
  if (!dict.handle) {
    // Failing open would silently drop the check.
    throw std::runtime_error("cracklib dictionary missing: install cracklib-runtime");
  }
  // FindPW answers the word count for a word it does not hold; two words that cannot both be
  // there give that number without reading the handle's private layout.
  unsigned int a = FindPW(dict.handle, "\x01");
  unsigned int b = FindPW(dict.handle, "\x02");
  if (a != b) throw std::runtime_error("cracklib dictionary unreadable");
  dict.not_found = a;
  return dict;
}

}  // namespace

CracklibCheck::CracklibCheck() {
  const char* dict = GetDefaultCracklibDict();
  dictionary_ = dict ? dict : "/var/cache/cracklib/cracklib_dict";
}

CracklibCheck::~CracklibCheck() = default;

std::string CracklibCheck::Weakness(std::string_view password, std::string_view email) const {
  static const std::vector<std::string> rules = DestructorRules();
  std::lock_guard lock(CracklibMutex());
  Dictionary& dict = OpenDictionary(dictionary_);
  std::string word = Normalised(password);
  if (word.empty()) return "";
  auto found = [&](const std::string& candidate) {
    for (const auto& rule : rules) {
      const char* mangled = Mangle(candidate.c_str(), rule.c_str());
      if (mangled && FindPW(dict.handle, mangled) != dict.not_found) return true;
    }
    return false;
  };
  // The user's own name is a dictionary of one word, mangled the same ways.
  std::string user(email.substr(0, email.find('@')).substr(0, kMaxCheckedBytes));
  if (!user.empty() && GTry(user.c_str(), word.c_str())) return "it is based on your username";
  if (found(word)) return "it is based on a dictionary word";
  if (found(std::string(word.rbegin(), word.rend()))) {
    return "it is based on a (reversed) dictionary word";
  }
  return "";
}

}  // namespace plangate::auth
