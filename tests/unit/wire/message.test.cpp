// wire::parse_message / write_message on hand-built packets (tests/unit/wire/packet_builder.h).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "svcname/wire/message.h"
#include "test_paths.h"
#include "unit/wire/packet_builder.h"

using namespace svcname;
using namespace svcname::wire;
using svcname::test::packet_builder;

namespace {

// Parse from a heap copy of exactly the input's size, so ASan sees any over-read.
result<message, wire_error> parse_exact(const std::vector<std::uint8_t>& in, parse_options opt = {}) {
  auto buf = std::make_unique<std::uint8_t[]>(in.size());
  std::copy(in.begin(), in.end(), buf.get());
  return parse_message(std::span<const std::uint8_t>(buf.get(), in.size()), opt);
}

}  // namespace

TEST_CASE("parses an mDNS response with odd instance names and binary TXT", "[wire]") {
  auto m = parse_exact(svcname::test::printer_response());
  REQUIRE(m);
  CHECK(m->hdr.qr());
  CHECK(m->hdr.aa());
  REQUIRE(m->answers.size() == 1);
  REQUIRE(m->additionals.size() == 4);

  const auto& ptr = m->answers[0];
  CHECK(ptr.type == rr_type::ptr);
  CHECK(ptr.owner == make_name({"_ipp", "_tcp", "local"}));
  CHECK_FALSE(ptr.cache_flush);
  CHECK(ptr.ttl == 4500);
  const auto& target = std::get<ptr_rdata>(ptr.data).target;
  // The dot and the space stay inside the first label; UTF-8 bytes are kept.
  CHECK(target == make_name({"B\xC3\xBCro Drucker 2.OG", "_ipp", "_tcp", "local"}));
  CHECK(target.to_text() == "B\xC3\xBCro Drucker 2\\.OG._ipp._tcp.local.");

  const auto& srv = m->additionals[0];
  CHECK(srv.cache_flush);  // RFC 6762 §10.2 bit split out of the class
  CHECK(srv.rclass == class_in);
  const auto& s = std::get<srv_rdata>(srv.data);
  CHECK(s.port == 631);
  CHECK(s.target == make_name({"hosta", "local"}));

  const auto& txt = std::get<txt_rdata>(m->additionals[1].data);
  REQUIRE(txt.strings.size() == 4);
  CHECK(txt.strings[1] == std::string("bin=\x00\x01\xff", 7));
  CHECK(txt.strings[2].empty());

  CHECK(std::get<a_rdata>(m->additionals[2].data).address == std::array<std::uint8_t, 4>{198, 18, 77, 1});
  const auto& v6 = std::get<aaaa_rdata>(m->additionals[3].data).address;
  CHECK(v6[0] == 0xfe);
  CHECK(v6[1] == 0x80);
  CHECK(v6[15] == 0x02);
}

TEST_CASE("question QU bit and known answers", "[wire]") {
  auto m = parse_exact(svcname::test::query_with_known_answer());
  REQUIRE(m);
  REQUIRE(m->questions.size() == 1);
  CHECK(m->questions[0].unicast_response);  // RFC 6762 §5.4
  CHECK(m->questions[0].qclass == class_in);
  REQUIRE(m->answers.size() == 1);
  CHECK(std::get<ptr_rdata>(m->answers[0].data).target.labels[0] == "Web Server v1.2");

  // Without the mDNS split (unicast DNS), the class is kept whole.
  auto u = parse_exact(svcname::test::query_with_known_answer(), parse_options{.mdns_class_bits = false});
  REQUIRE(u);
  CHECK(u->questions[0].qclass == 0x8001);
  CHECK_FALSE(u->questions[0].unicast_response);
}

TEST_CASE("63-octet label, goodbye TTL 0 and UTF-8 instance", "[wire]") {
  auto m = parse_exact(svcname::test::long_label_goodbye());
  REQUIRE(m);
  REQUIRE(m->answers.size() == 2);
  const auto& t0 = std::get<ptr_rdata>(m->answers[0].data).target;
  CHECK(t0.labels[0].size() == 63);
  CHECK(m->answers[0].ttl == 0);
  CHECK(std::get<ptr_rdata>(m->answers[1].data).target.labels[0] == "Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF" "code");
}

TEST_CASE("every truncation of a valid packet is an error, never a crash", "[wire]") {
  for (const auto& p : svcname::test::seed_packets()) {
    for (std::size_t n = 0; n < p.bytes.size(); ++n) {
      std::vector<std::uint8_t> cut(p.bytes.begin(), p.bytes.begin() + static_cast<std::ptrdiff_t>(n));
      auto m = parse_exact(cut);
      INFO(p.name << " cut at " << n);
      REQUIRE_FALSE(m);
      CHECK(m.error().offset <= n);
    }
  }
}

TEST_CASE("compression pointers must point backward", "[wire]") {
  SECTION("forward pointer") {
    packet_builder b;
    b.header(0, 0, 1, 0, 0, 0);
    b.pointer(16).question_tail(12, 1);  // points past itself, into the question tail
    b.name({"x"});
    auto m = parse_exact(b.bytes);
    REQUIRE_FALSE(m);
    CHECK(m.error().code == wire_errc::bad_pointer);
    CHECK(m.error().offset == 12);
  }
  SECTION("pointer to itself") {
    packet_builder b;
    b.header(0, 0, 1, 0, 0, 0).pointer(12).question_tail(12, 1);
    auto m = parse_exact(b.bytes);
    REQUIRE_FALSE(m);
    CHECK(m.error().code == wire_errc::bad_pointer);
  }
  SECTION("loop between two names") {
    // Name 1 at 12: label "a" then a pointer to 19 (forward: name 2). Name 2 at 19 points back
    // to 12. Reading name 2 jumps to 12, then the pointer to 19 is not before 12: rejected.
    packet_builder b;
    b.header(0, 0, 2, 0, 0, 0);
    b.name_ptr({"a"}, 19).question_tail(12, 1);  // 12..19
    b.pointer(12).question_tail(12, 1);
    auto m = parse_exact(b.bytes);
    REQUIRE_FALSE(m);
    CHECK(m.error().code == wire_errc::bad_pointer);
  }
  SECTION("pointer into a label in the middle of a name (still backward) is accepted") {
    packet_builder b;
    b.header(0, 0, 2, 0, 0, 0);
    b.name({"a", "local"}).question_tail(1, 1);
    b.name_ptr({"b"}, 14).question_tail(1, 1);
    auto m = parse_exact(b.bytes);
    REQUIRE(m);
    CHECK(m->questions[1].qname == make_name({"b", "local"}));
  }
  SECTION("pointer out of range") {
    packet_builder b;
    b.header(0, 0, 1, 0, 0, 0).pointer(0x3FFF).question_tail(12, 1);
    auto m = parse_exact(b.bytes);
    REQUIRE_FALSE(m);
    CHECK(m.error().code == wire_errc::bad_pointer);
  }
}

TEST_CASE("more than 128 pointer jumps are rejected", "[wire]") {
  // A root label at 0, then a chain of pointers each pointing at the previous one.
  auto chain = [](std::size_t jumps) {
    packet_builder b;
    b.u8(0);
    for (std::size_t i = 0; i < jumps; ++i)
      b.pointer(i == 0 ? 0 : static_cast<std::uint16_t>(1 + 2 * (i - 1)));
    return b.bytes;
  };
  for (std::size_t jumps : {std::size_t{128}, std::size_t{129}}) {
    const auto bytes = chain(jumps);
    reader r(bytes);
    REQUIRE(r.skip(bytes.size() - 2));
    auto n = parse_name(bytes, r);
    if (jumps <= max_pointer_jumps) {
      REQUIRE(n);
      CHECK(n->labels.empty());
      CHECK(r.empty());
    } else {
      REQUIRE_FALSE(n);
      CHECK(n.error().code == wire_errc::bad_pointer);
    }
  }
}

TEST_CASE("label types 0x40 and 0x80 are rejected", "[wire]") {
  for (std::uint8_t t : {std::uint8_t{0x41}, std::uint8_t{0x81}}) {
    packet_builder b;
    b.header(0, 0, 1, 0, 0, 0).u8(t).u8(0).u8(0).question_tail(12, 1);
    auto m = parse_exact(b.bytes);
    REQUIRE_FALSE(m);
    CHECK(m.error().code == wire_errc::bad_name);
    CHECK(m.error().offset == 12);
  }
}

TEST_CASE("names over 255 octets are rejected, not truncated", "[wire]") {
  const std::string l(63, 'x');
  packet_builder ok;  // 3 x 63 + 61: 3*64 + 62 + 1 = 255 octets, the limit
  ok.header(0, 0, 1, 0, 0, 0).name({l, l, l, std::string(61, 'y')}).question_tail(1, 1);
  auto m = parse_exact(ok.bytes);
  REQUIRE(m);
  CHECK(m->questions[0].qname.wire_length() == 255);  // exactly the limit

  packet_builder b;
  b.header(0, 0, 1, 0, 0, 0).name({l, l, l, l}).question_tail(1, 1);
  auto bad = parse_exact(b.bytes);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == wire_errc::bad_name);
  CHECK(bad.error().offset == 12 + 3 * 64);
}

TEST_CASE("RDATA must match its type", "[wire]") {
  auto one_rr = [](std::uint16_t type, auto&& fill) {
    packet_builder b;
    b.header(0, 0x8400, 0, 1, 0, 0).name({"h", "local"}).rr_tail(type, 1, 120).begin_rdata();
    fill(b);
    b.end_rdata();
    return b.bytes;
  };
  auto a5 = parse_exact(one_rr(rr_type::a, [](packet_builder& b) { b.u32(1).u8(2); }));
  REQUIRE_FALSE(a5);
  CHECK(a5.error().code == wire_errc::bad_rdata);
  auto aaaa4 = parse_exact(one_rr(rr_type::aaaa, [](packet_builder& b) { b.u32(1); }));
  REQUIRE_FALSE(aaaa4);
  auto txt_over = parse_exact(one_rr(rr_type::txt, [](packet_builder& b) { b.u8(5).raw("abc"); }));
  REQUIRE_FALSE(txt_over);
  CHECK(txt_over.error().code == wire_errc::bad_rdata);
  auto srv_trailing = parse_exact(one_rr(rr_type::srv, [](packet_builder& b) {
    b.u16(0).u16(0).u16(80).name({"h"}).u8(7);
  }));
  REQUIRE_FALSE(srv_trailing);
  CHECK(srv_trailing.error().code == wire_errc::bad_rdata);
  // A PTR name may not run outside its RDLENGTH, even if the message continues.
  packet_builder b;
  b.header(0, 0x8400, 0, 1, 0, 0).name({"h"}).rr_tail(rr_type::ptr, 1, 1).u16(2).u8(1).raw("xy").u8(0);
  auto ptr_over = parse_exact(b.bytes);
  REQUIRE_FALSE(ptr_over);
  CHECK(ptr_over.error().code == wire_errc::truncated);
  // TXT with RDLENGTH 0: zero strings, kept (a checker reports it, RFC 6763 §6.1).
  auto empty_txt = parse_exact(one_rr(rr_type::txt, [](packet_builder&) {}));
  REQUIRE(empty_txt);
  CHECK(std::get<txt_rdata>(empty_txt->answers[0].data).strings.empty());
  // Unknown types are kept raw.
  auto raw = parse_exact(one_rr(99, [](packet_builder& b) { b.raw("abc"); }));
  REQUIRE(raw);
  CHECK(std::get<raw_rdata>(raw->answers[0].data).bytes.size() == 3);
}

TEST_CASE("counts and size limits", "[wire]") {
  packet_builder b;
  b.header(0, 0, 0xFFFF, 0xFFFF, 0, 0);
  auto m = parse_exact(b.bytes);
  REQUIRE_FALSE(m);
  CHECK(m.error().code == wire_errc::bad_count);

  std::vector<std::uint8_t> huge(max_message_octets + 1, 0);
  auto h = parse_exact(huge);
  REQUIRE_FALSE(h);
  CHECK(h.error().code == wire_errc::too_large);

  auto trailing = svcname::test::unicast_answer();
  trailing.push_back(0);
  CHECK(parse_exact(trailing));
  auto strict = parse_exact(trailing, parse_options{.reject_trailing_data = true});
  REQUIRE_FALSE(strict);
  CHECK(strict.error().code == wire_errc::trailing_data);
}

TEST_CASE("write then parse gives the same message", "[wire]") {
  for (const auto& p : svcname::test::seed_packets()) {
    INFO(p.name);
    auto m = parse_exact(p.bytes);
    REQUIRE(m);
    for (bool compress : {true, false}) {
      auto out = write_message(*m, write_options{.compress = compress});
      REQUIRE(out);
      auto again = parse_exact(*out);
      REQUIRE(again);
      CHECK(*again == *m);
      if (!compress) CHECK(out->size() >= p.bytes.size());
    }
  }
  // Compression shrinks a message that repeats names.
  auto m = parse_exact(svcname::test::printer_response());
  auto packed = write_message(*m);
  auto flat = write_message(*m, write_options{.compress = false});
  CHECK(packed->size() < flat->size());
}

TEST_CASE("writer rejects what the parser would reject", "[wire]") {
  message m;
  m.questions.push_back(question{make_name({std::string(64, 'x'), "local"}), rr_type::ptr});
  auto r = write_message(m);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == wire_errc::bad_name);

  message t;
  resource_record rr;
  rr.owner = make_name({"x"});
  rr.type = rr_type::txt;
  rr.data = txt_rdata{{std::string(256, 'a')}};
  t.answers.push_back(rr);
  auto tr = write_message(t);
  REQUIRE_FALSE(tr);
  CHECK(tr.error().code == wire_errc::bad_rdata);
}

TEST_CASE("names from and to presentation text", "[wire]") {
  auto n = name_from_text("B\xC3\xBCro\\ Drucker 2\\.OG._ipp._tcp.local.");
  REQUIRE(n);
  CHECK(*n == make_name({"B\xC3\xBCro Drucker 2.OG", "_ipp", "_tcp", "local"}));
  auto d = name_from_text("Caf\\195\\169._http._tcp.local");
  REQUIRE(d);
  CHECK(d->labels[0] == "Caf\xC3\xA9");
  // Control bytes never come back raw.
  CHECK(make_name({std::string("a\x1b[31mb", 7)}).to_text() == "a\\027[31mb.");
  CHECK(make_name({"a\\b"}).to_text() == "a\\\\b.");
  CHECK(name{}.to_text() == ".");
  CHECK_FALSE(name_from_text("a..b"));
  CHECK_FALSE(name_from_text(std::string(64, 'x') + ".local"));
  CHECK(make_name({"A", "Local"}).iequals(make_name({"a", "LOCAL"})));
  CHECK(make_name({"x", "_http", "_tcp", "local"}).ends_with(make_name({"_HTTP", "_tcp", "local"})));
}

TEST_CASE("the fuzz seed corpus is exactly the builder's packets", "[wire]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(SVCNAME_SOURCE_DIR) / "tests/fuzz/corpus/message";
  for (const auto& p : svcname::test::seed_packets()) {
    const auto file = dir / (p.name + ".bin");
    if (std::getenv("SVCNAME_WRITE_CORPUS")) {  // regenerate: SVCNAME_WRITE_CORPUS=1 svcname_wire_tests
      std::ofstream f(file, std::ios::binary);
      f.write(reinterpret_cast<const char*>(p.bytes.data()), static_cast<std::streamsize>(p.bytes.size()));
    }
    INFO(file);
    const auto got = svcname::test::slurp(file.string());
    CHECK(std::vector<std::uint8_t>(got.begin(), got.end()) == p.bytes);
  }
}
