// Snapshot diffs and equivalence under the normalisation rules of registry/diff.h, on small
// hand-made snapshots and on IANA's own snapshots in ../shared (skipped when absent).
#include <catch2/catch.hpp>

#include "svcname/registry/diff.h"
#include "svcname/registry/readers.h"
#include "test_paths.h"

using namespace svcname::registry;
namespace t = svcname::test;

namespace {
record rec(std::string name, std::uint16_t port, std::string proto, std::string desc) {
  record r;
  r.name = std::move(name);
  r.ports = port_range{port, port};
  r.protocol = std::move(proto);
  r.description = std::move(desc);
  r.contact = {"Someone"};
  r.assignee = {"Someone"};
  return r;
}
const field_change* field(const std::vector<field_change>& v, std::string_view f) {
  for (const auto& c : v)
    if (c.field == f) return &c;
  return nullptr;
}
}  // namespace

TEST_CASE("normalisation rules", "[registry][diff]") {
  // Rule 1: white space and line breaks (<br/>, wrapped lines) fold.
  CHECK(normalise_text("  EtherNet/IP I/O\n\nIANA  assigned\t this ") == "EtherNet/IP I/O IANA assigned this");
  // Rule 2: reference spellings.
  CHECK(reference_spelling(xref{"rfc", "rfc6335", ""}) == "RFC6335");
  CHECK(reference_spelling(xref{"text", "", "[RFC6335]"}) == "RFC6335");
  CHECK(reference_spelling(xref{"uri", "https://x.example/TR-352.pdf", "TR-352"}) == "TR-352");
  record a = rec("x", 1, "tcp", "d"), b = a;
  a.references = {xref{"rfc", "rfc8765", "RFC8765, Section 6.1"}};
  b.references = {xref{"text", "", "RFC8765, section 6.1"}};
  CHECK(compare_records(a, b).empty());
  // Rule 3: no assignee -> contact stands in.
  a = rec("x", 1, "tcp", "d"), b = a;
  a.assignee.clear();
  CHECK(compare_records(a, b).empty());
  // Rule 5: TXT-key definitions are their own field.
  b.notes = "Historic. Defined TXT keys: txtvers, path";
  const auto f = compare_records(a, b);
  REQUIRE(f.size() == 2);
  CHECK(field(f, "notes")->after == "Historic.");
  CHECK(field(f, "txt_keys")->after == "Defined TXT keys: txtvers, path");
  // Rule 4: dates compare as written.
  b = a;
  b.registered = "2003-11-01";
  a.registered = "2003-11";
  CHECK(field(compare_records(a, b), "registered"));
}

TEST_CASE("diff: added, removed, de-assigned, changed, unassigned ranges, people", "[registry][diff]") {
  snapshot old_s, new_s;
  old_s.updated = "2030-01-01";
  new_s.updated = "2030-02-01";
  old_s.records = {rec("keep", 10, "tcp", "Same"), rec("gone", 11, "udp", "Old service"),
                   rec("bye", 12, "tcp", "Was assigned"), rec("edit", 13, "tcp", "Old text")};
  record un;
  un.ports = port_range{14, 20};
  un.description = "Unassigned";
  old_s.records.push_back(un);
  record held;
  held.ports = port_range{30, 30};
  held.protocol = "udp";
  held.description = "Reserved";
  old_s.records.push_back(held);
  new_s.records = {rec("keep", 10, "tcp", "Same"), rec("taken", 30, "udp", "Now in use")};
  record reserved;
  reserved.ports = port_range{12, 12};
  reserved.protocol = "tcp";
  reserved.description = "Reserved";
  reserved.notes = "De-Assigned on 2030-01-15.";
  reserved.modified = "2030-01-15";
  new_s.records.push_back(reserved);
  auto edited = rec("EDIT", 13, "tcp", "New  text");
  edited.notes = "Defined TXT keys: a";
  edited.modified = "2030-01-20";
  new_s.records.push_back(edited);
  new_s.records.push_back(rec("fresh", 14, "tcp", "New service"));
  un.ports = port_range{15, 20};
  new_s.records.push_back(un);
  old_s.people = {person{"P1", "Ann", "", "mailto:a&b", ""}, person{"P2", "Bob", "", "", ""}};
  new_s.people = {person{"P1", "Ann", "Org", "mailto:a&b", ""}, person{"P3", "Cy", "", "", ""}};

  const auto d = diff_snapshots(old_s, new_s);
  CHECK(d.old_updated == "2030-01-01");
  CHECK(d.unchanged == 1);
  REQUIRE(d.added.size() == 1);
  CHECK(d.added[0].name == "fresh");
  REQUIRE(d.removed.size() == 1);
  CHECK(d.removed[0].name == "gone");
  REQUIRE(d.deassigned.size() == 1);
  CHECK(d.deassigned[0].before.name == "bye");
  CHECK(d.deassigned[0].after.description == "Reserved");
  REQUIRE(d.changed.size() == 1);
  const auto& f = d.changed[0].fields;
  CHECK(field(f, "name"));  // spelling changed, same key (case-insensitive)
  CHECK(field(f, "description")->after == "New text");
  CHECK(field(f, "txt_keys")->after == "Defined TXT keys: a");
  CHECK(field(f, "modified")->after == "2030-01-20");
  CHECK_FALSE(field(f, "assignee"));
  REQUIRE(d.assigned.size() == 1);
  CHECK(d.assigned[0].before.description == "Reserved");
  CHECK(d.assigned[0].after.name == "taken");
  CHECK(d.unassigned_removed.size() == 1);
  CHECK(d.unassigned_added.size() == 1);
  CHECK(d.people_added.size() == 1);
  CHECK(d.people_removed.size() == 1);
  REQUIRE(d.people_changed.size() == 1);
  CHECK(d.people_changed[0].second.org == "Org");
  CHECK(group_of(d.deassigned[0].before) == "bye");
  CHECK(group_of(reserved) == "port 12/tcp");
  // Identity.
  CHECK(diff_snapshots(new_s, new_s).empty());
}

namespace {
std::optional<snapshot> shared(const std::string& f) {
  const auto p = t::shared_registry(f);
  if (!t::exists(p)) return std::nullopt;
  auto s = load_snapshot(p);
  if (!s) FAIL(s.error().to_string());
  return std::move(*s);
}
std::optional<snapshot> seed(const std::string& f) {
  const auto p = std::string(SVCNAME_SHARED_DIR) + "/seeds/" + f;
  if (!t::exists(p)) return std::nullopt;
  auto s = load_snapshot(p);
  if (!s) FAIL(s.error().to_string());
  return std::move(*s);
}
void report(const equivalence& e) {
  for (const auto& d : e.disagreements)
    for (const auto& f : d.fields) UNSCOPED_INFO(record_key(d.before) << " " << f.field << ": " << f.before << " | " << f.after);
}
}  // namespace

TEST_CASE("equivalence: every form of the same date agrees with the XML", "[registry][diff][shared]") {
  auto x0226 = shared("service-names-port-numbers-2026-02-26.xml");
  auto x0529 = shared("service-names-port-numbers-2026-05-29.xml");
  auto x2403 = shared("service-names-port-numbers-2024-03-18.xml");
  if (!x0226 || !x0529 || !x2403) {
    WARN("IANA snapshots not present: skipped");
    return;
  }
  SECTION("markdown seeds against the XML of their date") {
    for (const auto& [s, x] : {std::pair{"000_84d5fa328d5ba1f5.txt", &*x0529}, std::pair{"003_ea17f2719f1e5fea.txt", &*x0226}}) {
      auto sd = seed(s);
      if (!sd) continue;
      CHECK(sd->updated == x->updated);
      const auto e = measure_equivalence(*x, *sd);
      report(e);
      CHECK(e.common == sd->records.size());  // every seed record is in the XML
      CHECK(e.agreeing == e.common);
    }
  }
  SECTION("flattened seeds against the next XML, on records not touched in between") {
    for (const auto& s : {"001_46e2ebe15bf0dcfa.txt", "002_57f4d79d746be7d4.txt", "004_de2ce3757f88cd50.txt"}) {
      auto sd = seed(s);
      if (!sd) continue;
      const auto e = measure_equivalence(*x0226, *sd, sd->updated);
      report(e);
      CHECK(e.common + e.skipped == sd->records.size());
      CHECK(e.agreeing == e.common);
    }
  }
  SECTION("2015 XHTML against 2024-03-18 XML, records not touched since") {
    auto h = shared("service-names-port-numbers-2015-partial.xhtml");
    REQUIRE(h);
    const auto e = measure_equivalence(*x2403, *h, h->updated);
    report(e);
    CHECK(e.common >= 90);
    CHECK(e.agreeing == e.common);
  }
  SECTION("2013 plain text against 2024-03-18 XML: most records agree") {
    auto tx = shared("service-names-port-numbers-2013-06-26.txt");
    REQUIRE(tx);
    const auto e = measure_equivalence(*x2403, *tx, tx->updated);
    CHECK(e.common > 12000);
    // Eleven years of edits (descriptions, contacts, notes) make some records differ
    // genuinely; a layout bug in the reader shows as a drop far below this.
    CHECK(e.percent() > 97.5);
  }
}

TEST_CASE("diff of IANA's 2026-02-26 and 2026-08-17 snapshots", "[registry][diff][shared]") {
  auto a = shared("service-names-port-numbers-2026-02-26.xml");
  auto b = shared("service-names-port-numbers-2026-08-17.xml");
  if (!a || !b) {
    WARN("IANA snapshots not present: skipped");
    return;
  }
  const auto d = diff_snapshots(*a, *b);
  // Every record is accounted for exactly once on each side.
  CHECK(d.unchanged + d.changed.size() + d.removed.size() + d.deassigned.size() + d.assigned.size() +
            d.unassigned_removed.size() ==
        a->records.size());
  CHECK(d.unchanged + d.changed.size() + d.added.size() + d.deassigned.size() + d.assigned.size() +
            d.unassigned_added.size() ==
        b->records.size());
  CHECK(d.added.size() == 30);
  CHECK(d.removed.empty());
  REQUIRE(d.assigned.size() == 1);  // 7123/udp: Reserved -> snif
  CHECK(d.assigned[0].after.name == "snif");
  CHECK(d.changed.size() == 30);
  CHECK(diff_snapshots(*b, *b).empty());
}
