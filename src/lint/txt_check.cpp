// The lint layer's TXT seam filled by the TXT layer (RFC 6763 §6 and service specs).
#include "svcname/lint/txt.h"

#include <algorithm>

#include "svcname/registry/registry.h"
#include "svcname/txt/check.h"
#include "svcname/txt/spec.h"

namespace svcname::lint {

txt_check_fn make_txt_check(const txt::catalog* cat) {
  return [cat](const std::vector<txt_string>& strings, std::string_view service_type) {
    txt::record rec;
    for (const auto& s : strings) rec.strings.push_back(txt::txt_string{std::string(s.text), 0});
    rec.renumber();  // RDATA offsets of each length byte, as if written
    const auto found = txt::check_record(rec, service_type, cat);
    report out;
    for (const auto& d : found.items) {
      // "No documented keys for this service" is true of most services: not a lint finding.
      if (d.code == diag_code::txt_spec_unknown_service) continue;
      // Map the RDATA range back to the string that holds it, then into the file.
      std::size_t i = 0;
      while (i + 1 < rec.strings.size() && rec.strings[i + 1].offset <= d.where.offset) ++i;
      diagnostic nd = d;
      if (rec.strings.empty() || strings.empty()) {
        nd.where = {strings.empty() ? 0 : strings.front().offset, 1};
      } else {
        const auto start = rec.strings[i].offset;  // its length byte
        const auto len = static_cast<std::uint32_t>(strings[i].text.size());
        const std::uint32_t in = d.where.offset > start ? d.where.offset - start - 1 : 0;
        const std::uint32_t at = std::min(in, len);
        nd.where.offset = strings[i].offset + at;
        nd.where.length = std::max<std::uint32_t>(1, std::min(d.where.length, len - at));
      }
      out.items.push_back(std::move(nd));
    }
    return out;
  };
}

void add_registry_txt_specs(txt::catalog& cat, const registry::registry& reg) {
  for (std::size_t i = 0; i < reg.size(); ++i) {
    const auto r = reg.at(i);
    if (r.name().empty() || !txt::note_mentions_txt_keys(r.notes())) continue;
    if (cat.find(r.name())) continue;
    cat.add_registry(txt::parse_note(r.name(), r.notes()));
  }
}

}  // namespace svcname::lint
