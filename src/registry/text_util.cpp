#include "text_util.h"

#include "svcname/chars.h"
#include "svcname/registry/model.h"

namespace svcname::registry::detail {

bool parse_ports(std::string_view s, std::uint16_t& first, std::uint16_t& last) {
  // White space is allowed around the number and the dash (XML text content).
  s = chars::trim(s);
  const auto dash = s.find('-');
  const auto a = parse_port(chars::trim(s.substr(0, dash)));
  const auto b = dash == std::string_view::npos ? a : parse_port(chars::trim(s.substr(dash + 1)));
  if (!a || !b || *a > *b) return false;
  first = *a;
  last = *b;
  return true;
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
