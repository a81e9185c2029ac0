// Real responder output (tests/data/packets/README.md): what avahi-daemon and python3-zeroconf
// put on the wire parses to exactly what they were asked to publish.
#include <catch2/catch.hpp>
#include <memory>

#include "svcname/wire/message.h"
#include "test_paths.h"

using namespace svcname::wire;

namespace {
message load(const std::string& file) {
  const auto bytes = svcname::test::slurp(svcname::test::data("packets/" + file));
  REQUIRE_FALSE(bytes.empty());
  auto buf = std::make_unique<std::uint8_t[]>(bytes.size());  // exact size: ASan sees over-reads
  std::copy(bytes.begin(), bytes.end(), buf.get());
  auto m = parse_message(std::span<const std::uint8_t>(buf.get(), bytes.size()),
                         parse_options{.reject_trailing_data = true});
  REQUIRE(m);
  return *m;
}
const resource_record* find(const message& m, std::uint16_t type, std::string_view first_label) {
  for (const auto* section : {&m.answers, &m.additionals})
    for (const auto& rr : *section)
      if (rr.type == type && !rr.owner.labels.empty() && rr.owner.labels[0] == first_label) return &rr;
  return nullptr;
}
}  // namespace

TEST_CASE("avahi-daemon's legacy unicast answer", "[wire][captured]") {
  const auto m = load("avahi_legacy_http.bin");
  CHECK(m.hdr.id == 0x4242);  // RFC 6762 §6.7: the query ID is echoed
  CHECK(m.hdr.qr());
  REQUIRE(m.questions.size() == 1);  // and the question repeated
  CHECK(m.questions[0].qname == make_name({"_http", "_tcp", "local"}));
  REQUIRE(m.answers.size() == 8);
  for (const auto& rr : m.answers) {
    CHECK(rr.ttl <= 10);  // §6.7: TTLs capped at 10 s
    CHECK_FALSE(rr.cache_flush);
  }
  const std::string buero = "B\xC3\xBCro Drucker 2.OG";
  const auto* txt = find(m, rr_type::txt, buero);
  REQUIRE(txt);
  CHECK(std::get<txt_rdata>(txt->data).strings ==
        std::vector<std::string>{"pdl=application/pdf", "bin=\x01\x02\xff"});
  const auto* srv = find(m, rr_type::srv, buero);
  REQUIRE(srv);
  CHECK(std::get<srv_rdata>(srv->data).port == 631);
  CHECK(std::get<srv_rdata>(srv->data).target == make_name({"hosta", "local"}));
  const auto* l63 = find(m, rr_type::srv, "A 63-octet instance label, exactly the RFC 6763 4.1.1 limit.xyz");
  REQUIRE(l63);
  CHECK(l63->owner.labels[0].size() == 63);
  const auto* a = find(m, rr_type::a, "hosta");
  REQUIRE(a);
  CHECK(std::get<a_rdata>(a->data).address == std::array<std::uint8_t, 4>{198, 18, 77, 1});
}

TEST_CASE("python3-zeroconf's legacy unicast answer", "[wire][captured]") {
  const auto m = load("zeroconf_legacy_http.bin");
  CHECK(m.hdr.id == 0x4242);
  CHECK(m.answers.size() == 2);      // the two PTRs ...
  CHECK(m.additionals.size() == 6);  // ... SRV/TXT/A/AAAA as additional records (RFC 6763 §12.1)
  const auto* zc = find(m, rr_type::txt, "ZC Web on B");
  REQUIRE(zc);
  CHECK(std::get<txt_rdata>(zc->data).strings ==
        std::vector<std::string>{"path=/zc", "", std::string("bin=\0\x01\xff", 7)});
  const auto* cafe = find(m, rr_type::txt, "Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF" "code");
  REQUIRE(cafe);
  CHECK(std::get<txt_rdata>(cafe->data).strings.empty());  // RDLENGTH 0: kept, reported elsewhere
  CHECK(cafe->ttl == 4500);  // zeroconf does not cap legacy TTLs (RFC 6762 §6.7 says 10)
}

TEST_CASE("captured packets survive write and parse", "[wire][captured]") {
  for (const char* f : {"avahi_legacy_http.bin", "zeroconf_legacy_http.bin"}) {
    const auto m = load(f);
    auto out = write_message(m);
    REQUIRE(out);
    auto again = parse_message(*out);
    REQUIRE(again);
    CHECK(*again == m);
  }
}
