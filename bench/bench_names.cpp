// names/s of validate_service_name (RFC 6335 §5.1) and of full check() over every name
// registered in the 2026-08-17 snapshot, side by side with the peers on the same inputs:
// a std::regex of the same five rules, and Avahi's C validator (avahi_is_valid_service_type_strict,
// which checks fewer rules, on the "_name._tcp" form it expects).
#include <benchmark/benchmark.h>

#include <regex>
#include <string>
#include <vector>

#include "svcname/check.h"
#include "svcname/registry/registry.h"
#include "svcname/service_name.h"
#ifdef SVCNAME_BENCH_AVAHI
#include <avahi-common/domain.h>
#endif

namespace {

const std::string snapshot = std::string(SVCNAME_SHARED_DIR) + "/registry/service-names-port-numbers-2026-08-17.xml";

const svcname::registry::registry& reg() {
  static auto r = svcname::registry::registry::open(snapshot, "-");
  if (!r) std::abort();
  return *r;
}

const std::vector<std::string>& all_names() {
  static std::vector<std::string> v = [] {
    std::vector<std::string> out;
    for (auto n : reg().names()) out.emplace_back(n);
    return out;
  }();
  return v;
}

const std::vector<std::string>& valid_names() {
  static std::vector<std::string> v = [] {
    std::vector<std::string> out;
    for (const auto& n : all_names())
      if (svcname::is_valid_service_name(n)) out.push_back(n);
    return out;
  }();
  return v;
}

void run_over(benchmark::State& state, const std::vector<std::string>& names, auto&& fn) {
  for (auto _ : state)
    for (const auto& n : names) benchmark::DoNotOptimize(fn(n));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * names.size()));
}

void BM_validate_service_name_valid(benchmark::State& s) {
  run_over(s, valid_names(), [](const std::string& n) { return svcname::validate_service_name(n).items.size(); });
}
void BM_validate_service_name_all(benchmark::State& s) {
  run_over(s, all_names(), [](const std::string& n) { return svcname::validate_service_name(n).items.size(); });
}
void BM_is_valid_service_name_valid(benchmark::State& s) {
  run_over(s, valid_names(), [](const std::string& n) { return svcname::is_valid_service_name(n); });
}
void BM_regex_baseline_valid(benchmark::State& s) {
  // The same five rules as one regex: 1-15 chars of [A-Za-z0-9-], a letter, no edge or double hyphen.
  static const std::regex re("^(?=.{1,15}$)(?=.*[A-Za-z])[A-Za-z0-9](?:-?[A-Za-z0-9])*$");
  run_over(s, valid_names(), [](const std::string& n) { return std::regex_match(n, re); });
}
#ifdef SVCNAME_BENCH_AVAHI
void BM_avahi_service_type_strict_valid(benchmark::State& s) {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> t;
    for (const auto& n : valid_names()) t.push_back("_" + n + "._tcp");
    return t;
  }();
  run_over(s, types, [](const std::string& n) { return avahi_is_valid_service_type_strict(n.c_str()); });
}
BENCHMARK(BM_avahi_service_type_strict_valid);
#endif
void BM_check_all_registered(benchmark::State& s) {
  const svcname::check_options o{&reg(), true, {}};
  run_over(s, all_names(), [&](const std::string& n) { return svcname::check_name(n, o).records.size(); });
}
void BM_check_unregistered_with_suggestions(benchmark::State& s) {
  const svcname::check_options o{&reg(), true, {}};
  static const std::vector<std::string> typos{"htpt", "ipps-x", "sshh", "mqttt", "raopp", "nfz"};
  run_over(s, typos, [&](const std::string& n) { return svcname::check_name(n, o).suggestions.size(); });
}

BENCHMARK(BM_validate_service_name_valid);
BENCHMARK(BM_is_valid_service_name_valid);
BENCHMARK(BM_validate_service_name_all);
BENCHMARK(BM_regex_baseline_valid);
BENCHMARK(BM_check_all_registered);
BENCHMARK(BM_check_unregistered_with_suggestions);

}  // namespace

BENCHMARK_MAIN();
