// The iana-text registry reader on arbitrary bytes (properties in registry_fuzz_common.h).
#include "registry_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  svcname::fuzz::check_registry_reader(data, size, [](std::string_view s, std::string_view file, auto& notes) {
    return svcname::registry::parse_iana_text(s, file, notes);
  });
  return 0;
}
