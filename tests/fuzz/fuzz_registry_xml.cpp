// The XML registry reader on arbitrary bytes: an error or a snapshot whose every record has
// a name or a port, and whose index round-trips.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "svcname/registry/readers.h"
#include "svcname/registry/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  auto r = svcname::registry::parse_xml(s, "fuzz.xml");
  if (!r) return 0;
  if (r->records.empty()) std::abort();
  auto reg = svcname::registry::registry::from_snapshot(*r);
  for (std::size_t i = 0; i < r->records.size(); ++i)
    if (!(reg.at(i).materialize() == r->records[i])) std::abort();
  return 0;
}
