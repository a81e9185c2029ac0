// bench_discovery: browse a service type through one backend and resolve every instance found;
// report the time from start to the first and to the N-th fully resolved instance (SRV + TXT +
// at least one address), how many failed, peak RSS and, for the unicast backend, DNS queries/s.
//
//   bench_discovery --backend unicast --server 127.0.0.1:5300 --domain bench.test
//                   --browse-domains --type _http._tcp --count 10000
//   bench_discovery --backend avahi --type _http._tcp --count 2000 --max-resolvers 256
//
// Output: one line of key=value pairs (stable, for scripts), failures summarised on stderr.
// It needs peers (BIND, avahi-daemon, a publisher in namespaces): bench/discovery/unicast.sh
// and bench/discovery/avahi.sh set them up. Run with only Google Benchmark flags (as
// bench/run.sh runs every bench_* program) it says so and exits 0.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/browse.h"
#if __has_include("svcname/backend/unicast.h")
#include "svcname/backend/unicast.h"
#endif
#if __has_include("svcname/backend/avahi.h")
#include "svcname/backend/avahi.h"
#endif

using namespace svcname;
using clk = std::chrono::steady_clock;

namespace {

struct args {
  std::string backend = "auto";
  std::string server;
  std::string domain = "local";
  std::string type = "_http._tcp";
  std::size_t count = 0;
  bool browse_domains = false;
  std::size_t max_resolvers = 0;
  int timeout_ms = 60000;
  int op_timeout_ms = 5000;
};

[[noreturn]] void usage() {
  std::fputs(
      "usage: bench_discovery [--backend NAME] [--server IP:PORT] [--domain D] [--type T]\n"
      "                       --count N [--browse-domains] [--max-resolvers K]\n"
      "                       [--timeout-ms MS] [--op-timeout-ms MS]\n",
      stderr);
  std::exit(2);
}

args parse(int argc, char** argv) {
  args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (k == "--backend") a.backend = val();
    else if (k == "--server") a.server = val();
    else if (k == "--domain") a.domain = val();
    else if (k == "--type") a.type = val();
    else if (k == "--count") a.count = std::stoul(val());
    else if (k == "--browse-domains") a.browse_domains = true;
    else if (k == "--max-resolvers") a.max_resolvers = std::stoul(val());
    else if (k == "--timeout-ms") a.timeout_ms = std::stoi(val());
    else if (k == "--op-timeout-ms") a.op_timeout_ms = std::stoi(val());
    else usage();
  }
  if (a.count == 0) usage();
  return a;
}

double ms_since(clk::time_point t0) {
  return std::chrono::duration<double, std::milli>(clk::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  bool only_gbench_flags = true;
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]).rfind("--benchmark_", 0) != 0) only_gbench_flags = false;
  if (only_gbench_flags) {
    std::puts("bench_discovery: end-to-end, needs peers: run bench/discovery/unicast.sh BUILD_DIR "
              "or bench/discovery/avahi.sh BUILD_DIR as root (see README, Discovery backends)");
    return 0;
  }
  const args a = parse(argc, argv);
  event_loop loop;
  backend_options opt;
  if (!a.server.empty()) opt.servers = {a.server};
  opt.timeout = std::chrono::milliseconds(a.op_timeout_ms);
  std::vector<std::string> notices;
  opt.notice = [&](const std::string& n) {
    notices.push_back(n);
    std::fprintf(stderr, "notice: %s\n", n.c_str());
  };

  const auto t0 = clk::now();
  result<std::unique_ptr<backend>, browse_error> made = fail(browse_error{});
#if __has_include("svcname/backend/avahi.h")
  if (a.backend == "avahi") made = make_avahi_backend(loop, opt, a.max_resolvers);
  else
#endif
    made = make_backend(loop, a.backend, a.domain, opt);
  if (!made) {
    std::fprintf(stderr, "bench_discovery: %s\n", made.error().message.c_str());
    return 3;
  }
  backend& be = **made;

  std::vector<browser> browsers;
  std::map<std::string, resolver> resolvers;  // key: instance + domain
  std::set<std::string> started;
  std::size_t added = 0, resolved = 0, failed = 0;
  double first_ms = -1, nth_ms = -1, last_added_ms = -1;
  std::map<std::string, std::size_t> why;

  auto finish_one = [&](bool ok, const std::string& err) {
    if (ok) {
      ++resolved;
      if (resolved == 1) first_ms = ms_since(t0);
      if (resolved == a.count) nth_ms = ms_since(t0);
    } else {
      ++failed;
      ++why[err.substr(0, 80)];
    }
    if (resolved + failed >= a.count) loop.stop();
  };

  auto on_instance = [&](const browse_event& e) {
    if (e.kind == browse_event_kind::failed) {
      std::fprintf(stderr, "browse failed: %s\n", e.error.message.c_str());
      return;
    }
    if (e.kind != browse_event_kind::added) return;
    const std::string key = e.instance + "\x01" + e.domain;
    if (!started.insert(key).second) return;  // same instance on another interface/protocol
    ++added;
    last_added_ms = ms_since(t0);
    resolve_request rq;
    rq.instance = e.instance;
    rq.type = e.type;
    rq.domain = e.domain;
    rq.interface_index = e.interface_index;
    rq.protocol = e.protocol;
    rq.timeout = std::chrono::milliseconds(a.op_timeout_ms);
    auto r = be.resolve(rq, [&, key](const result<resolve_result, browse_error>& x) {
      finish_one(x.has_value() && !x->addresses.empty(),
                 x.has_value() ? std::string("no address") : x.error().message);
      // Keep the handle until the end: destroying it here would free it inside its own callback.
    });
    if (!r) {
      finish_one(false, r.error().message);
      return;
    }
    resolvers.emplace(key, std::move(*r));
  };

  auto browse_in = [&](const std::string& domain) {
    browse_request rq;
    rq.type = a.type;
    rq.domain = domain;
    rq.timeout = std::chrono::milliseconds(a.timeout_ms);
    auto b = be.browse(rq, on_instance);
    if (!b) {
      std::fprintf(stderr, "browse %s: %s\n", domain.c_str(), b.error().message.c_str());
      return;
    }
    browsers.push_back(std::move(*b));
  };

  if (a.browse_domains) {
    // RFC 6763 §11: list the browse domains first, then browse each.
    browse_request rq;
    rq.type = "b._dns-sd._udp";
    rq.domain = a.domain;
    auto b = be.browse(rq, [&](const browse_event& e) {
      if (e.kind == browse_event_kind::added) browse_in(e.domain);
      if (e.kind == browse_event_kind::failed)
        std::fprintf(stderr, "domain enumeration failed: %s\n", e.error.message.c_str());
    });
    if (!b) {
      std::fprintf(stderr, "bench_discovery: %s\n", b.error().message.c_str());
      return 3;
    }
    browsers.push_back(std::move(*b));
  } else {
    browse_in(a.domain);
  }

  loop.run_for(std::chrono::milliseconds(a.timeout_ms));
  const double total_ms = ms_since(t0);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);

  std::printf("backend=%s count=%zu found=%zu resolved=%zu failed=%zu first_ms=%.1f nth_ms=%.1f "
              "last_found_ms=%.1f total_ms=%.1f peak_rss_mb=%.1f",
              std::string(be.name()).c_str(), a.count, added, resolved, failed, first_ms, nth_ms,
              last_added_ms, total_ms, static_cast<double>(ru.ru_maxrss) / 1024.0);
#if __has_include("svcname/backend/unicast.h")
  if (be.name() == "unicast") {
    const auto st = unicast_stats(be);
    std::printf(" queries=%llu qps=%.0f peak_in_flight=%zu hosts_cached=%zu",
                static_cast<unsigned long long>(st.queries),
                static_cast<double>(st.queries) / (total_ms / 1000.0), st.peak_in_flight, st.address_cache);
  }
#endif
#if __has_include("svcname/backend/avahi.h")
  if (be.name() == "avahi") {
    const auto st = avahi_stats(be);
    std::printf(" avahi_resolvers=%zu peak_in_flight=%zu too_many_objects=%zu daemon_timeouts=%zu "
                "by_fallback=%zu",
                st.resolves_started, st.peak_in_flight, st.too_many_objects, st.daemon_timeouts,
                st.completed_by_fallback);
  }
#endif
  std::printf("\n");
  for (const auto& [w, n] : why) std::fprintf(stderr, "  %zu x %s\n", n, w.c_str());
  return resolved == a.count ? 0 : 1;
}
