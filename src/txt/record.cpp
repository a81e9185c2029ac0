// TXT model: wire form (RFC 1035 §3.3.14, RFC 6763 §6.1), the typed text form, escaping for
// display, hex and base64 input.
#include "svcname/txt/record.h"

#include <array>

#include "svcname/chars.h"
#include "svcname/dnssd_name.h"
#include "txt/byte_reader.h"

namespace svcname::txt {
namespace {

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

constexpr char hex_digits[] = "0123456789abcdef";

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_hex_escape(std::string& out, unsigned char c) {
  out += "\\x";
  out += hex_digits[c >> 4];
  out += hex_digits[c & 15];
}

// Length of the well-formed UTF-8 sequence starting at @p i (2..4), or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
  else if (b0 >= 0xE0 && b0 <= 0xEF) n = 3;
  else if (b0 >= 0xF0 && b0 <= 0xF4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  return is_valid_utf8(s.substr(i, n)) ? n : 0;
}

}  // namespace

std::string_view to_string(parse_errc e) noexcept {
  switch (e) {
    case parse_errc::truncated: return "truncated";
    case parse_errc::too_large: return "too-large";
    case parse_errc::string_too_long: return "string-too-long";
    case parse_errc::bad_escape: return "bad-escape";
    case parse_errc::bad_quote: return "bad-quote";
    case parse_errc::bad_hex: return "bad-hex";
    case parse_errc::bad_base64: return "bad-base64";
  }
  return "unknown";
}

std::string parse_error::to_string() const {
  std::string s = "offset " + std::to_string(offset) + ": " + std::string(txt::to_string(code));
  if (!detail.empty()) s += ": " + detail;
  return s;
}

std::string_view to_string(key_state s) noexcept {
  switch (s) {
    case key_state::absent: return "absent";
    case key_state::boolean: return "boolean";
    case key_state::empty_value: return "empty";
    case key_state::value: return "value";
  }
  return "absent";
}

// RFC 6763 §6.3: everything up to the first '=' is the key, everything after it the value.
// §6.4: no '=' means a boolean attribute; "key=" is present with an empty value.
key_value record::at(std::size_t i) const noexcept {
  key_value kv;
  kv.index = i;
  if (i >= strings.size()) {
    kv.state = key_state::absent;
    return kv;
  }
  const std::string_view s = strings[i].bytes;
  const auto eq = s.find('=');
  if (eq == std::string_view::npos) {
    kv.key = s;
    kv.state = key_state::boolean;
  } else {
    kv.key = s.substr(0, eq);
    kv.value = s.substr(eq + 1);
    kv.state = kv.value.empty() ? key_state::empty_value : key_state::value;
  }
  return kv;
}

// RFC 6763 §6.4: keys compare case-insensitively; only the first occurrence counts;
// strings beginning with '=' (no key) are ignored.
std::optional<key_value> record::find(std::string_view key) const noexcept {
  if (key.empty()) return std::nullopt;
  for (std::size_t i = 0; i < strings.size(); ++i) {
    auto kv = at(i);
    if (!kv.key.empty() && chars::iequals(kv.key, key)) return kv;
  }
  return std::nullopt;
}

key_state record::state(std::string_view key) const noexcept {
  auto kv = find(key);
  return kv ? kv->state : key_state::absent;
}

std::size_t record::wire_size() const noexcept {
  std::size_t n = 0;
  for (const auto& s : strings) n += 1 + s.bytes.size();
  return n;
}

void record::renumber() noexcept {
  std::size_t off = 0;
  for (auto& s : strings) {
    s.offset = u32(off);
    off += 1 + s.bytes.size();
  }
}

// RFC 1035 §3.3.14: TXT-DATA is one or more <character-string>s, each a length octet followed
// by that many octets. Every access goes through the bounds-checked reader.
result<record, parse_error> parse_wire(std::span<const std::uint8_t> rdata) {
  if (rdata.size() > max_rdata_octets)
    return fail(parse_error{parse_errc::too_large, u32(max_rdata_octets),
                            std::to_string(rdata.size()) + " bytes, RDATA holds at most 65535"});
  record r;
  detail::byte_reader rd(rdata);
  while (!rd.empty()) {
    const std::size_t at = rd.position();
    const auto len = rd.u8();
    if (!len) break;  // unreachable: !empty()
    const auto body = rd.bytes(*len);
    if (!body)
      return fail(parse_error{parse_errc::truncated, u32(at),
                              "string " + std::to_string(r.strings.size()) + " declares " +
                                  std::to_string(*len) + " bytes, " +
                                  std::to_string(rd.remaining()) + " remain"});
    txt_string s;
    s.offset = u32(at);
    s.bytes.reserve(body->size());
    for (const auto b : *body) s.bytes.push_back(static_cast<char>(b));
    r.strings.push_back(std::move(s));
  }
  return r;
}

result<record, parse_error> parse_wire(std::string_view rdata) {
  std::vector<std::uint8_t> b;
  b.reserve(rdata.size());
  for (const char c : rdata) b.push_back(static_cast<std::uint8_t>(c));
  return parse_wire(std::span<const std::uint8_t>(b));
}

result<std::vector<std::uint8_t>, parse_error> write_wire(const record& r) {
  std::vector<std::uint8_t> out;
  out.reserve(r.wire_size());
  for (std::size_t i = 0; i < r.strings.size(); ++i) {
    const auto& s = r.strings[i];
    if (s.bytes.size() > max_string_octets)
      return fail(parse_error{parse_errc::string_too_long, u32(out.size()),
                              "string " + std::to_string(i) + " has " +
                                  std::to_string(s.bytes.size()) + " bytes, at most 255 fit"});
    out.push_back(static_cast<std::uint8_t>(s.bytes.size()));
    for (const char c : s.bytes) out.push_back(static_cast<std::uint8_t>(c));
    if (out.size() > max_rdata_octets)
      return fail(parse_error{parse_errc::too_large, u32(max_rdata_octets),
                              "the record needs more than 65535 bytes"});
  }
  return out;
}

namespace {

// Decodes one escape starting at text[i] == '\\'. Appends to @p out and returns the number of
// input characters consumed, or 0 for a bad escape.
std::size_t decode_escape(std::string_view text, std::size_t i, std::string& out) {
  if (i + 1 >= text.size()) return 0;
  const char c = text[i + 1];
  if (c == '\\' || c == '"' || c == '=' || c == ' ' || c == '\'') {
    out += c;
    return 2;
  }
  if (c == 'x' || c == 'X') {
    if (i + 3 >= text.size()) return 0;
    const int h = hex_value(text[i + 2]);
    const int l = hex_value(text[i + 3]);
    if (h < 0 || l < 0) return 0;
    out += static_cast<char>(h * 16 + l);
    return 4;
  }
  if (chars::is_digit(c)) {  // \DDD, decimal 000-255 (RFC 1035 §5.1 presentation form)
    if (i + 3 >= text.size()) return 0;
    if (!chars::is_digit(text[i + 2]) || !chars::is_digit(text[i + 3])) return 0;
    const int v = (c - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
    if (v > 255) return 0;
    out += static_cast<char>(v);
    return 4;
  }
  return 0;
}

parse_error escape_error(std::string_view text, std::size_t i, std::size_t base) {
  std::string shown(text.substr(i, std::min<std::size_t>(4, text.size() - i)));
  return parse_error{parse_errc::bad_escape, u32(base + i),
                     "'" + escape(shown) +
                         "': use \\\\, \\\", \\=, \\xHH (two hex digits) or \\DDD (000-255)"};
}

}  // namespace

result<std::string, parse_error> unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      out += text[i++];
      continue;
    }
    const auto n = decode_escape(text, i, out);
    if (n == 0) return fail(escape_error(text, i, 0));
    i += n;
  }
  return out;
}

result<record, parse_error> parse_text_args(std::span<const std::string> args) {
  record r;
  std::size_t base = 0;
  for (const auto& a : args) {
    auto s = unescape(a);
    if (!s) {
      auto e = s.error();
      e.offset += u32(base);
      return fail(std::move(e));
    }
    r.strings.push_back(txt_string{std::move(*s), 0});
    base += a.size() + 1;
  }
  r.renumber();
  return r;
}

result<record, parse_error> parse_text_line(std::string_view line) {
  record r;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && chars::is_space(line[i])) ++i;
    if (i >= line.size()) break;
    std::string cur;
    bool in_quote = false;
    std::size_t quote_at = 0;
    while (i < line.size()) {
      const char c = line[i];
      if (!in_quote && chars::is_space(c)) break;
      if (c == '"') {
        in_quote = !in_quote;
        quote_at = i;
        ++i;
        continue;
      }
      if (c == '\\') {
        const auto n = decode_escape(line, i, cur);
        if (n == 0) return fail(escape_error(line, i, 0));
        i += n;
        continue;
      }
      cur += c;
      ++i;
    }
    if (in_quote)
      return fail(parse_error{parse_errc::bad_quote, u32(quote_at),
                              "the double quote opened here is never closed"});
    r.strings.push_back(txt_string{std::move(cur), 0});
  }
  r.renumber();
  return r;
}

std::string escape(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      ++i;
    } else if (c >= 0x80) {
      const auto n = utf8_sequence(bytes, i);
      if (n == 0) {
        append_hex_escape(out, c);
        ++i;
        continue;
      }
      // C1 controls (U+0080..U+009F) are terminal controls too: escape them.
      if (n == 2 && c == 0xC2 && static_cast<unsigned char>(bytes[i + 1]) < 0xA0) {
        append_hex_escape(out, c);
        append_hex_escape(out, static_cast<unsigned char>(bytes[i + 1]));
      } else {
        out.append(bytes.substr(i, n));
      }
      i += n;
    } else {
      append_hex_escape(out, c);
      ++i;
    }
  }
  return out;
}

std::string to_text(const record& r) {
  std::string out;
  for (std::size_t i = 0; i < r.strings.size(); ++i) {
    if (i) out += ' ';
    const auto e = escape(r.strings[i].bytes);
    const bool quote = e.empty() || e.find_first_of(" \t\n\r\f\v") != std::string::npos;
    if (quote) out += '"';
    out += e;
    if (quote) out += '"';
  }
  return out;
}

result<std::vector<std::uint8_t>, parse_error> decode_hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int hi = -1;
  std::size_t hi_at = 0;
  std::size_t i = 0;
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) i = 2;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (chars::is_space(c) || c == ':' || c == '-') {
      if (hi >= 0)
        return fail(parse_error{parse_errc::bad_hex, u32(hi_at),
                                "a byte needs two hex digits; this one has one"});
      continue;
    }
    const int v = hex_value(c);
    if (v < 0)
      return fail(parse_error{parse_errc::bad_hex, u32(i),
                              "'" + escape(text.substr(i, 1)) + "' is not a hex digit"});
    if (hi < 0) {
      hi = v;
      hi_at = i;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
      hi = -1;
    }
  }
  if (hi >= 0)
    return fail(parse_error{parse_errc::bad_hex, u32(hi_at),
                            "odd number of hex digits: the last byte has one digit"});
  return out;
}

result<std::vector<std::uint8_t>, parse_error> decode_base64(std::string_view text) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t digits = 0;
  bool padding = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (chars::is_space(c)) continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    const int v = val(c);
    if (v < 0 || padding)
      return fail(parse_error{parse_errc::bad_base64, u32(i),
                              padding ? "data after '=' padding"
                                      : "'" + escape(text.substr(i, 1)) +
                                            "' is not a base64 character"});
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    ++digits;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  if (digits % 4 == 1)
    return fail(parse_error{parse_errc::bad_base64, u32(text.size()),
                            "truncated: a lone base64 character at the end"});
  return out;
}

std::string encode_hex(std::span<const std::uint8_t> bytes) {
  std::string s;
  s.reserve(bytes.size() * 2);
  for (const auto b : bytes) {
    s += hex_digits[b >> 4];
    s += hex_digits[b & 15];
  }
  return s;
}

}  // namespace svcname::txt
