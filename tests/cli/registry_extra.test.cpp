// registry diff|compare|load|search|people and range/protocol show, end to end.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run.h"

using svcname::test::run;
namespace t = svcname::test;

namespace {
std::string fx(const std::string& f) {
  return std::string(SVCNAME_SOURCE_DIR) + "/tests/data/registry/formats/" + f;
}
}  // namespace

TEST_CASE("registry load: format, counts and notes", "[cli][registry]") {
  auto r = run("registry load " + fx("mini-flat.txt"));
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("flat-text, last updated 2030-01-02: 7 records, 5 distinct names, 6 people, 2 notes") !=
        std::string::npos);
  CHECK(r.err.find("mini-flat.txt:9: note: one date (2013-05-24)") != std::string::npos);
  auto j = run("registry load --json " + fx("mini.txt"));
  auto js = nlohmann::json::parse(j.out);
  CHECK(js["format"] == "iana-text");
  CHECK(js["records"] == 7);
}

TEST_CASE("registry load: unknown content names every format tried", "[cli][registry]") {
  const auto dir = t::scratch_dir("cli-unknown-format");
  {
    std::ofstream(dir + "/x.txt") << "hello\nworld\n";
  }
  auto r = run("registry load " + dir + "/x.txt");
  INFO(r.out << r.err);
  CHECK(r.status == 3);
  for (const auto f : {"xml", "csv", "xhtml", "iana-text", "markdown", "flat-text"})
    CHECK(r.err.find(f) != std::string::npos);
}

TEST_CASE("registry compare: every form of the fixture agrees with its XML", "[cli][registry]") {
  for (const auto f : {"mini.txt", "mini.xhtml", "mini.md", "mini-flat.txt"}) {
    auto r = run("registry compare --json " + fx("mini.xml") + " " + fx(f));
    INFO(f << r.out << r.err);
    CHECK(r.status == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["common"] == 7);
    CHECK(j["percent"] == 100.0);
  }
}

TEST_CASE("registry diff: grouped by service name, human and JSON", "[cli][registry]") {
  const auto dir = t::scratch_dir("cli-diff");
  std::string md = t::slurp(fx("mini.md"));
  // A changed description, and ftp de-assigned (its row replaced by an unnamed Reserved one).
  md.replace(md.find("Broadband Forum CWMP"), 20, "CPE WAN Management");
  md.replace(md.find("| ftp | 21 | tcp | File Transfer Protocol [Control] | [Jon_Postel] | [Jon_Postel] | [RFC959] |"),
             86, "| 21 | tcp | Reserved | 2030-01-05 | De-Assigned on 2030-01-05. |");
  {
    std::ofstream(dir + "/new.md") << md;
  }
  auto r = run("registry diff " + fx("mini.md") + " " + dir + "/new.md");
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("0 added, 0 removed, 1 de-assigned, 0 assigned from Reserved, 1 changed, 5 unchanged") != std::string::npos);
  CHECK(r.out.find("\ncwmp\n  ~ changed     7547/tcp\n      description: \"Broadband Forum CWMP\" -> \"CPE WAN Management\"") !=
        std::string::npos);
  CHECK(r.out.find("\nftp\n  x de-assigned 21/tcp  now \"Reserved\"") != std::string::npos);
  auto j = nlohmann::json::parse(run("registry diff --json " + fx("mini.md") + " " + dir + "/new.md").out);
  CHECK(j["summary"]["deassigned"] == 1);
  CHECK(j["groups"][0]["group"] == "cwmp");
  CHECK(j["groups"][0]["changed"][0]["fields"][0]["field"] == "description");
  CHECK(run("registry diff " + fx("mini.xml") + " " + fx("mini.txt")).status == 0);  // same records
}

TEST_CASE("registry search, people, ranges and protocols", "[cli][registry]") {
  const std::string reg = "--cache-dir - --registry " + fx("mini.xml") + " ";
  auto s = run(reg + "registry search file transfer");
  INFO(s.out << s.err);
  CHECK(s.status == 0);
  CHECK(s.out.find("ftp") != std::string::npos);
  CHECK(run(reg + "registry search nosuchthing").status == 1);

  auto p = run(reg + "registry people --json '[IETF_Chair]'");
  INFO(p.out << p.err);
  auto pj = nlohmann::json::parse(p.out);
  CHECK(pj[0]["name"] == "IETF Chair");
  CHECK(pj[0]["org"] == "IETF");
  CHECK(pj[0]["contact"] == "mailto:chair@ietf.org");
  CHECK(pj[0]["records"][0]["name"] == "sztp");
  CHECK(run(reg + "registry people Nobody").status == 1);

  auto rg = run(reg + "registry show --json 20-60");
  INFO(rg.out << rg.err);
  auto rj = nlohmann::json::parse(rg.out);
  REQUIRE(rj[0]["records"].size() == 2);  // ftp 21, Reserved 51
  CHECK(rj[0]["records"][0]["name"] == "ftp");
  auto pr = nlohmann::json::parse(run(reg + "registry show --json 1-8000/udp").out);
  REQUIRE(pr[0]["records"].size() == 1);
  CHECK(pr[0]["records"][0]["name"] == "msp");
  auto tcp = nlohmann::json::parse(run(reg + "registry show --json /tcp").out);
  CHECK(tcp[0]["records"].size() == 3);  // ftp, cwmp, sztp
  CHECK(run(reg + "registry show 100-200/udp").status == 1);
}

TEST_CASE("registry update prints the diff against the previous snapshot", "[cli][registry]") {
  const auto a = t::shared_registry("service-names-port-numbers-2026-02-26.xml");
  const auto b = t::registry_2026();
  if (!t::exists(a) || !t::exists(b)) {
    WARN("IANA snapshots not present: skipped");
    return;
  }
  const auto dir = t::scratch_dir("cli-update-diff");
  REQUIRE(run("--cache-dir - registry update --from " + a + " -o " + dir + "/r.xml").status == 0);
  auto r = run("--cache-dir - registry update --from " + b + " -o " + dir + "/r.xml");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("registry 2026-02-26 -> 2026-08-17: 30 added, 0 removed, 0 de-assigned, 1 assigned from Reserved, 30 changed") !=
        std::string::npos);
}
