#include <cstddef>  // before crack.h, which uses size_t without including it

#include <crack.h>

#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/password_policy.h"
#include "core/text.h"

// libcrack2 exports the dictionary and mangling calls that FascistCheck is built from, without a
// header (packer.h is not installed). Their symbols have C linkage, so the dictionary handle can
// stay an incomplete type here.
extern "C" {
struct CracklibDict;
CracklibDict* PWOpen(const char* prefix, const char* mode);
unsigned int FindPW(CracklibDict* dict, const char* word);
char* Mangle(const char* input, const char* control);
int GTry(const char* raw_text, const char* password);  // 1: password is raw_text mangled
}

namespace plangate::auth {
namespace {

// cracklib truncates what it checks to this many bytes (TRUNCSTRINGSIZE - 1); Mangle's buffers
// assume it.
constexpr std::size_t kMaxCheckedBytes = 255;

// Digits or symbols taken off either end of a password before the look-up ("passw0rd11",
// "P@ssw0rd2024!"): more would let a word inside a long random string refuse it.
constexpr std::size_t kMaxJunkAroundAWord = 5;

// What is left must be as long as the shortest password cracklib looks up (its MINLEN), so that
// its rules, which take up to three more characters off, never look up one or two letters.
constexpr std::size_t kMinStemLength = 6;

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// cracklib's mangling rules that undo what people do to a dictionary word, in its rule
// language: as is, up to three characters off either end, punctuation, symbols or
// non-alphanumerics purged, and every combination of the usual leetspeak substitutions that can
// change this word ("/Xs XY": every X becomes Y; a digit read as one of two letters is tried
// with each), cracklib's and "@" for "a". Substitutions for characters the word lacks are left
// out: they would only repeat the word itself.
std::vector<std::string> DestructorRules(const std::string& word) {
  std::vector<std::string> rules = {":",   "[",   "]",      "[[",     "]]",
                                    "[[[", "]]]", "/?p@?p", "/?s@?s", "/?X@?X"};
  const std::vector<std::pair<char, std::string>> substitutions = {
      {'$', "s"}, {'0', "o"},  {'2', "a"},  {'3', "e"},
      {'5', "s"}, {'1', "il"}, {'4', "ah"}, {'@', "a"}};
  std::vector<std::string> combos = {""};
  for (const auto& [from, to] : substitutions) {
    if (word.find(from) == std::string::npos) continue;
    std::vector<std::string> with = combos;  // each combination so far, without this one too
    for (const auto& combo : combos) {
      for (char letter : to) with.push_back(combo + "/" + from + "s" + from + letter);
    }
    combos = std::move(with);
  }
  for (auto& combo : combos) {
    if (!combo.empty()) rules.push_back(std::move(combo));
  }
  return rules;
}

// The strings looked up for one password (lower-cased, trimmed): itself, itself without up to
// kMaxJunkAroundAWord digits or symbols at its end, its start or both, and the unit of a word
// typed twice or more ("passwordpassword"); each but itself at least kMinStemLength long.
std::vector<std::string> Stems(const std::string& word) {
  std::set<std::string> stems = {word};
  std::size_t tail = word.size();
  while (tail > 0 && !IsAsciiLetter(word[tail - 1]) && word.size() - tail < kMaxJunkAroundAWord) {
    --tail;
  }
  std::size_t head = 0;
  while (head < tail && !IsAsciiLetter(word[head]) && head < kMaxJunkAroundAWord) ++head;
  if (tail > 0) stems.insert(word.substr(0, tail));
  if (head < word.size()) stems.insert(word.substr(head));
  if (head < tail) stems.insert(word.substr(head, tail - head));
  for (std::size_t unit = 1; unit <= word.size() / 2; ++unit) {
    if (word.size() % unit != 0) continue;
    if (word.compare(unit, std::string::npos, word, 0, word.size() - unit) == 0) {
      stems.insert(word.substr(0, unit));
      break;
    }
  }
  std::vector<std::string> out = {word};
  for (const auto& stem : stems) {
    if (stem != word && stem.size() >= kMinStemLength) out.push_back(stem);
  }
  return out;
}

// What cracklib looks up: lower-cased, without surrounding whitespace.
std::string Normalised(std::string_view password) {
  return core::LowerAscii(core::Trim(password.substr(0, kMaxCheckedBytes)));
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
  if (std::string why = SimplisticPattern(password); !why.empty()) return why;
  std::string word = Normalised(password);
  if (word.empty()) return "it is all whitespace";
  std::string user(email.substr(0, email.find('@')).substr(0, kMaxCheckedBytes));
  std::vector<std::string> stems = Stems(word);

  std::lock_guard lock(CracklibMutex());
  Dictionary& dict = OpenDictionary(dictionary_);
  // The user's own name is a dictionary of one word, mangled the same ways (GTry also tries the
  // password reversed).
  if (!user.empty()) {
    for (const auto& stem : stems) {
      if (GTry(user.c_str(), stem.c_str())) return "it is based on your username";
    }
  }
  // Many rules give the same string; each is looked up once.
  std::set<std::string> forward, reversed;
  for (const auto& stem : stems) {
    std::string backwards(stem.rbegin(), stem.rend());
    for (const auto& rule : DestructorRules(stem)) {
      const char* mangled = Mangle(stem.c_str(), rule.c_str());
      if (mangled && *mangled) forward.insert(mangled);
    }
    for (const auto& rule : DestructorRules(backwards)) {
      const char* mangled = Mangle(backwards.c_str(), rule.c_str());
      if (mangled && *mangled) reversed.insert(mangled);
    }
  }
  for (const auto& candidate : forward) {
    if (FindPW(dict.handle, candidate.c_str()) != dict.not_found) {
      return "it is based on a dictionary word";
    }
  }
  for (const auto& candidate : reversed) {
    if (FindPW(dict.handle, candidate.c_str()) != dict.not_found) {
      return "it is based on a (reversed) dictionary word";
    }
  }
  return "";
}

}  // namespace plangate::auth
