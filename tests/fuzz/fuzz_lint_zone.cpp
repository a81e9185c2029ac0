// libFuzzer target: the zone reader of svcname lint (see lint_fuzz_common.h for the properties).
#include "lint_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  svcname::fuzz::check_lint(data, size, svcname::lint::file_format::zone);
  return 0;
}
