// RFC 6763 §6 rules, each at its boundary, and the findings' offsets, indexes and citations.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "svcname/txt/check.h"

using namespace svcname;
using namespace svcname::txt;

namespace {
record rec(std::vector<std::string> strings) {
  record r;
  for (auto& s : strings) r.strings.push_back({std::move(s), 0});
  r.renumber();
  return r;
}
std::vector<std::uint8_t> wire(const record& r) {
  auto w = write_wire(r);
  REQUIRE(w.has_value());
  return *w;
}
const diagnostic* find(const report& rep, diag_code c) {
  for (const auto& d : rep.items)
    if (d.code == c) return &d;
  return nullptr;
}
std::size_t count(const report& rep, diag_code c) {
  std::size_t n = 0;
  for (const auto& d : rep.items) n += d.code == c;
  return n;
}
}  // namespace

TEST_CASE("every TXT code has a rule citing its RFC 6763 subsection", "[txt][check]") {
  for (auto c : {diag_code::txt_empty_rdata, diag_code::txt_truncated, diag_code::txt_string_too_long})
    CHECK(rule_of(c)->cite == "RFC 6763 §6.1");
  for (auto c : {diag_code::txt_key_missing, diag_code::txt_key_empty, diag_code::txt_key_bad_char,
                 diag_code::txt_key_long, diag_code::txt_duplicate_key})
    CHECK(rule_of(c)->cite == "RFC 6763 §6.4");
  for (auto c : {diag_code::txt_size_over_200, diag_code::txt_size_over_400, diag_code::txt_size_over_1300})
    CHECK(rule_of(c)->cite == "RFC 6763 §6.2");
  CHECK(rule_of(diag_code::txt_txtvers_not_first)->cite == "RFC 6763 §6.7");
  CHECK(rule_of(diag_code::txt_value_binary)->cite == "RFC 6763 §6.5");
  CHECK(to_string(diag_code::txt_duplicate_key) == "txt-duplicate-key");
  CHECK(diag_code_from_string("txt-key-long") == diag_code::txt_key_long);
}

TEST_CASE("§6.1: zero-length RDATA is an error; the single zero byte is the empty record",
          "[txt][check]") {
  const std::vector<std::uint8_t> none;
  auto r0 = check_wire(none);
  CHECK_FALSE(r0.ok());
  CHECK(r0.has(diag_code::txt_empty_rdata));
  const std::vector<std::uint8_t> zero{0};
  auto r1 = check_wire(zero);
  CHECK(r1.ok());
  CHECK_FALSE(r1.has(diag_code::txt_empty_rdata));
  CHECK(r1.has(diag_code::txt_empty_record));
  CHECK(find(r1, diag_code::txt_empty_record)->level == severity::note);
}

TEST_CASE("§6.1: a truncated string is an error at its length byte; earlier strings graded",
          "[txt][check]") {
  const std::string raw("\x0dpapersizes=A4\x0a" "abc", 1 + 13 + 1 + 3);
  std::vector<std::uint8_t> b(raw.begin(), raw.end());
  auto rep = check_wire(b);
  CHECK_FALSE(rep.ok());
  const auto* d = find(rep, diag_code::txt_truncated);
  REQUIRE(d);
  CHECK(d->where.offset == 14);
  CHECK_THAT(d->detail, Catch::Contains("string 1 at byte 14: length byte says 10 bytes, only 3 remain"));
  CHECK(rep.has(diag_code::txt_key_long));  // string 0 ("papersizes", 10 characters) still graded
  CHECK_FALSE(rep.has(diag_code::txt_empty_rdata));
}

TEST_CASE("§6.1: strings of 255 bytes are fine, 256 cannot be encoded", "[txt][check]") {
  auto ok = check_record(rec({"k=" + std::string(253, 'v')}));
  CHECK_FALSE(ok.has(diag_code::txt_string_too_long));
  auto bad = check_record(rec({"a=1", "k=" + std::string(254, 'v')}));
  const auto* d = find(bad, diag_code::txt_string_too_long);
  REQUIRE(d);
  CHECK(d->level == severity::error);
  CHECK(d->where.offset == 4);
  CHECK_THAT(d->detail, Catch::Contains("string 1 at byte 4: 256 bytes, 1 over"));
}

TEST_CASE("§6.4: a string starting with '=' has no key and is ignored", "[txt][check]") {
  auto rep = check_record(rec({"a=1", "=value"}));
  const auto* d = find(rep, diag_code::txt_key_missing);
  REQUIRE(d);
  CHECK(d->level == severity::error);
  CHECK(d->where.offset == 5);
  CHECK_THAT(d->detail, Catch::Contains("string 1"));
  CHECK(check_record(rec({"="})).has(diag_code::txt_key_missing));
  CHECK_FALSE(check_record(rec({"a=="})).has(diag_code::txt_key_missing));
}

TEST_CASE("§6.4: an empty string beside other strings has an empty key", "[txt][check]") {
  auto rep = check_record(rec({"a=1", ""}));
  CHECK(rep.has(diag_code::txt_key_empty));
  CHECK(find(rep, diag_code::txt_key_empty)->where.offset == 4);
}

TEST_CASE("§6.4: key characters are printable US-ASCII 0x20-0x7E", "[txt][check]") {
  std::string edge_ok = " ~";  // 0x20 and 0x7E
  CHECK_FALSE(check_record(rec({edge_ok + "=1"})).has(diag_code::txt_key_bad_char));
  CHECK_FALSE(check_record(rec({"iTSh Version=1"})).has(diag_code::txt_key_bad_char));
  for (char c : {'\x1f', '\x7f', '\x80', '\x00'}) {
    auto rep = check_record(rec({"ok=1", std::string("ab") + c + "=1"}));
    const auto* d = find(rep, diag_code::txt_key_bad_char);
    REQUIRE(d);
    CHECK(d->where.offset == 5 + 1 + 2);  // string 1 starts at 5; the byte is key position 2
    CHECK_THAT(d->detail, Catch::Contains("key position 2"));
  }
  // Bytes in the value are opaque (§6.5): no key finding.
  CHECK_FALSE(check_record(rec({std::string("k=\x01\x80", 4)})).has(diag_code::txt_key_bad_char));
}

TEST_CASE("§6.4: keys SHOULD be no more than nine characters", "[txt][check]") {
  CHECK_FALSE(check_record(rec({"ninechars=1"})).has(diag_code::txt_key_long));
  auto rep = check_record(rec({"tencharkey=1"}));
  const auto* d = find(rep, diag_code::txt_key_long);
  REQUIRE(d);
  CHECK(d->level == severity::warning);
  CHECK(rep.ok());
  CHECK_THAT(d->detail, Catch::Contains("10 characters"));
  // A flag key counts the same way.
  CHECK(check_record(rec({"tencharkey"})).has(diag_code::txt_key_long));
}

TEST_CASE("§6.4: duplicate keys compare case-insensitively; the later one is ignored",
          "[txt][check]") {
  auto rep = check_record(rec({"txtvers=1", "PaperSize=A4", "x", "papersize=Letter", "PAPERSIZE"}));
  CHECK(count(rep, diag_code::txt_duplicate_key) == 2);
  const auto* d = find(rep, diag_code::txt_duplicate_key);
  REQUIRE(d);
  CHECK_THAT(d->detail, Catch::Contains("'papersize' repeats 'PaperSize' of string 1"));
  CHECK_THAT(d->detail, Catch::Contains("clients use string 1 and ignore string 3"));
  CHECK_THAT(d->fix, Catch::Contains("remove string 3"));
  CHECK(d->where.offset == 10 + 13 + 2 + 1);
  CHECK_FALSE(check_record(rec({"a=1", "b=1"})).has(diag_code::txt_duplicate_key));
}

TEST_CASE("§6.2: size limits 200, 400 and 1300 bytes, only the largest reported", "[txt][check]") {
  auto sized = [](std::size_t total) {
    // Strings of "k<i>=" + filler so the total wire size is exactly @p total.
    record r;
    std::size_t left = total;
    int i = 0;
    while (left > 0) {
      std::size_t take = std::min<std::size_t>(left, 200);
      if (left - take > 0 && left - take < 10) take = left - 10;
      std::string key = "k" + std::to_string(i++) + "=";
      REQUIRE(take >= key.size() + 1);
      r.strings.push_back({key + std::string(take - 1 - key.size(), 'v'), 0});
      left -= take;
    }
    r.renumber();
    REQUIRE(r.wire_size() == total);
    return check_record(r);
  };
  CHECK(sized(200).items.empty());
  CHECK(sized(201).has(diag_code::txt_size_over_200));
  CHECK(sized(400).has(diag_code::txt_size_over_200));
  CHECK_FALSE(sized(400).has(diag_code::txt_size_over_400));
  CHECK(sized(401).has(diag_code::txt_size_over_400));
  CHECK_FALSE(sized(401).has(diag_code::txt_size_over_200));
  CHECK(sized(1300).has(diag_code::txt_size_over_400));
  auto big = sized(1301);
  CHECK(big.has(diag_code::txt_size_over_1300));
  CHECK(find(big, diag_code::txt_size_over_1300)->level == severity::warning);
  CHECK_THAT(find(big, diag_code::txt_size_over_1300)->detail, Catch::Contains("1301 bytes"));
  CHECK(big.ok());
}

TEST_CASE("§6.7: txtvers should come first and be decimal", "[txt][check]") {
  CHECK(check_record(rec({"txtvers=1", "a=b"})).items.empty());
  auto rep = check_record(rec({"a=b", "TxtVers=1"}));
  const auto* d = find(rep, diag_code::txt_txtvers_not_first);
  REQUIRE(d);
  CHECK(d->where.offset == 5);
  CHECK_THAT(d->detail, Catch::Contains("string 1"));
  CHECK(check_record(rec({"txtvers=one"})).has(diag_code::txt_txtvers_not_decimal));
  CHECK(check_record(rec({"txtvers"})).has(diag_code::txt_txtvers_not_decimal));
  CHECK_FALSE(check_record(rec({"a=1"})).has(diag_code::txt_txtvers_not_first));
}

TEST_CASE("§6.5: values are opaque; non-UTF-8 values get a note with escaped bytes", "[txt][check]") {
  auto rep = check_record(rec({std::string("blob=\x00\xff\x1b[2J", 11), "name=caf\xC3\xA9"}));
  CHECK(rep.ok());
  CHECK(count(rep, diag_code::txt_value_binary) == 1);
  const auto* d = find(rep, diag_code::txt_value_binary);
  CHECK(d->level == severity::note);
  CHECK_THAT(d->detail, Catch::Contains("'\\x00\\xff\\x1b[2J'"));
  for (const char c : d->detail) CHECK(static_cast<unsigned char>(c) >= 0x20);
  check_options quiet;
  quiet.note_binary_values = false;
  CHECK(check_record(rec({std::string("blob=\xff", 6)}), quiet).items.empty());
}

TEST_CASE("check_wire ok implies parse_wire succeeds", "[txt][check]") {
  const std::vector<std::vector<std::uint8_t>> inputs{
      {}, {0}, {1}, {1, 'a'}, {2, 'a'}, {0, 0, 0}, {3, '=', 'a', 'b'}, {255}};
  for (const auto& in : inputs) {
    const auto rep = check_wire(in);
    if (rep.ok()) CHECK(parse_wire(std::span<const std::uint8_t>(in)).has_value());
    if (!parse_wire(std::span<const std::uint8_t>(in)).has_value()) CHECK_FALSE(rep.ok());
  }
}

TEST_CASE("service_of finds the bare service name", "[txt][check]") {
  CHECK(service_of("_ipp._tcp") == "ipp");
  CHECK(service_of("_ipp._tcp.local.") == "ipp");
  CHECK(service_of("ipp") == "ipp");
  CHECK(service_of("_ipp") == "ipp");
  CHECK(service_of("_universal._sub._ipp._tcp") == "ipp");
  CHECK(service_of("My Printer._ipps._tcp.local") == "ipps");
  CHECK(service_of("").empty());
  CHECK(service_of("a.b.c").empty());
  CHECK(service_of("not a type").empty());
}

TEST_CASE("a clean real-world record has no findings", "[txt][check]") {
  auto r = rec({"txtvers=1", "qtotal=1", "rp=ipp/print", "ty=Example Printer", "pdl=image/pwg-raster",
                "Color=T", "UUID=6e7b8c1a-1111-2222-3333-444455556666"});
  CHECK(check_record(r).items.empty());
  CHECK(check_wire(wire(r)).items.empty());
}
