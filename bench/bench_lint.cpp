// svcname lint throughput: files/s and MB/s over a generated tree of 10,000 mixed files
// (Kubernetes manifests, Avahi service files, .dnssd files, zone files, services files,
// name lists; about one finding in ten names), walked and linted on every core, with the
// full IANA registry loaded (names checked against it) and without.
//   build/bench/bench/bench_lint --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "svcname/lint/txt.h"
#include "svcname/lint/walk.h"
#include "svcname/registry/registry.h"

namespace fs = std::filesystem;
using namespace svcname;

namespace {

constexpr int tree_files = 10000;

const char* const names[] = {"http", "ipp", "ssh", "grpc", "metrics", "web--api", "ldap", "xmpp-client",
                             "Http", "sip", "my_service", "printer", "postgresql", "redis", "mqtt"};
const char* name_at(int i) { return names[static_cast<std::size_t>(i) % std::size(names)]; }

std::string k8s(int i) {
  std::string s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app" + std::to_string(i) +
                  "\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n";
  for (int c = 0; c < 3; ++c) {
    s += "        - name: c" + std::to_string(c) + "\n          image: registry.example.com/app:1.0\n"
         "          ports:\n";
    for (int p = 0; p < 2; ++p)
      s += std::string("            - name: ") + name_at(i + c * 2 + p) + "\n              containerPort: " +
           std::to_string(8000 + p) + "\n";
  }
  s += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app\nspec:\n  ports:\n";
  s += std::string("    - name: ") + name_at(i + 1) + "\n      port: 80\n      targetPort: " + name_at(i) + "\n";
  return s;
}

std::string avahi(int i) {
  return std::string("<?xml version=\"1.0\" standalone='no'?>\n<!DOCTYPE service-group SYSTEM "
                     "\"avahi-service.dtd\">\n<service-group>\n  <name replace-wildcards=\"yes\">Service ") +
         std::to_string(i) + " on %h</name>\n  <service>\n    <type>_" + name_at(i) +
         "._tcp</type>\n    <port>" + std::to_string(1000 + i % 5000) +
         "</port>\n    <txt-record>path=/</txt-record>\n  </service>\n</service-group>\n";
}

std::string dnssd(int i) {
  return std::string("[Service]\nName=%H service ") + std::to_string(i) + "\nType=_" + name_at(i) +
         "._tcp\nPort=" + std::to_string(2000 + i % 1000) + "\nTxtText=path=/ v=1\n";
}

std::string zone(int i) {
  std::string s = "$ORIGIN zone" + std::to_string(i) +
                  ".example.\n$TTL 3600\n@ IN SOA ns hostmaster ( 1 7200 3600 1209600 300 )\n  IN NS ns\nns IN A 192.0.2.1\n";
  for (int r = 0; r < 8; ++r)
    s += std::string("_") + name_at(i + r) + "._tcp IN SRV 0 0 " + std::to_string(1000 + r) + " host\n";
  s += "_services._dns-sd._udp IN PTR _ipp._tcp\n_ipp._tcp IN PTR Printer._ipp._tcp\n"
       "Printer._ipp._tcp IN SRV 0 0 631 host\n  IN TXT \"txtvers=1\" \"rp=x\"\n";
  return s;
}

std::string services(int i) {
  std::string s = "# services\n";
  for (int r = 0; r < 20; ++r)
    s += std::string(name_at(i + r)) + "\t" + std::to_string(100 + r) + "/tcp\t\t# comment\n";
  return s;
}

std::string list(int i) {
  std::string s = "# names\n";
  for (int r = 0; r < 10; ++r) s += std::string(name_at(i + r)) + "\n";
  return s;
}

/// The generated tree (built once per process).
const std::string& tree() {
  static const std::string root = [] {
    const auto dir = fs::temp_directory_path() / "svcname-bench-lint";
    fs::remove_all(dir);
    for (int i = 0; i < tree_files; ++i) {
      auto sub = dir / ("d" + std::to_string(i % 50)) / ("e" + std::to_string(i % 7));
      if (i % 6 == 4) sub /= "s" + std::to_string(i);  // every services file is named "services"
      fs::create_directories(sub);
      std::string name, text;
      switch (i % 6) {
        case 0: name = "app" + std::to_string(i) + ".yaml"; text = k8s(i); break;
        case 1: name = "svc" + std::to_string(i) + ".service"; text = avahi(i); break;
        case 2: name = "svc" + std::to_string(i) + ".dnssd"; text = dnssd(i); break;
        case 3: name = "z" + std::to_string(i) + ".zone"; text = zone(i); break;
        case 4: name = "services"; text = services(i); break;
        default: name = "n" + std::to_string(i) + ".svcnames"; text = list(i); break;
      }
      std::ofstream(sub / name, std::ios::binary) << text;
    }
    return dir.string();
  }();
  return root;
}

const registry::registry* full_registry() {
  static const std::optional<registry::registry> reg = []() -> std::optional<registry::registry> {
    auto r = registry::registry::open(std::string(SVCNAME_SHARED_DIR) +
                                          "/registry/service-names-port-numbers-2026-08-17.xml",
                                      "-");
    if (!r) return std::nullopt;
    return std::move(*r);
  }();
  return reg ? &*reg : nullptr;
}

void run(benchmark::State& state, const registry::registry* reg, unsigned threads) {
  const auto& root = tree();
  lint::options opt;
  opt.reg = reg;
  opt.txt_check = lint::make_txt_check(nullptr);  // RFC 6763 §6 on every TXT record
  std::size_t files = 0, bytes = 0, findings = 0;
  for (auto _ : state) {
    const auto targets = lint::collect_targets({root}, {});
    const auto reports = lint::lint_targets(targets, opt, threads);
    files += reports.size();
    for (const auto& r : reports) {
      bytes += r.bytes;
      findings += r.findings.size();
    }
    benchmark::DoNotOptimize(reports.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(files));  // items/s = files/s
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["files"] = static_cast<double>(files) / static_cast<double>(state.iterations());
  state.counters["findings"] = static_cast<double>(findings) / static_cast<double>(state.iterations());
}

void BM_lint_tree_all_cores_registry(benchmark::State& state) {
  if (!full_registry()) state.SkipWithError("registry snapshot not found");
  run(state, full_registry(), 0);
}
void BM_lint_tree_one_thread_registry(benchmark::State& state) {
  if (!full_registry()) state.SkipWithError("registry snapshot not found");
  run(state, full_registry(), 1);
}
void BM_lint_tree_all_cores_syntax_only(benchmark::State& state) { run(state, nullptr, 0); }

}  // namespace

BENCHMARK(BM_lint_tree_all_cores_registry)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_lint_tree_one_thread_registry)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_lint_tree_all_cores_syntax_only)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
