// Boost.JSON and Boost.URL compiled into the fuzzers from their headers, so the parsers the
// targets lean on are instrumented too (coverage feedback and ASan) instead of linked from
// Debian's uninstrumented shared libraries.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
