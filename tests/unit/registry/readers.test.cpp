// Registry readers: our own small fixtures, the real IANA snapshots in ../shared/registry,
// and broken files (truncated, garbled) that must fail with a line, never load partially.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "svcname/registry/readers.h"
#include "test_paths.h"

using namespace svcname;
using namespace svcname::registry;
namespace t = svcname::test;

TEST_CASE("XML fixture: every field", "[registry][xml]") {
  auto s = load_snapshot(t::data("registry/mini.xml"));
  REQUIRE(s);
  CHECK(s->format == "xml");
  CHECK(s->updated == "2030-01-02");
  REQUIRE(s->records.size() == 5);
  const auto& h = s->records[0];
  CHECK(h.name == "http");
  CHECK(h.protocol == "tcp");
  CHECK(h.ports == port_range{80, 80});
  CHECK(h.assignee == std::vector<std::string>{"IESG"});
  CHECK(h.contact == std::vector<std::string>{"IETF_Chair"});
  CHECK(h.modified == "2021-10-01");
  REQUIRE(h.references.size() == 1);
  CHECK(h.references[0] == xref{"rfc", "rfc9110", ""});
  CHECK(h.notes == "Defined TXT keys: u=<username> p=<password> path=<path to document>");
  CHECK(h.line == 5);
  const auto& d = s->records[1];
  CHECK(d.ports == port_range{6000, 6010});
  CHECK(d.description == "Example over UDP only\n\nsecond line");
  CHECK(d.assignee == d.contact);  // no <assignee>: the contact is the assignee, as in the CSV
  CHECK_FALSE(s->records[2].ports);
  CHECK(s->records[2].registered == "2010-05-01");
  CHECK(s->records[3].service_code == "1145656131");
  CHECK(s->records[3].unauthorized == "seen in the wild");
  CHECK(s->records[4].name.empty());
  REQUIRE(s->people.size() == 3);
  CHECK(s->people[1].name == "IETF Chair");
  CHECK(s->people[0].uri == "mailto:iesg&ietf.org");
}

TEST_CASE("CSV fixture: RFC 4180 quoting and multi-line fields", "[registry][csv]") {
  auto s = load_snapshot(t::data("registry/mini.csv"));
  REQUIRE(s);
  CHECK(s->format == "csv");
  REQUIRE(s->records.size() == 3);
  CHECK(s->records[0].references[0] == xref{"rfc", "rfc9110", ""});
  CHECK(s->records[1].description == "Example over UDP only\nsecond line, with a \"quote\"");
  CHECK(s->records[1].line == 3);
  CHECK(s->records[2].line == 5);
  CHECK_FALSE(s->records[2].ports);
}

TEST_CASE("broken files fail with a line, never a partial registry", "[registry][errors]") {
  const auto xml = t::slurp(t::data("registry/mini.xml"));
  SECTION("truncated XML") {
    auto r = parse_xml(xml.substr(0, xml.size() / 2), "cut.xml");
    REQUIRE_FALSE(r);
    CHECK(r.error().line > 1);
    CHECK(r.error().to_string().find("cut.xml:") == 0);
  }
  SECTION("garbled XML") {
    std::string g = xml;
    g.replace(g.find("<number>80</number>"), 19, "<number>8&0</nu");
    auto r = parse_xml(g, "bad.xml");
    REQUIRE_FALSE(r);
    CHECK(r.error().line == 12);
  }
  SECTION("bad port number") {
    std::string g = xml;
    g.replace(g.find("<number>80</number>"), 19, "<number>99999</number>");
    auto r = parse_xml(g, "bad.xml");
    REQUIRE_FALSE(r);
    CHECK(r.error().line == 12);
    CHECK(r.error().message.find("99999") != std::string::npos);
  }
  SECTION("another XML document") {
    auto r = parse_xml("<?xml version='1.0'?>\n<html><body/></html>", "x.xml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("root element") != std::string::npos);
  }
  SECTION("empty registry") {
    auto r = parse_xml("<registry id=\"service-names-port-numbers\"><updated>2026-01-01</updated></registry>", "e.xml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("empty registry") != std::string::npos);
  }
  SECTION("malformed <updated> date") {
    std::string g = xml;
    const auto at = g.find("<updated>");
    REQUIRE(at != std::string::npos);
    g.replace(at, g.find("</updated>") - at, "<updated>18 March\x01");
    auto r = parse_xml(g, "bad.xml");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("bad <updated> \"18 March?\"") != std::string::npos);
    CHECK(r.error().line > 1);
  }
  const auto csv = t::slurp(t::data("registry/mini.csv"));
  SECTION("truncated CSV inside a quoted field") {
    auto cut = csv.substr(0, csv.find("second line"));
    auto r = parse_csv(cut, "cut.csv");
    REQUIRE_FALSE(r);
    CHECK(r.error().line == 3);
    CHECK(r.error().message.find("unterminated") != std::string::npos);
  }
  SECTION("CSV row with missing fields") {
    auto r = parse_csv(csv + "foo,1,tcp\n", "short.csv");
    REQUIRE_FALSE(r);
    CHECK(r.error().line == 6);
  }
  SECTION("unknown format") {
    auto p = t::scratch_dir("unknown-format") + "/x.bin";
    std::ofstream(p) << "\x01\x02 hello";
    auto r = load_snapshot(p);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("tried") != std::string::npos);
  }
}

// ---- the real snapshots (../shared/registry) ----------------------------------------------

TEST_CASE("real XML snapshots load with exact record counts", "[registry][real]") {
  const std::vector<std::pair<std::string, std::size_t>> files{
      {"service-names-port-numbers-2024-03-18.xml", 14444},
      {"service-names-port-numbers-2026-02-26.xml", 14500},
      {"service-names-port-numbers-2026-05-29.xml", 14522},
      {"service-names-port-numbers-2026-08-17.xml", 14533}};
  for (const auto& [f, n] : files) {
    INFO(f);
    auto s = load_snapshot(t::shared_registry(f));
    REQUIRE(s);
    CHECK(s->records.size() == n);
    CHECK(s->people.size() > 5000);
    CHECK(s->updated == f.substr(27, 10));
  }
}

TEST_CASE("real CSV snapshot loads", "[registry][real]") {
  auto s = load_snapshot(t::shared_registry("service-names-port-numbers-2024-06.csv"));
  REQUIRE(s);
  CHECK(s->records.size() == 14447);
}

namespace {
std::string fold(std::string_view s) {
  std::string out;
  bool sp = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') sp = !out.empty();
    else {
      if (sp) out += ' ';
      sp = false;
      out += c;
    }
  }
  return out;
}
std::set<std::string> refset(const record& r) {
  std::set<std::string> s;
  for (const auto& x : r.references)
    if (x.type == "rfc" || x.type == "draft") s.insert(x.type + ":" + x.data);
  return s;
}
}  // namespace

TEST_CASE("2024-06 CSV agrees with 2024-03-18 XML on records neither modified", "[registry][real]") {
  auto x = load_snapshot(t::shared_registry("service-names-port-numbers-2024-03-18.xml"));
  auto c = load_snapshot(t::shared_registry("service-names-port-numbers-2024-06.csv"));
  REQUIRE(x);
  REQUIRE(c);
  // Key: name + protocol + ports (+ description for the unnamed rows, which repeat).
  auto key = [](const record& r) {
    std::string k = r.name + "|" + r.protocol + "|";
    if (r.ports) k += std::to_string(r.ports->first) + "-" + std::to_string(r.ports->last);
    if (r.name.empty()) k += "|" + fold(r.description);
    return k;
  };
  std::multimap<std::string, const record*> xi;
  for (const auto& r : x->records) xi.emplace(key(r), &r);
  std::size_t compared = 0, agree = 0;
  std::map<std::string, std::size_t> by_field;
  std::ofstream log(std::string(SVCNAME_BINARY_DIR) + "/csv-vs-xml-disagreements.txt");
  for (const auto& r : c->records) {
    if (r.modified > "2024-03-18" || r.registered > "2024-03-18") continue;  // changed in between
    auto [lo, hi] = xi.equal_range(key(r));
    if (lo == hi || std::next(lo) != hi) continue;  // absent from, or ambiguous in, the XML
    const record& o = *lo->second;
    ++compared;
    std::vector<std::string> diff;
    if (fold(o.description) != fold(r.description)) diff.push_back("description");
    if (o.assignee != r.assignee) diff.push_back("assignee");
    if (o.contact != r.contact) diff.push_back("contact");
    if (o.registered != r.registered) diff.push_back("registered");
    if (o.modified != r.modified) diff.push_back("modified");
    if (refset(o) != refset(r)) diff.push_back("references");
    if (o.service_code != r.service_code) diff.push_back("service_code");
    if (fold(o.unauthorized) != fold(r.unauthorized)) diff.push_back("unauthorized");
    if (fold(o.notes) != fold(r.notes)) diff.push_back("notes");
    if (diff.empty()) {
      ++agree;
    } else {
      log << "csv line " << r.line << " / xml line " << o.line << " " << key(r) << ":";
      for (const auto& f : diff) log << " " << f, ++by_field[f];
      log << "\n";
    }
  }
  const double share = compared ? 100.0 * static_cast<double>(agree) / static_cast<double>(compared) : 0;
  WARN("CSV 2024-06 vs XML 2024-03-18: " << agree << "/" << compared << " records agree field by field ("
                                         << share << "%)");
  for (const auto& [f, n] : by_field) WARN("  disagreements in " << f << ": " << n);
  CHECK(compared > 13000);
  CHECK(share > 99.0);
}
