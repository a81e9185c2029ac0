#pragma once
// Small text helpers shared by the registry readers (src/ only, not installed).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace svcname::registry::detail {

/// Counts lines incrementally: line_at(offset) for increasing offsets is O(total length).
class line_counter {
 public:
  explicit line_counter(std::string_view text) : text_(text) {}
  std::uint32_t line_at(std::size_t offset) {
    if (offset < pos_) { pos_ = 0; line_ = 1; }
    if (offset > text_.size()) offset = text_.size();
    for (; pos_ < offset; ++pos_)
      if (text_[pos_] == '\n') ++line_;
    return line_;
  }
  std::uint32_t column_at(std::size_t offset) const {
    if (offset > text_.size()) offset = text_.size();
    std::size_t b = text_.rfind('\n', offset == 0 ? 0 : offset - 1);
    b = (b == std::string_view::npos || offset == 0) ? 0 : b + 1;
    return static_cast<std::uint32_t>(offset - b + 1);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
};

/// Parses "80" or "6000-6063" (RFC 6335 port or range, 0-65535). False on anything else.
bool parse_ports(std::string_view s, std::uint16_t& first, std::uint16_t& last);

/// Trims and folds runs of white space into one space (for comparisons and one-line display).
std::string fold_space(std::string_view s);

/// Trims each line's trailing blanks and the whole text's surrounding blank lines.
std::string tidy_multiline(std::string_view s);

}  // namespace svcname::registry::detail
