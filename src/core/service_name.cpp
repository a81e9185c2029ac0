// RFC 6335 §5.1 "Service Name Syntax":
//   - MUST be at least 1 character and no more than 15 characters long
//   - MUST contain only US-ASCII letters 'A'-'Z' and 'a'-'z', digits '0'-'9', and hyphens ('-')
//   - MUST contain at least one letter ('A'-'Z' or 'a'-'z')
//   - MUST NOT begin or end with a hyphen
//   - hyphens MUST NOT be adjacent to other hyphens
#include "svcname/service_name.h"

#include <array>
#include <cstdint>
#include <string>

#include "svcname/chars.h"
#include "svcname/dnssd_name.h"

namespace svcname {
namespace {

// Class table: bit 0 = allowed, bit 1 = letter, bit 2 = hyphen. A table lookup per byte is
// what makes the valid-name path branch-light (the benchmark target is >= 50 M names/s).
constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (chars::is_alpha(ch)) t[static_cast<std::size_t>(c)] = 1 | 2;
    else if (chars::is_digit(ch)) t[static_cast<std::size_t>(c)] = 1;
    else if (ch == '-') t[static_cast<std::size_t>(c)] = 1 | 4;
  }
  return t;
}
constexpr auto classes = make_classes();

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

std::string describe_char(unsigned char c) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string s = "0x";
  s += hex[c >> 4];
  s += hex[c & 15];
  if (c >= 0x20 && c < 0x7f) {
    s += " '";
    s += static_cast<char>(c);
    s += "'";
  }
  return s;
}

// Valid UTF-8 without C0/C1 controls: safe to quote in a message shown on a terminal.
bool is_printable_utf8(std::string_view s) {
  if (!is_valid_utf8(s)) return false;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const auto b = static_cast<unsigned char>(s[k]);
    if (chars::is_control(b)) return false;
    if (b == 0xC2 && k + 1 < s.size() && static_cast<unsigned char>(s[k + 1]) < 0xA0) return false;
  }
  return true;
}

}  // namespace

bool is_valid_service_name(std::string_view name) noexcept {
  const std::size_t n = name.size();
  if (n == 0 || n > max_service_name_length) return false;
  std::uint8_t all = 1, any_letter = 0, prev_hyphen = 0, double_hyphen = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t k = classes[static_cast<unsigned char>(name[i])];
    all &= k;
    any_letter |= k;
    const std::uint8_t h = k & 4;
    double_hyphen |= prev_hyphen & h;
    prev_hyphen = h;
  }
  return all && (any_letter & 2) && !double_hyphen && name.front() != '-' && name.back() != '-';
}

report validate_service_name(std::string_view name) {
  report r;
  if (is_valid_service_name(name)) return r;  // fast path: no allocation

  const std::size_t n = name.size();
  if (n == 0) {
    r.add(diag_code::name_empty, {0, 0});
    return r;
  }
  if (n > max_service_name_length)  // RFC 6335 §5.1: 1-15 characters
    r.add(diag_code::name_too_long, {u32(max_service_name_length), u32(n - max_service_name_length)},
          std::to_string(n) + " characters, " + std::to_string(n - max_service_name_length) +
              " over the limit of 15");

  bool letter = false;
  for (std::size_t i = 0; i < n; ++i) {  // RFC 6335 §5.1: only A-Z a-z 0-9 '-'
    const auto c = static_cast<unsigned char>(name[i]);
    const std::uint8_t k = classes[c];
    if (k & 2) letter = true;
    if (!(k & 1)) {
      std::size_t j = i + 1;  // one finding per run of bad characters
      while (j < n && !(classes[static_cast<unsigned char>(name[j])] & 1)) ++j;
      std::string fix;
      if (c == '_' || c == '.' || c == '/' || c == ' ') fix = "replace with '-'";
      std::string detail;
      const auto run = name.substr(i, j - i);
      std::size_t chars_in_run = 0;  // characters, not bytes: UTF-8 continuation bytes don't count
      for (char b : run) chars_in_run += (static_cast<unsigned char>(b) & 0xC0) != 0x80;
      if (c >= 0x80 && is_printable_utf8(run))
        detail = (chars_in_run == 1 ? "non-ASCII character '" : "non-ASCII characters '") +
                 std::string(run) + "' not allowed";
      else if (j - i == 1)
        detail = "character " + describe_char(c) + " is not allowed";
      else
        detail = std::to_string(j - i) + " characters not allowed, starting with " + describe_char(c);
      r.add(diag_code::name_bad_char, {u32(i), u32(j - i)}, std::move(detail), std::move(fix));
      i = j - 1;
    }
  }
  if (!letter)  // RFC 6335 §5.1: at least one letter
    r.add(diag_code::name_no_letter, {0, u32(n)});
  if (name.front() == '-')  // RFC 6335 §5.1: no leading hyphen
    r.add(diag_code::name_hyphen_edge, {0, 1}, "begins with '-'");
  if (n > 1 && name.back() == '-')  // ... nor a trailing one
    r.add(diag_code::name_hyphen_edge, {u32(n - 1), 1}, "ends with '-'");
  else if (n == 1 && name.back() == '-')
    r.items.back().detail = "is a single '-'";
  for (std::size_t i = 0; i + 1 < n; ++i) {  // RFC 6335 §5.1: hyphens not adjacent
    if (name[i] == '-' && name[i + 1] == '-') {
      std::size_t j = i + 1;
      while (j < n && name[j] == '-') ++j;
      r.add(diag_code::name_hyphen_double, {u32(i), u32(j - i)},
            std::to_string(j - i) + " hyphens in a row");
      i = j - 1;
    }
  }
  return r;
}

}  // namespace svcname
