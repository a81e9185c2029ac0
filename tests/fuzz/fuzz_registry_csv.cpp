// The CSV registry reader on arbitrary bytes: an error with a line, or a non-empty snapshot.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "svcname/registry/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  auto r = svcname::registry::parse_csv(s, "fuzz.csv");
  if (r && r->records.empty()) std::abort();
  if (!r && r.error().line == 0) std::abort();
  return 0;
}
