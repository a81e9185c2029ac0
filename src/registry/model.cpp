// Port numbers and ranges as the registry's forms and the CLI write them (RFC 6335 §6).
#include "svcname/registry/model.h"

#include "svcname/chars.h"

namespace svcname::registry {

std::optional<std::uint16_t> parse_port(std::string_view s) noexcept {
  if (s.empty() || s.size() > 5) return std::nullopt;
  std::uint32_t n = 0;
  for (const char c : s) {
    if (!chars::is_digit(c)) return std::nullopt;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (n > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(n);
}

std::optional<port_range> parse_port_range(std::string_view s) noexcept {
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) {
    const auto p = parse_port(s);
    if (!p) return std::nullopt;
    return port_range{*p, *p};
  }
  const auto a = parse_port(s.substr(0, dash));
  const auto b = parse_port(s.substr(dash + 1));
  if (!a || !b || *a > *b) return std::nullopt;
  return port_range{*a, *b};
}

}  // namespace svcname::registry
