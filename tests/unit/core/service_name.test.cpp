// RFC 6335 §5.1: each rule at its boundaries, passing and failing.
#include <catch2/catch.hpp>

#include "svcname/service_name.h"

using namespace svcname;

namespace {
std::vector<diag_code> codes(const report& r) {
  std::vector<diag_code> c;
  for (const auto& d : r.items) c.push_back(d.code);
  return c;
}
}  // namespace

TEST_CASE("valid names give an empty report", "[service_name]") {
  auto name = GENERATE(as<std::string>{}, "http", "ipp", "a", "Z", "1password", "9pfs", "x-y-z",
                       "abcdefghijklmno", "HTTP", "a1", "1a", "sftp-ssh", "0-a");
  INFO(name);
  CHECK(validate_service_name(name).items.empty());
  CHECK(is_valid_service_name(name));
}

TEST_CASE("length: 1 to 15 characters", "[service_name]") {
  CHECK(codes(validate_service_name("")) == std::vector{diag_code::name_empty});
  CHECK(validate_service_name(std::string(15, 'a')).items.empty());
  auto r = validate_service_name(std::string(16, 'a'));
  REQUIRE(codes(r) == std::vector{diag_code::name_too_long});
  CHECK(r.items[0].where.offset == 15);
  CHECK(r.items[0].where.length == 1);
  CHECK(r.items[0].level == severity::error);
  CHECK(rule_of(diag_code::name_too_long)->cite == "RFC 6335 §5.1");
}

TEST_CASE("characters: only letters, digits and hyphens", "[service_name]") {
  auto r = validate_service_name("my_svc");
  REQUIRE(codes(r) == std::vector{diag_code::name_bad_char});
  CHECK(r.items[0].where.offset == 2);
  CHECK(r.items[0].where.length == 1);
  CHECK(!r.items[0].fix.empty());
  // a run of bad characters is one finding
  r = validate_service_name("a..b");
  REQUIRE(codes(r) == std::vector{diag_code::name_bad_char});
  CHECK(r.items[0].where.length == 2);
  // each separate run is its own finding
  CHECK(codes(validate_service_name("a.b/c")) ==
        std::vector{diag_code::name_bad_char, diag_code::name_bad_char});
  // non-ASCII bytes are bad characters, not crashes
  CHECK(codes(validate_service_name("caf\xc3\xa9")) == std::vector{diag_code::name_bad_char});
  CHECK(codes(validate_service_name(std::string("a\0b", 3))) == std::vector{diag_code::name_bad_char});
}

TEST_CASE("at least one letter", "[service_name]") {
  CHECK(codes(validate_service_name("123")) == std::vector{diag_code::name_no_letter});
  CHECK(codes(validate_service_name("1-2")) == std::vector{diag_code::name_no_letter});
  CHECK(validate_service_name("1-a").items.empty());
}

TEST_CASE("no hyphen at either end", "[service_name]") {
  auto r = validate_service_name("-abc");
  REQUIRE(codes(r) == std::vector{diag_code::name_hyphen_edge});
  CHECK(r.items[0].where.offset == 0);
  r = validate_service_name("abc-");
  REQUIRE(codes(r) == std::vector{diag_code::name_hyphen_edge});
  CHECK(r.items[0].where.offset == 3);
  CHECK(codes(validate_service_name("-abc-")) ==
        std::vector{diag_code::name_hyphen_edge, diag_code::name_hyphen_edge});
  CHECK(codes(validate_service_name("-")) ==
        std::vector{diag_code::name_no_letter, diag_code::name_hyphen_edge});
}

TEST_CASE("no adjacent hyphens", "[service_name]") {
  auto r = validate_service_name("my--svc");
  REQUIRE(codes(r) == std::vector{diag_code::name_hyphen_double});
  CHECK(r.items[0].where.offset == 2);
  CHECK(r.items[0].where.length == 2);
  r = validate_service_name("a---b");
  REQUIRE(codes(r) == std::vector{diag_code::name_hyphen_double});
  CHECK(r.items[0].where.length == 3);
  CHECK(validate_service_name("a-b-c").items.empty());
}

TEST_CASE("several rules broken at once: every one reported", "[service_name]") {
  auto r = validate_service_name("-my__very--long-name-");
  auto c = codes(r);
  CHECK(std::count(c.begin(), c.end(), diag_code::name_too_long) == 1);
  CHECK(std::count(c.begin(), c.end(), diag_code::name_bad_char) == 1);
  CHECK(std::count(c.begin(), c.end(), diag_code::name_hyphen_edge) == 2);
  CHECK(std::count(c.begin(), c.end(), diag_code::name_hyphen_double) == 1);
  CHECK(!r.ok());
}

TEST_CASE("rule table: every code has an id, cite, summary", "[diagnostic]") {
  for (const auto* r : all_rules()) {
    INFO(r->id);
    CHECK(!r->id.empty());
    CHECK(!r->cite.empty());
    CHECK(!r->summary.empty());
    CHECK(diag_code_from_string(r->id) == r->code);
  }
}
