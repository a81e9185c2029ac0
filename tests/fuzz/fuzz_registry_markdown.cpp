// The markdown registry reader on arbitrary bytes: an error with a line, or a non-empty
// snapshot whose every record has a name or a port; and the same answer with and without notes.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "svcname/registry/formats.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 20)) return 0;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  auto r = svcname::registry::parse_markdown(s, "fuzz");
  std::vector<svcname::registry::load_note> notes;
  auto again = svcname::registry::parse_markdown(s, "fuzz", notes);
  if (r.has_value() != again.has_value()) std::abort();
  if (!r) {
    if (r.error().line == 0 || r.error().message.empty()) std::abort();
    if (r.error().line != again.error().line) std::abort();
    return 0;
  }
  if (r->records.empty()) std::abort();
  if (r->records != again->records || r->people != again->people) std::abort();
  for (const auto& rec : r->records)
    if (rec.name.empty() && !rec.ports) std::abort();
  for (const auto& n : notes)
    if (n.line == 0) std::abort();
  return 0;
}
