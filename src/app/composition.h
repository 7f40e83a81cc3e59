#pragma once
// The composition root: builds every service from the Config and wires them together. Nothing
// else constructs long-lived services, and nothing is global.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "app/logging.h"
#include "app/pipeline.h"
#include "app/routes.h"
#include "db/database.h"
#include "http/router.h"

namespace plangate::http {
class Server;
}

namespace plangate::app {

class Application {
 public:
  // extra_routes lets tests mount routes of their own beside the real table.
  Application(Config config, std::shared_ptr<spdlog::sinks::sink> log_sink,
              std::vector<http::Route> extra_routes = {});
  ~Application();

  const Config& config() const { return config_; }
  const logging::Logger& logger() const { return logger_; }
  db::Database& database() { return db_; }
  const http::Router& router() const { return *router_; }
  const std::string& openapi_json() const { return openapi_json_; }

  // Binds and starts serving; port() is the bound port afterwards.
  void Start();
  std::uint16_t port() const;
  void StopOnSignals();
  void RequestStop();
  void Wait();

 private:
  Config config_;
  logging::Logger logger_;
  db::Database db_;
  std::string openapi_json_;
  Services services_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<http::Server> server_;
};

int HardwareThreads();

}  // namespace plangate::app
