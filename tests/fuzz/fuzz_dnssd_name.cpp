// DNS-SD name parsing and §4.3 escaping on arbitrary bytes: no crash; findings inside the
// input; every finding has a rule row (id and cite); escape_label output always splits back
// into the same single label; check_name (no registry) agrees and never crashes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "svcname/check.h"
#include "svcname/dnssd_name.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const auto p = svcname::parse_dnssd_name(s);
  for (const auto& d : p.findings.items)
    if (d.where.offset > s.size() || d.where.offset + d.where.length > s.size()) std::abort();
  for (const auto& d : p.findings.items)
    if (const auto* rule = svcname::rule_of(d.code); !rule || rule->cite.empty()) std::abort();
  const auto checked = svcname::check_name(s, svcname::check_options{});
  for (const auto& d : checked.findings.items) {
    if (!svcname::rule_of(d.code)) std::abort();
    if (d.where.offset > s.size() || d.where.offset + d.where.length > s.size()) std::abort();
  }
  // Round trip: any bytes escaped as one label come back unchanged.
  const auto esc = svcname::escape_label(s);
  svcname::report r;
  bool fq = false;
  const auto labels = svcname::split_labels(esc, r, fq);
  if (!s.empty() && (labels.size() != 1 || labels[0].bytes != s || !r.items.empty())) std::abort();
  // Escaped output never carries a control byte to a terminal.
  for (char c : esc)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
  return 0;
}
