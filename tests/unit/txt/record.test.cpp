// TXT model: wire form (RFC 1035 §3.3.14), text form, escaping, hex/base64, key states (§6.4).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "svcname/txt/record.h"

using namespace svcname::txt;

namespace {
std::vector<std::uint8_t> bytes(std::string_view s) {
  return std::vector<std::uint8_t>(s.begin(), s.end());
}
record line(std::string_view s) {
  auto r = parse_text_line(s);
  REQUIRE(r.has_value());
  return *r;
}
}  // namespace

TEST_CASE("parse_wire reads length-prefixed strings and keeps every byte", "[txt][wire]") {
  const std::string raw("\x09txtvers=1\x06rp=ipp\x00\x04\xff\x00=x", 1 + 9 + 1 + 6 + 1 + 1 + 4);
  auto r = parse_wire(raw);
  REQUIRE(r.has_value());
  REQUIRE(r->strings.size() == 4);
  CHECK(r->strings[0].bytes == "txtvers=1");
  CHECK(r->strings[0].offset == 0);
  CHECK(r->strings[1].bytes == "rp=ipp");
  CHECK(r->strings[1].offset == 10);
  CHECK(r->strings[2].bytes.empty());
  CHECK(r->strings[2].offset == 17);
  CHECK(r->strings[3].bytes == std::string("\xff\x00=x", 4));
  CHECK(r->strings[3].offset == 18);
  CHECK(r->wire_size() == raw.size());
  auto w = write_wire(*r);
  REQUIRE(w.has_value());
  CHECK(std::string(w->begin(), w->end()) == raw);
}

TEST_CASE("parse_wire: zero bytes is a record with no strings; one zero byte is one empty string",
          "[txt][wire]") {
  auto none = parse_wire(std::string_view());
  REQUIRE(none.has_value());
  CHECK(none->strings.empty());
  auto one = parse_wire(std::string_view("\0", 1));
  REQUIRE(one.has_value());
  REQUIRE(one->strings.size() == 1);
  CHECK(one->strings[0].bytes.empty());
}

TEST_CASE("parse_wire reports a truncated string at its length byte", "[txt][wire]") {
  // Copy into a buffer of exactly the input size so a sanitizer sees any overread.
  auto b = bytes(std::string_view("\x03" "abc" "\x05" "de", 7));
  auto r = parse_wire(std::span<const std::uint8_t>(b));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == parse_errc::truncated);
  CHECK(r.error().offset == 4);
  CHECK_THAT(r.error().detail, Catch::Contains("string 1 declares 5 bytes, 2 remain"));
  // A lone length byte at the end.
  auto b2 = bytes(std::string_view("\x01", 1));
  CHECK_FALSE(parse_wire(std::span<const std::uint8_t>(b2)).has_value());
}

TEST_CASE("parse_wire refuses more than 65535 bytes", "[txt][wire]") {
  std::vector<std::uint8_t> big(65536, 0);
  auto r = parse_wire(std::span<const std::uint8_t>(big));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == parse_errc::too_large);
  std::vector<std::uint8_t> max(65535, 0);
  CHECK(parse_wire(std::span<const std::uint8_t>(max)).has_value());
}

TEST_CASE("write_wire refuses a string over 255 bytes with its offset", "[txt][wire]") {
  record r;
  r.strings.push_back({"a=b", 0});
  r.strings.push_back({std::string(255, 'x'), 0});
  r.renumber();
  CHECK(write_wire(r).has_value());
  r.strings.push_back({std::string(256, 'y'), 0});
  r.renumber();
  auto w = write_wire(r);
  REQUIRE_FALSE(w.has_value());
  CHECK(w.error().code == parse_errc::string_too_long);
  CHECK(w.error().offset == 4 + 256);
}

TEST_CASE("key states of RFC 6763 §6.4", "[txt][model]") {
  auto r = line("passreq PlugIns= papersize=A4 =orphan Papersize=Letter");
  CHECK(r.state("passreq") == key_state::boolean);
  CHECK(r.state("PASSREQ") == key_state::boolean);
  CHECK(r.state("plugins") == key_state::empty_value);
  CHECK(r.state("papersize") == key_state::value);
  CHECK(r.state("nosuchkey") == key_state::absent);
  // §6.4: only the first occurrence counts; case is ignored.
  REQUIRE(r.find("PAPERSIZE"));
  CHECK(r.find("PAPERSIZE")->value == "A4");
  CHECK(r.find("PAPERSIZE")->index == 2);
  // §6.3: the value runs to the end of the string, '=' included.
  auto r2 = line("a=b=c");
  CHECK(r2.find("a")->value == "b=c");
  // A string starting with '=' has no key and never matches.
  CHECK_FALSE(r.find("").has_value());
  CHECK(to_string(key_state::empty_value) == "empty");
}

TEST_CASE("text form: key=value, flags, empty values, quotes and escapes", "[txt][text]") {
  auto r = line(R"(txtvers=1 flag empty= "iTSh Version=10" bin=\x00\xFF\x41 dec=\065 q=\"x\" bs=\\)");
  REQUIRE(r.strings.size() == 8);
  CHECK(r.strings[0].bytes == "txtvers=1");
  CHECK(r.strings[1].bytes == "flag");
  CHECK(r.strings[2].bytes == "empty=");
  CHECK(r.strings[3].bytes == "iTSh Version=10");
  CHECK(r.strings[4].bytes == std::string("bin=\0\xff" "A", 7));
  CHECK(r.strings[5].bytes == "dec=A");
  CHECK(r.strings[6].bytes == "q=\"x\"");
  CHECK(r.strings[7].bytes == "bs=\\");
  // Offsets are those of the wire form.
  CHECK(r.strings[1].offset == 10);
  // "" is an empty string; blank input is no strings at all.
  CHECK(line("\"\"").strings.size() == 1);
  CHECK(line("   ").strings.empty());
}

TEST_CASE("text form errors say where", "[txt][text]") {
  auto bad = parse_text_line(R"(a=1 b=\xZZ)");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == parse_errc::bad_escape);
  CHECK(bad.error().offset == 6);
  auto q = parse_text_line(R"(a=1 "b=2)");
  REQUIRE_FALSE(q.has_value());
  CHECK(q.error().code == parse_errc::bad_quote);
  CHECK(q.error().offset == 4);
  CHECK_FALSE(parse_text_line(R"(x=\256)").has_value());
  CHECK_FALSE(parse_text_line("x=\\").has_value());
  CHECK_FALSE(parse_text_line("x=\\x4").has_value());
  const std::vector<std::string> args{"ok=1", "bad=\\q"};
  auto a = parse_text_args(args);
  REQUIRE_FALSE(a.has_value());
  CHECK(a.error().offset == 5 + 4);
}

TEST_CASE("parse_text_args takes each argument as one string", "[txt][text]") {
  const std::vector<std::string> args{"note=Room 204", "flag", "v=\\xC3\\xA9"};
  auto r = parse_text_args(args);
  REQUIRE(r.has_value());
  REQUIRE(r->strings.size() == 3);
  CHECK(r->strings[0].bytes == "note=Room 204");
  CHECK(r->strings[2].bytes == "v=\xC3\xA9");
}

TEST_CASE("escape never lets a control byte or invalid UTF-8 through", "[txt][text]") {
  CHECK(escape("plain=ascii") == "plain=ascii");
  CHECK(escape("caf\xC3\xA9") == "caf\xC3\xA9");  // valid UTF-8 stays readable
  CHECK(escape(std::string("\x1b[31m\x00", 6)) == "\\x1b[31m\\x00");
  CHECK(escape("\xff\xfe") == "\\xff\\xfe");
  CHECK(escape("\xC2\x9B") == "\\xc2\\x9b");  // C1 control (CSI) escaped too
  CHECK(escape("\xE2\x82") == "\\xe2\\x82");  // truncated sequence
  CHECK(escape("a\"b\\c") == "a\\\"b\\\\c");
  CHECK(escape("\x7f") == "\\x7f");
}

TEST_CASE("to_text and parse_text_line round-trip any bytes", "[txt][text]") {
  record r;
  for (std::string s : {std::string("a=b c"), std::string(), std::string("\x00\x01\xff=\"\\", 6),
                        std::string("k=\xC3\xA9"), std::string("=x")})
    r.strings.push_back({s, 0});
  r.renumber();
  const auto t = to_text(r);
  for (const char c : t) CHECK(static_cast<unsigned char>(c) >= 0x20);
  auto back = parse_text_line(t);
  REQUIRE(back.has_value());
  CHECK(*back == r);
}

TEST_CASE("hex and base64 input", "[txt][text]") {
  auto h = decode_hex("0x09 74:78-74 76657273 3d31");
  REQUIRE(h.has_value());
  CHECK(std::string(h->begin(), h->end()) == "\x09txtvers=1");
  CHECK(encode_hex(*h) == "0974787476657273" "3d31");
  auto odd = decode_hex("abc");
  REQUIRE_FALSE(odd.has_value());
  CHECK(odd.error().code == parse_errc::bad_hex);
  CHECK(odd.error().offset == 2);
  auto nothex = decode_hex("0g");
  REQUIRE_FALSE(nothex.has_value());
  CHECK(nothex.error().offset == 1);
  CHECK_FALSE(decode_hex("a b").has_value());  // split byte
  auto b = decode_base64("CXR4dHZlcnM9MQ==");
  REQUIRE(b.has_value());
  CHECK(std::string(b->begin(), b->end()) == "\x09txtvers=1");
  auto nopad = decode_base64("CXR4dHZlcnM9MQ");
  REQUIRE(nopad.has_value());
  CHECK(*nopad == *b);
  CHECK_FALSE(decode_base64("CXR4*").has_value());
  CHECK_FALSE(decode_base64("C").has_value());
  CHECK_FALSE(decode_base64("AA==AA").has_value());
  auto zero = decode_base64("AA==");
  REQUIRE(zero.has_value());
  CHECK(*zero == std::vector<std::uint8_t>{0});
}
