#pragma once
// A read a route's handler needs besides the caller, started ahead of the handler, without
// blocking, on the I/O thread's pipelined connection (PgPipeline), for the caller the request's
// (verified) token names. It puts what it read into the request's extensions and calls done(true)
// once it is there; it returns false when it started nothing (the handler then reads for itself,
// on a worker). A route carries one in its extensions; the layer that composes the server starts
// it beside the caller's own read. Generic in the request type, so db/ knows no transport.

#include <cstdint>
#include <functional>

namespace plangate::db {

class PgPipeline;

template <class Request>
struct ReadAhead {
  std::function<bool(PgPipeline& pg, std::int64_t caller_id, Request& request,
                     std::function<void(bool ready)> done)>
      start;
};

}  // namespace plangate::db
