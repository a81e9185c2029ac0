// RFC 6763 §4, §7, §7.1, §7.2 names.
#include <catch2/catch.hpp>

#include "svcname/dnssd_name.h"

using namespace svcname;

namespace {
bool has(const dnssd_parse& p, diag_code c) { return p.findings.has(c); }
}  // namespace

TEST_CASE("service types", "[dnssd]") {
  auto p = parse_dnssd_name("_ipp._tcp");
  CHECK(p.findings.items.empty());
  CHECK(p.name.kind == dnssd_kind::service_type);
  CHECK(p.name.service_name() == "ipp");
  CHECK(p.name.proto == transport::tcp);
  CHECK(p.name.domain.empty());

  p = parse_dnssd_name("_http._tcp.local.");
  CHECK(p.findings.items.empty());
  CHECK(p.name.fully_qualified);
  CHECK(p.name.domain_string() == "local.");

  p = parse_dnssd_name("_sip._udp.example.com");
  CHECK(p.findings.items.empty());
  CHECK(p.name.proto == transport::udp);
  CHECK(p.name.domain.size() == 2);

  // case-insensitive transport label (RFC 6763 §7 names compare case-insensitively)
  CHECK(parse_dnssd_name("_IPP._TCP").findings.items.empty());
}

TEST_CASE("service types: errors", "[dnssd]") {
  auto p = parse_dnssd_name("_ipp._sctp");
  CHECK(has(p, diag_code::type_bad_protocol));
  CHECK(has(parse_dnssd_name("_ipp"), diag_code::type_missing_protocol));
  // the service label obeys RFC 6335 §5.1, with columns in the whole input
  p = parse_dnssd_name("_my--svc._tcp");
  REQUIRE(has(p, diag_code::name_hyphen_double));
  CHECK(p.findings.items[0].where.offset == 3);
  CHECK(has(parse_dnssd_name("_averyveryverylongname._tcp"), diag_code::name_too_long));
  // three-label types are an error (§7, §7.1)
  p = parse_dnssd_name("_daap._http._tcp");
  CHECK(has(p, diag_code::type_nested_protocol));
  CHECK(p.name.kind == dnssd_kind::invalid);
  CHECK(has(parse_dnssd_name("_ipp._tcp..local"), diag_code::label_empty));
}

TEST_CASE("subtypes (§7.1)", "[dnssd]") {
  auto p = parse_dnssd_name("_printer._sub._http._tcp.local.");
  CHECK(p.findings.items.empty());
  CHECK(p.name.kind == dnssd_kind::subtype);
  CHECK(p.name.subtype->bytes == "_printer");
  CHECK(p.name.service_name() == "http");
  // no leading underscore required, arbitrary octets allowed
  p = parse_dnssd_name("universal printer._sub._ipp._tcp");
  CHECK(p.findings.items.empty());
  CHECK(p.name.subtype->bytes == "universal printer");
  CHECK(has(parse_dnssd_name("_sub._ipp._tcp"), diag_code::subtype_missing));
  CHECK(parse_dnssd_name(std::string(63, 's') + "._sub._ipp._tcp").findings.items.empty());
  CHECK(has(parse_dnssd_name(std::string(64, 's') + "._sub._ipp._tcp"), diag_code::subtype_too_long));
}

TEST_CASE("instance names (§4.1.1) and escapes (§4.3)", "[dnssd]") {
  auto p = parse_dnssd_name("Lab Printer._ipp._tcp.local.");
  CHECK(p.findings.items.empty());
  CHECK(p.name.kind == dnssd_kind::instance);
  CHECK(p.name.instance->bytes == "Lab Printer");

  p = parse_dnssd_name("B\xc3\xbcro Drucker 2\\.OG._ipp._tcp.local.");
  CHECK(p.findings.items.empty());
  CHECK(p.name.instance->bytes == "B\xc3\xbcro Drucker 2.OG");

  p = parse_dnssd_name("Back\\\\slash\\032x._http._tcp");
  CHECK(p.findings.items.empty());
  CHECK(p.name.instance->bytes == "Back\\slash x");

  p = parse_dnssd_name("Caf\\195\\169._http._tcp");
  CHECK(p.findings.items.empty());
  CHECK(p.name.instance->bytes == "Caf\xc3\xa9");

  CHECK(has(parse_dnssd_name("bad\\256._http._tcp"), diag_code::bad_escape));
  CHECK(has(parse_dnssd_name("bad\\25._http._tcp"), diag_code::bad_escape));
  CHECK(has(parse_dnssd_name("bad\\._http._tcp\\"), diag_code::bad_escape));

  // 63 octets ok, 64 not
  CHECK(parse_dnssd_name(std::string(63, 'x') + "._http._tcp").findings.items.empty());
  p = parse_dnssd_name(std::string(64, 'x') + "._http._tcp");
  REQUIRE(has(p, diag_code::instance_too_long));
  // control characters and bad UTF-8
  p = parse_dnssd_name("a\\007b._http._tcp");
  REQUIRE(has(p, diag_code::instance_control_char));
  CHECK(p.findings.items[0].where.offset == 1);
  CHECK(has(parse_dnssd_name("a\\255b._http._tcp"), diag_code::instance_bad_utf8));
  // an unescaped dot splits the instance
  CHECK(has(parse_dnssd_name("Printer 2.OG._ipp._tcp.local"), diag_code::instance_extra_labels));
}

TEST_CASE("whole names: 255 octets on the wire", "[dnssd]") {
  std::string inst(63, 'i');
  std::string dom;
  for (int i = 0; i < 3; ++i) dom += std::string(63, 'd') + ".";
  auto p = parse_dnssd_name(inst + "._http._tcp." + dom);
  CHECK(has(p, diag_code::name_too_long_wire));
  CHECK(has(parse_dnssd_name("_http._tcp." + std::string(64, 'd')), diag_code::label_too_long));
}

TEST_CASE("UTF-8 validation", "[dnssd]") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
}

TEST_CASE("escape_label is terminal-safe and reversible", "[dnssd]") {
  CHECK(escape_label("a.b\\c") == "a\\.b\\\\c");
  CHECK(escape_label(std::string("x\x1b[2Jy", 6)) == "x\\027[2Jy");
  CHECK(escape_label("\xff") == "\\255");
  CHECK(escape_label("B\xc3\xbcro") == "B\xc3\xbcro");
  CHECK(escape_label("\xc2\x9b") == "\\194\\155");  // C1 control
  std::string raw("a.\\\x01\xc3\xa9\xff", 7);
  report r;
  bool fq = false;
  auto labels = split_labels(escape_label(raw), r, fq);
  REQUIRE(labels.size() == 1);
  CHECK(labels[0].bytes == raw);
  CHECK(r.items.empty());
}

TEST_CASE("review: every finding the DNS-SD parser emits has a rule row", "[dnssd][review]") {
  // An unregistered code prints as "unknown" with no cite; every emitted code needs its row.
  const auto p = parse_dnssd_name("Printer 2.OG._ipp._tcp.local");
  REQUIRE(has(p, diag_code::instance_extra_labels));
  for (const auto& d : p.findings.items) {
    const auto* r = rule_of(d.code);
    REQUIRE(r != nullptr);
    CHECK(!r->cite.empty());
  }
  CHECK(to_string(diag_code::instance_extra_labels) == "instance-extra-labels");
  CHECK(rule_of(diag_code::type_is_bare_name) != nullptr);
}

TEST_CASE("review: three-label types cite §7 (a pair of labels), not §7.1", "[dnssd][review]") {
  const auto* r = rule_of(diag_code::type_nested_protocol);
  REQUIRE(r != nullptr);
  CHECK(r->cite == "RFC 6763 §7");
  // The fix text never carries raw control bytes from the input.
  const auto p = parse_dnssd_name("_daap._ht\x1btp._tcp");
  for (const auto& d : p.findings.items) CHECK(d.fix.find('\x1b') == std::string::npos);
}

TEST_CASE("review: a service label without '_' is type-missing-underscore", "[dnssd][review]") {
  auto p = parse_dnssd_name("http._tcp");
  CHECK(has(p, diag_code::type_missing_underscore));
  CHECK(!has(p, diag_code::type_missing_protocol));
  CHECK(p.name.service_name() == "http");
  CHECK(p.name.proto == transport::tcp);
  REQUIRE(!p.findings.items.empty());
  CHECK(p.findings.items[0].fix == "write _http._tcp");
  p = parse_dnssd_name("My Printer.ipp._UDP.local.");
  CHECK(has(p, diag_code::type_missing_underscore));
  CHECK(p.name.proto == transport::udp);
}

TEST_CASE("review: a bad protocol label does not hide the service name's own errors", "[dnssd][review]") {
  const auto p = parse_dnssd_name("_my--svc._sctp");
  CHECK(has(p, diag_code::type_bad_protocol));
  REQUIRE(has(p, diag_code::name_hyphen_double));
  for (const auto& d : p.findings.items)
    if (d.code == diag_code::name_hyphen_double) CHECK(d.where.offset == 3);
  CHECK(p.name.service_name() == "my--svc");
}

TEST_CASE("'<sub>._sub._tcp' lacks its service label (§7.1)", "[dnssd]") {
  const auto p = parse_dnssd_name("_http._sub._tcp");
  REQUIRE(has(p, diag_code::subtype_missing));
  CHECK_FALSE(has(p, diag_code::type_nested_protocol));
  CHECK(p.findings.items[0].where.offset == 6);  // points at '_sub'
  CHECK(p.findings.items[0].fix.find("_http._sub._<name>._tcp") != std::string::npos);
  CHECK(p.name.kind == dnssd_kind::invalid);
}

TEST_CASE("domain part: '_' labels are misplaced type labels (§4.1.3)", "[dnssd]") {
  auto p = parse_dnssd_name("_ipp._tcp._sub.local.");
  REQUIRE(has(p, diag_code::domain_bad));
  CHECK(p.findings.items[0].where.offset == 10);
  CHECK_FALSE(has(parse_dnssd_name("_ipp._tcp.dns-sd.org."), diag_code::domain_bad));
  CHECK_FALSE(has(parse_dnssd_name("My Printer._ipp._tcp.eng.example.com"), diag_code::domain_bad));
}

TEST_CASE("instance names SHOULD be NFC (§4.1.1, RFC 5198)", "[dnssd]") {
  // "Café" precomposed (U+00E9) is NFC; "Cafe" + U+0301 COMBINING ACUTE is not.
  CHECK(is_nfc("Caf\xC3\xA9"));
  CHECK_FALSE(is_nfc("Cafe\xCC\x81"));
  CHECK(to_nfc("Cafe\xCC\x81") == "Caf\xC3\xA9");
  CHECK(is_nfc("plain ascii"));
  CHECK_FALSE(is_nfc("\xFF"));  // not UTF-8 at all: instance-bad-utf8 covers it
  CHECK_FALSE(has(parse_dnssd_name("Caf\xC3\xA9._http._tcp"), diag_code::instance_not_nfc));
  auto p = parse_dnssd_name("Cafe\xCC\x81._http._tcp");
  REQUIRE(has(p, diag_code::instance_not_nfc));
  CHECK(p.findings.items[0].level == severity::note);
  CHECK(p.findings.items[0].fix.find("Caf\xC3\xA9") != std::string::npos);
  // invalid UTF-8 is reported once, as bad UTF-8, not also as non-NFC
  p = parse_dnssd_name("a\\255b._http._tcp");
  CHECK(has(p, diag_code::instance_bad_utf8));
  CHECK_FALSE(has(p, diag_code::instance_not_nfc));
}
