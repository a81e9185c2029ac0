// Uses one public API of each installed layer and prints what it saw; consumer.sh checks it.
#include <cstdio>
#include <svcname/capture.h>
#include <svcname/check.h>
#include <svcname/lint/lint.h>
#include <svcname/service_name.h>
#include <svcname/txt/spec.h>
#ifdef CONSUMER_HAS_BROWSE
#include <svcname/browse.h>
#endif

int main() {
  const auto rep = svcname::validate_service_name("my--svc");
  for (const auto& d : rep.items) std::printf("name: %s\n", std::string(svcname::to_string(d.code)).c_str());
  const auto chk = svcname::check_name("_printer._sub._http._tcp.local.");
  std::printf("check: %s service=%s\n", std::string(svcname::to_string(chk.kind)).c_str(), chk.service.c_str());
  svcname::txt::catalog cat;
  const auto n = cat.load_shipped();
  if (!n) return 1;
  std::printf("catalog: %s\n", cat.find_curated("ipp") ? "ipp" : "none");
  svcname::lint::options opt;
  const auto fr = svcname::lint::lint_text(
      "pod.yaml", "kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - name: my--port\n      containerPort: 80\n",
      svcname::lint::file_format::kubernetes, opt);
  for (const auto& f : fr.findings)
    std::printf("lint: %s:%u:%u %s\n", fr.path.c_str(), f.line, f.column, std::string(svcname::to_string(f.diag.code)).c_str());
  const auto none = svcname::capture::read_dns_packets("/nonexistent.pcap", [](const svcname::capture::dns_packet&) {});
  std::printf("capture: %s\n", none ? "read" : "error");
#ifdef CONSUMER_HAS_BROWSE
  for (const auto* b : svcname::available_backends()) std::printf("backend: %s\n", std::string(b->name).c_str());
#endif
  return 0;
}
