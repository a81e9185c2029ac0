#include "text_util.h"

#include "svcname/chars.h"

namespace svcname::registry::detail {

namespace {
bool parse_u16(std::string_view s, std::uint16_t& v) {
  if (s.empty() || s.size() > 5) return false;
  std::uint32_t n = 0;
  for (char c : s) {
    if (!chars::is_digit(c)) return false;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (n > 65535) return false;
  v = static_cast<std::uint16_t>(n);
  return true;
}
}  // namespace

bool parse_ports(std::string_view s, std::uint16_t& first, std::uint16_t& last) {
  s = chars::trim(s);
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) {
    if (!parse_u16(s, first)) return false;
    last = first;
    return true;
  }
  return parse_u16(chars::trim(s.substr(0, dash)), first) &&
         parse_u16(chars::trim(s.substr(dash + 1)), last) && first <= last;
}

std::string fold_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (chars::is_space(c)) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string tidy_multiline(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i <= s.size()) {
    auto e = s.find('\n', i);
    if (e == std::string_view::npos) e = s.size();
    auto line = s.substr(i, e - i);
    while (!line.empty() && chars::is_space(line.back())) line.remove_suffix(1);
    out.append(line);
    out += '\n';
    i = e + 1;
  }
  return std::string(chars::trim(out));
}

}  // namespace svcname::registry::detail
