// libFuzzer target: wire::parse_message, then write (compressed and not) and parse again;
// both round trips must give the same message (c-ares ares-test-fuzz.c does the same).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "svcname/wire/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace svcname::wire;
  const std::span<const std::uint8_t> in(data, size);
  for (bool mdns : {true, false}) {
    const parse_options popt{.mdns_class_bits = mdns};
    auto m = parse_message(in, popt);
    if (!m) {
      if (m.error().offset > size) std::abort();  // an error must point inside the input
      continue;
    }
    for (bool compress : {true, false}) {
      auto out = write_message(*m, write_options{.compress = compress, .mdns_class_bits = mdns});
      if (!out) {
        // Everything parsed is writable; only the size may grow past 64 KiB (pointers into
        // raw RDATA, or no compression at all, cannot be reproduced).
        if (out.error().code != wire_errc::too_large) std::abort();
        continue;
      }
      auto again = parse_message(*out, popt);
      if (!again || !(*again == *m)) std::abort();
    }
  }
  return 0;
}
