#pragma once
// Duplicate object keys in JSON text. RFC 8259 leaves their meaning open and Boost.JSON keeps the
// last one, so a token header like {"alg":"none","alg":"HS256"} reads as HS256 here and may read
// as "none" to another parser: whoever signs or checks such a document must refuse it.

#include <string_view>

namespace plangate::core {

// True when some object in `json`, at any depth, has the same key twice (compared after
// unescaping, so "a" and "\u0061" are the same key). False for text that is not JSON: the
// caller's own parse rejects that.
bool HasDuplicateKeys(std::string_view json);

}  // namespace plangate::core
