#include "app/composition.h"

#include <boost/json/serialize.hpp>
#include <thread>

#include "app/routes.h"
#include "http/server.h"
#include "ops/openapi.h"

namespace plangate::app {

int HardwareThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : static_cast<int>(n);
}

namespace {
int WorkerThreads(const Config& c) {
  return c.worker_threads > 0 ? c.worker_threads : 4 * HardwareThreads();
}

std::size_t PoolSize(const Config& c) {
  return static_cast<std::size_t>(c.db_pool_size > 0 ? c.db_pool_size : WorkerThreads(c));
}
}  // namespace

Application::Application(Config config, std::shared_ptr<spdlog::sinks::sink> log_sink,
                         std::vector<http::Route> extra_routes)
    : config_(std::move(config)),
      logger_(std::move(log_sink), config_.log_level),
      db_(db::ParseDatabaseUrl(config_.database_url), PoolSize(config_),
          config_.db_acquire_timeout),
      services_{config_, logger_, db_, openapi_json_} {
  for (auto& secret : config_.Secrets()) logger_.AddSecret(secret);
  std::vector<http::Route> routes = BuildRoutes(services_);
  for (auto& r : extra_routes) routes.push_back(std::move(r));
  router_ = std::make_unique<http::Router>(std::move(routes));
  openapi_json_ = boost::json::serialize(ops::BuildOpenApi(router_->routes(), config_.version));
  pipeline_ = std::make_unique<Pipeline>(config_, logger_, Authenticator{});
}

Application::~Application() = default;

void Application::Start() {
  http::ServerOptions options;
  options.host = config_.bind_host;
  options.port = config_.bind_port;
  options.io_threads = config_.io_threads > 0 ? config_.io_threads : HardwareThreads();
  options.worker_threads = WorkerThreads(config_);
  options.max_body_bytes = config_.max_body_bytes;
  options.max_header_bytes = config_.max_header_bytes;
  options.read_timeout = config_.read_timeout;
  options.idle_timeout = config_.idle_timeout;
  options.write_timeout = config_.write_timeout;
  options.shutdown_timeout = config_.shutdown_timeout;
  http::ServerHooks hooks;
  hooks.dispatch = [this](const http::RouteMatch& m, http::Request& r) {
    return pipeline_->Dispatch(m, r);
  };
  hooks.completed = [this](const http::Request& r, const http::Response& res,
                           std::string_view route, std::chrono::steady_clock::duration d) {
    pipeline_->Completed(r, res, route, d);
  };
  server_ = std::make_unique<http::Server>(options, *router_, std::move(hooks));
  server_->Start();
}

std::uint16_t Application::port() const { return server_ ? server_->port() : 0; }

void Application::StopOnSignals() { server_->StopOnSignals(); }

void Application::RequestStop() {
  if (server_) server_->RequestStop();
}

void Application::Wait() {
  if (server_) server_->Wait();
}

}  // namespace plangate::app
