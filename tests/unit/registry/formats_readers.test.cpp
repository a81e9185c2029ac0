// Readers for IANA's plain text, XHTML, markdown and flattened pastes: each of our fixtures
// (tests/data/registry/formats/, the same seven records and six people in every form) must
// give exactly the records of the XML fixture; the real files in ../shared must load.
#include <catch2/catch.hpp>

#include "registry/formats/shapes.h"
#include "svcname/registry/diff.h"
#include "svcname/registry/formats.h"
#include "svcname/registry/readers.h"
#include "test_paths.h"

using namespace svcname::registry;
namespace t = svcname::test;

namespace {
std::string fixture(const std::string& f) { return t::data("registry/formats/" + f); }

const person* find(const snapshot& s, std::string_view id) {
  for (const auto& p : s.people)
    if (p.id == id) return &p;
  return nullptr;
}
}  // namespace

TEST_CASE("every fixture form yields the records of the XML fixture", "[registry][formats]") {
  auto xml = load_snapshot(fixture("mini.xml"));
  REQUIRE(xml);
  REQUIRE(xml->records.size() == 7);
  const auto [file, format] = GENERATE(table<std::string, std::string>({
      {"mini.txt", "iana-text"},
      {"mini.xhtml", "xhtml"},
      {"mini.md", "markdown"},
      {"mini-flat.txt", "flat-text"},
  }));
  CAPTURE(file);
  auto s = load_snapshot(fixture(file));  // detection by content
  REQUIRE(s);
  CHECK(s->format == format);
  CHECK(s->updated == "2030-01-02");
  CHECK(s->records.size() == 7);
  const auto e = measure_equivalence(*xml, *s);
  CHECK(e.common == 7);
  for (const auto& d : e.disagreements)
    for (const auto& f : d.fields) FAIL_CHECK(record_key(d.before) << " " << f.field << ": " << f.before << " | " << f.after);
  CHECK(e.agreeing == 7);
  // People: name and organisation told apart, URI and date kept.
  REQUIRE(s->people.size() == 6);
  const auto* chair = find(*s, "IETF_Chair");
  REQUIRE(chair);
  CHECK(chair->name == "IETF Chair");
  CHECK(chair->org == "IETF");
  CHECK(chair->uri == "mailto:chair&ietf.org");
  const auto* bbf = find(*s, "Broadband_Forum");
  REQUIRE(bbf);
  CHECK(bbf->updated == "2020-03-17");
  CHECK(bbf->org.empty());
}

TEST_CASE("pasted forms report what they could not place, with lines", "[registry][formats]") {
  for (const std::string f : {"mini.md", "mini-flat.txt"}) {
    CAPTURE(f);
    std::vector<load_note> notes;
    auto s = parse_with_notes(f == "mini.md" ? "markdown" : "flat-text", t::slurp(fixture(f)), f, notes);
    REQUIRE(s);
    // The Reserved record and sztp each carry one date: which column is a guess, so it is noted.
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].message.find("Modification Date") != std::string::npos);
    CHECK(notes[1].message.find("Registration Date") != std::string::npos);
    CHECK(notes[0].line == s->records[2].line);
    CHECK(notes[1].line == s->records[5].line);
  }
}

TEST_CASE("flattened text: fields recovered from their shapes", "[registry][formats]") {
  shapes::person_ids ids;
  ids.ids = {"Jon_Postel", "IESG", "IETF_Chair"};
  const auto line =
      "ftp 21 tcp File Transfer [Default Data] [Jon_Postel] [Jon_Postel] 2001-01 2020-02-03 "
      "[RFC959] Defined TXT keys: a=b";
  record r;
  std::vector<load_note> notes;
  std::string why;
  REQUIRE(shapes::assign_cells(shapes::flat_cells(line, ids), ids, 9, r, notes, why));
  CHECK(r.name == "ftp");
  REQUIRE(r.ports);
  CHECK(r.ports->first == 21);
  CHECK(r.protocol == "tcp");
  CHECK(r.description == "File Transfer [Default Data]");  // not a person id: stays text
  CHECK(r.assignee == std::vector<std::string>{"Jon_Postel"});
  CHECK(r.contact == std::vector<std::string>{"Jon_Postel"});
  CHECK(r.registered == "2001-01");
  CHECK(r.modified == "2020-02-03");
  REQUIRE(r.references.size() == 1);
  CHECK(r.references[0].data == "rfc959");
  CHECK(r.notes == "Defined TXT keys: a=b");
  CHECK(notes.empty());

  // Port range, no name, unauthorized use.
  REQUIRE(shapes::assign_cells(shapes::flat_cells("7492-7499 Unassigned Known Unauthorized Use on port 7499", ids),
                               ids, 10, r, notes, why));
  CHECK(r.name.empty());
  CHECK(r.ports->first == 7492);
  CHECK(r.ports->last == 7499);
  CHECK(r.description == "Unassigned");
  CHECK(r.unauthorized == "Known Unauthorized Use on port 7499");

  // One person reference is noted, not silently duplicated.
  notes.clear();
  REQUIRE(shapes::assign_cells(shapes::flat_cells("x-svc 99 udp Something [IESG]", ids), ids, 11, r, notes, why));
  CHECK(r.assignee == r.contact);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].line == 11);
}

TEST_CASE("shapes: ports, dates, brackets, name/organisation", "[registry][formats]") {
  port_range p;
  CHECK(shapes::parse_port_range("0", p));
  CHECK(shapes::parse_port_range("65535", p));
  CHECK_FALSE(shapes::parse_port_range("65536", p));
  CHECK_FALSE(shapes::parse_port_range("10-9", p));
  CHECK_FALSE(shapes::parse_port_range("1-", p));
  CHECK(shapes::is_date("2003-11"));
  CHECK(shapes::is_date("2019-01-17"));
  CHECK_FALSE(shapes::is_date("2019-1-17"));
  std::vector<std::string> in;
  CHECK(shapes::split_brackets("[A][B_2]", in));
  CHECK(in == std::vector<std::string>{"A", "B_2"});
  CHECK_FALSE(shapes::split_brackets("[A] x", in));
  std::string name, org;
  CHECK(shapes::split_name_org("Julian_Simpson", "Julian Simpson Neo Technology, Inc", name, org));
  CHECK(name == "Julian Simpson");
  CHECK(org == "Neo Technology, Inc");
  CHECK(shapes::split_name_org("Gerardo_Pardo_Castel", "Gerardo Pardo-Castellote", name, org));
  CHECK(name == "Gerardo Pardo-Castellote");
  CHECK(org.empty());
  CHECK_FALSE(shapes::split_name_org("Xyz", "Someone Else", name, org));
}

TEST_CASE("errors name the first offending line, unknown content names every format", "[registry][formats]") {
  SECTION("markdown row that is not a record") {
    const std::string md =
        "| Service Name | Port Number | Transport Protocol | Description |\n|---|---|---|---|\n"
        "| ok | 1 | tcp | fine |\n| tcp | [X] |\n";
    auto s = parse_markdown(md, "bad.md");
    REQUIRE_FALSE(s);
    CHECK(s.error().line == 4);
  }
  SECTION("plain text without the header row") {
    auto s = parse_iana_text("just some text\nmore\n", "x.txt");
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("header") != std::string::npos);
  }
  SECTION("XHTML without the records table") {
    auto s = parse_xhtml("<html><body><p>hi</p></body></html>", "x.xhtml");
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("table-service-names-port-numbers") != std::string::npos);
  }
  SECTION("a file in no known format") {
    const auto dir = t::scratch_dir("formats-unknown");
    const auto path = dir + "/notes.txt";
    {
      std::ofstream f(path);
      f << "Shopping list\n- milk\n- bread\n";
    }
    auto s = load_snapshot(path);
    REQUIRE_FALSE(s);
    for (const auto f : {"xml", "csv", "xhtml", "iana-text", "markdown", "flat-text"})
      CHECK(s.error().message.find(f) != std::string::npos);
  }
  SECTION("--format forces a reader") {
    auto s = load_snapshot(fixture("mini-flat.txt"), "markdown");
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("markdown") != std::string::npos);
  }
}

TEST_CASE("IANA's own files and the seeds load", "[registry][formats][shared]") {
  struct expect {
    std::string path, format;
    std::size_t records, people;
  };
  const std::string seeds = std::string(SVCNAME_SHARED_DIR) + "/seeds/";
  const auto e = GENERATE_COPY(values<expect>({
      {t::shared_registry("service-names-port-numbers-2013-06-26.txt"), "iana-text", 13306, 4736},
      {t::shared_registry("service-names-port-numbers-2015-partial.xhtml"), "xhtml", 100, 11},
      {seeds + "000_84d5fa328d5ba1f5.txt", "markdown", 34, 13},
      {seeds + "001_46e2ebe15bf0dcfa.txt", "flat-text", 32, 37},
      {seeds + "002_57f4d79d746be7d4.txt", "flat-text", 101, 38},
      {seeds + "003_ea17f2719f1e5fea.txt", "markdown", 42, 15},
      {seeds + "004_de2ce3757f88cd50.txt", "flat-text", 101, 0},
  }));
  CAPTURE(e.path);
  if (!t::exists(e.path)) {
    WARN("not present: " + e.path);
    return;
  }
  auto s = load_snapshot(e.path);
  REQUIRE(s);
  CHECK(s->format == e.format);
  CHECK(s->records.size() == e.records);
  CHECK(s->people.size() == e.people);
  CHECK_FALSE(s->updated.empty());
  for (const auto& r : s->records) CHECK((!r.name.empty() || r.ports));
}

TEST_CASE("without a people table, [Person_Id] references are noted as told by shape", "[registry][formats]") {
  const std::string md =
      "| Service Name | Port Number | Transport Protocol | Description | Assignee | Contact |\n"
      "|---|---|---|---|---|---|\n"
      "| anon | 1 | tcp | no people |  |  |\n"
      "| svc | 2 | tcp | has people | [Jane_Doe] | [Jane_Doe] |\n";
  std::vector<load_note> notes;
  auto s = parse_markdown(md, "p.md", notes);
  REQUIRE(s);
  std::size_t shape_notes = 0;
  for (const auto& n : notes)
    if (n.message.find("by their shape only") != std::string::npos) {
      ++shape_notes;
      CHECK(n.line == 4);  // the first record with a reference, once
    }
  CHECK(shape_notes == 1);
  // With the people table, no such note.
  notes.clear();
  const auto full = parse_markdown(svcname::test::slurp(svcname::test::data("registry/formats/mini.md")), "m.md", notes);
  REQUIRE(full);
  for (const auto& n : notes) CHECK(n.message.find("by their shape only") == std::string::npos);
}
