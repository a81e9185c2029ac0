// Properties of the RFC 6335 §5.1 validator on arbitrary bytes: no crash, the fast and the
// full form agree, findings stay inside the input, and the same input gives the same report.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "svcname/service_name.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const auto r = svcname::validate_service_name(s);
  if (r.items.empty() != svcname::is_valid_service_name(s)) std::abort();
  for (const auto& d : r.items)
    if (d.where.offset + d.where.length > s.size() && !(s.empty() && d.where.offset == 0)) std::abort();
  const auto again = svcname::validate_service_name(s);
  if (again.items.size() != r.items.size()) std::abort();
  return 0;
}
