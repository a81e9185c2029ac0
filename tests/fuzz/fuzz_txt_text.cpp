// The typed forms of a TXT record on arbitrary bytes (what users paste into `svcname txt
// check/decode`): parse_text_line, unescape, decode_hex and decode_base64 never crash, error
// offsets stay inside the input, and a parsed record prints back (to_text) to text that
// parses to the same record.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "svcname/txt/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace svcname;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  if (const auto line = txt::parse_text_line(s)) {
    const auto again = txt::parse_text_line(txt::to_text(*line));
    if (!again || !(*again == *line)) std::abort();
    (void)txt::check_record(*line);
  } else if (line.error().offset > size) {
    std::abort();
  }
  if (const auto u = txt::unescape(s); !u && u.error().offset > size) std::abort();
  if (const auto h = txt::decode_hex(s); !h && h.error().offset > size) std::abort();
  if (const auto b = txt::decode_base64(s); b) {
    (void)txt::check_wire(std::span<const std::uint8_t>(*b));
  } else if (b.error().offset > size) {
    std::abort();
  }
  return 0;
}
