#include "svcname/edit_distance.h"

#include <algorithm>
#include <array>

#include "svcname/chars.h"

namespace svcname {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) noexcept {
  const std::size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > limit) return limit + 1;
  // Names compared here are short; longer inputs are cut (a suggestion is not needed for them).
  constexpr std::size_t cap = 64;
  a = a.substr(0, cap);
  b = b.substr(0, cap);
  std::array<std::size_t, cap + 1> prev2{}, prev{}, cur{};
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = chars::to_lower(a[i - 1]) == chars::to_lower(b[j - 1]);
      std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && chars::to_lower(a[i - 1]) == chars::to_lower(b[j - 2]) &&
          chars::to_lower(a[i - 2]) == chars::to_lower(b[j - 1]))
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return std::min(prev[b.size()], limit + 1);
}

}  // namespace svcname
