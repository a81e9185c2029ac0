// The compact index and lookups; grading every registered name.
#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include "svcname/check.h"
#include "svcname/registry/readers.h"
#include "svcname/registry/registry.h"
#include "svcname/service_name.h"
#include "test_paths.h"

using namespace svcname;
using namespace svcname::registry;
namespace t = svcname::test;

TEST_CASE("lookups on the fixture", "[registry][index]") {
  auto s = load_snapshot(t::data("registry/mini.xml"));
  REQUIRE(s);
  auto reg = svcname::registry::registry::from_snapshot(*s);
  CHECK(reg.size() == 5);
  CHECK(reg.updated() == "2030-01-02");
  REQUIRE(reg.by_name("HTTP").size() == 1);  // case-insensitive (RFC 6763 §7)
  CHECK(reg.by_name("http")[0].description() == "World Wide Web HTTP");
  CHECK(reg.by_name("nope").empty());
  CHECK(reg.by_port(80).size() == 1);
  CHECK(reg.by_port(80, "udp").empty());
  CHECK(reg.by_port(6005).size() == 1);        // inside a range
  CHECK(reg.by_port(7005, "tcp").size() == 1); // unassigned range
  CHECK(reg.by_port(6011).empty());
  auto m = reg.by_name("http")[0].materialize();
  CHECK(m == s->records[0]);
  for (std::size_t i = 0; i < s->records.size(); ++i) CHECK(reg.at(i).materialize() == s->records[i]);
  auto p = reg.find_person("Jane_Doe");
  REQUIRE(p);
  CHECK(p->name == "Jane Doe");
  CHECK_FALSE(reg.find_person("Nobody"));
  CHECK(reg.suggest("htpt") == std::vector<std::string>{"http"});
  CHECK(reg.names().size() == 4);
}

TEST_CASE("the on-disk index is reused, rebuilt when the source changes, and survives corruption",
          "[registry][index]") {
  const auto dir = t::scratch_dir("index");
  const auto src = dir + "/reg.xml";
  std::filesystem::copy_file(t::data("registry/mini.xml"), src);
  auto a = svcname::registry::registry::open(src, dir + "/cache");
  REQUIRE(a);
  CHECK_FALSE(a->info().cache_hit);
  REQUIRE_FALSE(a->info().cache.empty());
  auto b = svcname::registry::registry::open(src, dir + "/cache");
  REQUIRE(b);
  CHECK(b->info().cache_hit);
  CHECK(b->by_name("http").size() == 1);

  // The source changes: a new record appears, the index must follow.
  std::string text = t::slurp(src);
  text.insert(text.find("  <people>"),
              "  <record><name>newsvc</name><protocol>tcp</protocol><description>N</description>"
              "<number>7777</number></record>\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::ofstream(src, std::ios::trunc) << text;
  auto c = svcname::registry::registry::open(src, dir + "/cache");
  REQUIRE(c);
  CHECK_FALSE(c->info().cache_hit);
  CHECK(c->by_name("newsvc").size() == 1);

  // A corrupt index is ignored and rebuilt, never trusted.
  const auto idx = c->info().cache;
  std::string bytes = t::slurp(idx);
  for (std::size_t i = 64; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xFF);
  std::ofstream(idx, std::ios::binary | std::ios::trunc) << bytes;
  auto d = svcname::registry::registry::open(src, dir + "/cache");
  REQUIRE(d);
  CHECK(d->by_name("newsvc").size() == 1);
  // Truncated index as well.
  std::ofstream(idx, std::ios::binary | std::ios::trunc) << bytes.substr(0, 100);
  auto e = svcname::registry::registry::open(src, dir + "/cache");
  REQUIRE(e);
  CHECK(e->by_name("http").size() == 1);

  // A missing source is an error naming the file.
  auto f = svcname::registry::registry::open(dir + "/missing.xml", dir + "/cache");
  REQUIRE_FALSE(f);
  CHECK(f.error().file == dir + "/missing.xml");
}

TEST_CASE("every registered name of the 2026-08-17 snapshot is graded; legacy names found",
          "[registry][real]") {
  auto reg = svcname::registry::registry::open(t::shared_registry("service-names-port-numbers-2026-08-17.xml"), "-");
  REQUIRE(reg);
  CHECK(reg->size() == 14533);
  const auto names = reg->names();
  CHECK(names.size() == 7327);
  std::vector<std::string> legacy;
  for (auto n : names) {
    auto rep = validate_service_name(n);
    if (!rep.ok()) legacy.emplace_back(n);
    auto res = check_name(n, check_options{&*reg, false, {}});
    CHECK(!res.records.empty());
    CHECK(res.legacy == !rep.ok());
    if (!rep.ok()) CHECK(res.findings.has(diag_code::name_registered_legacy));
  }
  CHECK(legacy.size() == 97);
  for (const char* l : {"acmaint_dbd", "914c/g", "z39.50", "whois++", "sql*net", "EtherNet/IP-1"})
    CHECK(std::find(legacy.begin(), legacy.end(), l) != legacy.end());
  CHECK(reg->by_name("1password").size() > 0);
  CHECK(validate_service_name("1password").ok());
}

TEST_CASE("check: registry facts", "[registry][check]") {
  auto s = load_snapshot(t::data("registry/mini.xml"));
  REQUIRE(s);
  auto reg = svcname::registry::registry::from_snapshot(*s);
  check_options o{&reg, true, {}};
  auto r = check_name("_http._tcp", o);
  CHECK(r.kind == input_kind::service_type);
  CHECK(r.findings.has(diag_code::name_registered));
  CHECK(r.findings.ok());
  r = check_name("_http._udp", o);
  CHECK(r.findings.has(diag_code::name_protocol_mismatch));
  r = check_name("_dnsx._tcp", o);
  CHECK(r.findings.has(diag_code::name_protocol_mismatch));
  r = check_name("_old_name._udp", o);  // sctp only: _udp is right (RFC 6763 §7), noted
  CHECK(r.findings.has(diag_code::udp_for_non_tcp));
  CHECK(r.findings.has(diag_code::name_registered_legacy));
  CHECK(r.findings.has(diag_code::name_bad_char));
  // "ipp.tcp": a type typed without underscores is read as one bare name, and said so
  r = check_name("http.tcp", o);
  CHECK(r.kind == input_kind::bare_name);
  REQUIRE(r.findings.has(diag_code::type_is_bare_name));
  for (const auto& d : r.findings.items)
    if (d.code == diag_code::type_is_bare_name) CHECK(d.fix == "for a service type write _http._tcp");
  CHECK_FALSE(check_name("http", o).findings.has(diag_code::type_is_bare_name));
  // "_x._sub._tcp": no service label, so no registry lookup of "sub"
  r = check_name("_x._sub._tcp", o);
  CHECK(r.findings.has(diag_code::subtype_missing));
  CHECK_FALSE(r.findings.has(diag_code::name_not_registered));
  r = check_name("_portless._tcp", o);
  CHECK_FALSE(r.findings.has(diag_code::name_protocol_mismatch));
  r = check_name("htpt", o);
  REQUIRE(r.findings.has(diag_code::name_not_registered));
  CHECK(r.suggestions == std::vector<std::string>{"http"});
  r = check_name("Lab Printer._http._tcp.local.", o);
  CHECK(r.kind == input_kind::instance);
  CHECK(r.service == "http");
  CHECK(r.service_offset == 13);
}

TEST_CASE("parse_port and parse_port_range: 0-65535, A-B with A <= B, nothing else", "[registry]") {
  using svcname::registry::parse_port;
  using svcname::registry::parse_port_range;
  using svcname::registry::port_range;
  CHECK(parse_port("0") == 0);
  CHECK(parse_port("65535") == 65535);
  for (const char* bad : {"", "65536", "123456", "-1", "+80", " 80", "80 ", "8o", "0x50"}) {
    INFO(bad);
    CHECK_FALSE(parse_port(bad));
  }
  CHECK(parse_port_range("631") == port_range{631, 631});
  CHECK(parse_port_range("6000-6063") == port_range{6000, 6063});
  CHECK(parse_port_range("80-80") == port_range{80, 80});
  for (const char* bad : {"90-80", "80-", "-80", "80 - 90", "1-2-3", "80-70000"}) {
    INFO(bad);
    CHECK_FALSE(parse_port_range(bad));
  }
}
