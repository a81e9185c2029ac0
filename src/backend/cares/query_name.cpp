#include "backend/cares/query_name.h"

namespace svcname::detail {

result<std::string, ares_name_errc> to_ares_name(const wire::name& n) {
  if (n.labels.empty()) return std::string(".");
  std::string out;
  out.reserve(n.wire_length());
  for (const std::string& label : n.labels) {
    if (label.empty()) return fail(ares_name_errc::empty_label);
    if (!out.empty()) out.push_back('.');
    for (const char c : label) {
      if (c == '\0') return fail(ares_name_errc::nul_byte);
      // ares_create_query() (c-ares 1.18 ares_create_query.c): "\X" -> X, '.' ends a label.
      if (c == '.' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace svcname::detail
