#pragma once
// Shared body of the fuzz_registry_<form> targets for the readers that take load notes: on
// arbitrary bytes, an error with a line, or a non-empty snapshot whose every record has a name
// or a port; and the same answer with and without notes.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "svcname/registry/formats.h"

namespace svcname::fuzz {

/// @p parse is one of the parse_<form>(bytes, file, notes) overloads.
template <class Parse>
void check_registry_reader(const std::uint8_t* data, std::size_t size, Parse&& parse) {
  if (size > (1u << 20)) return;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  std::vector<registry::load_note> ignored, notes;
  auto r = parse(s, "fuzz", ignored);
  auto again = parse(s, "fuzz", notes);
  if (r.has_value() != again.has_value()) std::abort();
  if (!r) {
    if (r.error().line == 0 || r.error().message.empty()) std::abort();
    if (r.error().line != again.error().line) std::abort();
    return;
  }
  if (r->records.empty()) std::abort();
  if (r->records != again->records || r->people != again->people) std::abort();
  for (const auto& rec : r->records)
    if (rec.name.empty() && !rec.ports) std::abort();
  for (const auto& n : notes)
    if (n.line == 0) std::abort();
}

}  // namespace svcname::fuzz
