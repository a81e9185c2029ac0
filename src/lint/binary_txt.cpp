// Binary TXT values written in text files: Avahi's value-format="binary-hex"/"binary-base64"
// (avahi.service(5)) and systemd's TxtData= (systemd.dnssd(5), base64). The key stays text;
// what follows the first '=' is decoded. Written here rather than with the TXT layer's
// decoders because those are lenient (0x prefixes, separators), and these formats are not.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lint/context.h"

namespace svcname::lint::detail {
namespace {
std::optional<std::string> decode_value(std::string_view s, bool hex, bool need_padding, std::string& why) {
  const auto eq = s.find('=');
  if (eq == std::string_view::npos) return std::string(s);  // a boolean key: nothing to decode
  std::string out(s.substr(0, eq + 1));
  const std::string_view v = s.substr(eq + 1);
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex) {
    if (v.size() % 2 != 0) {
      why = "the hex value has an odd number of digits (" + std::to_string(v.size()) + ")";
      return std::nullopt;
    }
    for (std::size_t i = 0; i < v.size(); i += 2) {
      const int hi = digit(v[i]), lo = digit(v[i + 1]);
      if (hi < 0 || lo < 0) {
        why = "the hex value has a non-hex-digit character at position " +
              std::to_string(i + (hi < 0 ? 1 : 2)) + " after the '='";
        return std::nullopt;
      }
      out += static_cast<char>(hi * 16 + lo);
    }
    return out;
  }
  auto b64 = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if ((need_padding && v.size() % 4 != 0) || v.size() % 4 == 1) {
    why = "the base64 value's length (" + std::to_string(v.size()) + ") is not a multiple of 4";
    return std::nullopt;
  }
  std::size_t pad = 0;
  while (pad < 2 && pad < v.size() && v[v.size() - 1 - pad] == '=') ++pad;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i + pad < v.size(); ++i) {
    const int d = b64(v[i]);
    if (d < 0) {
      why = "the base64 value has a character outside A-Za-z0-9+/ at position " + std::to_string(i + 1) +
            " after the '='";
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> decode_txt_value_hex(std::string_view s, std::string& why) {
  return decode_value(s, true, true, why);
}

std::optional<std::string> decode_txt_value_base64(std::string_view s, bool need_padding, std::string& why) {
  return decode_value(s, false, need_padding, why);
}

}  // namespace svcname::lint::detail
