// svcname check / registry show / registry update, end to end through the binary.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run.h"

using svcname::test::run;
namespace t = svcname::test;

TEST_CASE("check _ipp._tcp answers with registry facts", "[cli][check]") {
  auto r = run("--registry " + t::registry_2026() + " check _ipp._tcp");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("note[name-registered]") != std::string::npos);
  CHECK(r.out.find("tcp/631") != std::string::npos);
}

TEST_CASE("check 'my--svc' fails with a pointed diagnostic", "[cli][check]") {
  auto r = run("check 'my--svc'");
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("my--svc:3: error[name-hyphen-double]") != std::string::npos);
  CHECK(r.out.find("(RFC 6335 §5.1)") != std::string::npos);
  CHECK(r.out.find("      ^~") != std::string::npos);  // the two hyphens underlined
  // no registry: said once, on stderr, with how to get one
  CHECK(r.err.find("svcname registry update") != std::string::npos);
}

TEST_CASE("check --json shape", "[cli][check]") {
  auto r = run("--registry " + t::registry_2026() + " check --json _ipp._tcp htpt 'Lab\\ Printer._ipp._tcp.local.'");
  INFO(r.out << r.err);
  CHECK(r.status == 0);  // a warning does not fail by default
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["results"].size() == 3);
  CHECK(j["registry"]["updated"] == "2026-08-17");
  CHECK(j["results"][0]["kind"] == "service-type");
  CHECK(j["results"][0]["registered"] == true);
  CHECK(j["results"][0]["records"][0]["port"] == 631);
  CHECK(j["results"][1]["registered"] == false);
  CHECK(j["results"][1]["findings"][0]["code"] == "name-not-registered");
  CHECK(j["results"][1]["suggestions"].size() >= 1);
  CHECK(j["results"][2]["kind"] == "instance");
  CHECK(j["results"][2]["instance"] == "Lab Printer");
  CHECK(j["summary"]["warnings"] == 1);
}

TEST_CASE("check exit codes and --fail-on", "[cli][check]") {
  CHECK(run("check http").status == 0);
  CHECK(run("check -- -bad-").status == 1);
  CHECK(run("--registry " + t::registry_2026() + " check --fail-on warning nosuchsvcname").status == 1);
  CHECK(run("--registry " + t::registry_2026() + " check nosuchsvcname").status == 0);
  CHECK(run("check --fail-on none 'my--svc'").status == 0);
  CHECK(run("check").status == 2);            // usage: a name is required
  CHECK(run("check --bogus x").status == 2);  // usage: unknown option
  CHECK(run("frobnicate").status == 2);
  auto r = run("--registry /nonexistent/reg.xml check http");
  CHECK(r.status == 3);  // I/O
  CHECK(r.err.find("/nonexistent/reg.xml") != std::string::npos);
  CHECK(run("--help").status == 0);
  CHECK(run("check - ", "", "http\n# comment\nmy--svc\n").status == 1);
}

TEST_CASE("SVCNAME_REGISTRY is honoured", "[cli][check]") {
  auto r = run("check --json _http._tcp", "SVCNAME_REGISTRY=" + t::registry_2026());
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["registry"]["updated"] == "2026-08-17");
}

TEST_CASE("registry show by name and by port", "[cli][registry]") {
  auto r = run("--registry " + t::registry_2026() + " registry show ipp");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("ipp  631/tcp  IPP (Internet Printing Protocol)") != std::string::npos);
  CHECK(r.out.find("BonjourPrinting.pdf") != std::string::npos);
  r = run("--registry " + t::registry_2026() + " registry show --json 5353/udp");
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j[0]["records"].size() == 1);
  CHECK(j[0]["records"][0]["name"] == "mdns");
  r = run("--registry " + t::registry_2026() + " registry show htpt");
  CHECK(r.status == 1);
  CHECK(r.err.find("did you mean") != std::string::npos);
  CHECK(run("registry show ipp").status == 3);  // no registry at all
}

TEST_CASE("registry update installs a validated snapshot, offline from a file", "[cli][registry]") {
  const auto dir = t::scratch_dir("update");
  auto r = run("registry update --from " + t::registry_2026() + " -o " + dir + "/reg.xml --json");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["records"] == 14533);
  CHECK(j["updated"] == "2026-08-17");
  // a garbled file is refused and the installed one is kept intact
  std::ofstream(dir + "/bad.xml") << t::slurp(t::registry_2026()).substr(0, 100000);
  r = run("registry update --from " + dir + "/bad.xml -o " + dir + "/reg.xml");
  CHECK(r.status == 3);
  CHECK(r.err.find("nothing changed") != std::string::npos);
  CHECK(r.err.find("bad.xml:") != std::string::npos);
  CHECK(t::slurp(dir + "/reg.xml") == t::slurp(t::registry_2026()));
  // file:// URLs go through libcurl
  r = run("registry update --from file://" + t::registry_2026() + " -o " + dir + "/reg2.xml");
  CHECK(r.status == 0);
  // default install location is then used by check
  r = run("registry update --from " + t::registry_2026());
  CHECK(r.status == 0);
}

TEST_CASE("review: check never prints terminal control bytes from the input", "[cli][check][review]") {
  // ESC, a raw C1 CSI byte (0x9b) and a UTF-8 encoded C1 CSI (C2 9B) in names that have findings
  // and in one that is otherwise clean.
  // (/bin/sh may be dash: no $'...' quoting, so the bytes come from printf octal escapes)
  auto r = run("check \"$(printf 'my\\033[2Jsvc')\" \"$(printf 'bad\\233name')\" "
               "\"$(printf 'Lab\\302\\233Printer._ipp._tcp')\" \"$(printf '_daap._ht\\033tp._tcp')\"");
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\x9b') == std::string::npos);
  CHECK(r.out.find("my\\x1b[2Jsvc:3: error[name-bad-char]") != std::string::npos);
}

TEST_CASE("review: check --json survives input that is not UTF-8", "[cli][check][review]") {
  auto r = run("check --json \"$(printf '\\377\\376._ipp._tcp')\"");
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["results"].size() == 1);
}

TEST_CASE("review: 'http._tcp' says the underscore is missing", "[cli][check][review]") {
  auto r = run("check http._tcp");
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("error[type-missing-underscore]") != std::string::npos);
  CHECK(r.out.find("write _http._tcp") != std::string::npos);
}

TEST_CASE("review: registry show never prints terminal control bytes", "[cli][registry][review]") {
  // A registry file is user input: a description with ESC and a C1 CSI, and a query with ESC.
  const auto dir = t::scratch_dir("review-hostile-registry");
  const auto csv = dir + "/hostile.csv";
  {
    std::ofstream f(csv, std::ios::binary);
    f << "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
         "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
         "evil,7777,tcp,Evil \x1b]0;pwned\x07 \xc2\x9b" "2J service,,,,,,,,\n";
  }
  auto r = run("--cache-dir - --registry " + csv + " registry show evil \"$(printf 'no\\033[2Jpe')\"");
  INFO(r.out << r.err);
  CHECK(r.status == 1);  // 'nope' is not in the registry
  CHECK(r.out.find("evil  7777/tcp") != std::string::npos);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\x07') == std::string::npos);
  CHECK(r.out.find("\xc2\x9b") == std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
}

TEST_CASE("review: check - reads a list saved with CRLF line ends", "[cli][check][review]") {
  auto r = run("check -", "", "http\r\n# comment\r\nipp\r\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("name-bad-char") == std::string::npos);
  CHECK(r.out.find("http: ok") != std::string::npos);
}

TEST_CASE("review: check --help documents output and exit status", "[cli][check][review]") {
  auto r = run("check --help");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("Exit status: 0 clean, 1 findings at or above --fail-on") != std::string::npos);
  CHECK(r.out.find("svcname rules") != std::string::npos);
}

TEST_CASE("review: registry update does not echo control bytes from the file it installs",
          "[cli][registry][review]") {
  const auto dir = t::scratch_dir("review-hostile-update");
  const auto xml = dir + "/evil.xml";
  {
    std::ofstream f(xml, std::ios::binary);
    f << "<?xml version='1.0' encoding='UTF-8'?>\n"
         "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
         "<updated>2026-01-01\x1b]0;pwned\x07</updated>\n"
         "<record><name>evil</name><protocol>tcp</protocol><number>7777</number>"
         "<description>x</description></record>\n</registry>\n";
  }
  auto r = run("--cache-dir - registry update --from " + xml + " --output " + dir + "/installed.xml");
  INFO(r.out << r.err);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\x07') == std::string::npos);
}

TEST_CASE("review: registry diff does not echo control bytes from either snapshot",
          "[cli][registry][review]") {
  const auto dir = t::scratch_dir("review-hostile-diff");
  auto write = [&](const std::string& path, const std::string& person, const std::string& desc) {
    std::ofstream f(path, std::ios::binary);
    f << "<?xml version='1.0' encoding='UTF-8'?>\n"
         "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
         "<updated>2026-01-01</updated>\n"
         "<record><name>ev\x1bil</name><protocol>tcp</protocol><number>7777</number>"
         "<description>" << desc << "</description></record>\n"
         "<people>" << person << "</people>\n</registry>\n";
  };
  write(dir + "/old.xml", "", "x");
  write(dir + "/new.xml", "<person id=\"Ev\x1bil\"><name>Mal\x1b]0;t\x07ory</name></person>", "y\x1b[2J");
  auto r = run("--cache-dir - registry diff " + dir + "/old.xml " + dir + "/new.xml");
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("people: 1 added") != std::string::npos);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\x07') == std::string::npos);
}

TEST_CASE("review: registry search, load and port-range show escape registry text",
          "[cli][registry][review]") {
  const auto dir = t::scratch_dir("review-hostile-extra");
  const auto csv = dir + "/hostile.csv";
  {
    std::ofstream f(csv, std::ios::binary);
    f << "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
         "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
         "evil,7777,tcp,Evil \x1b]0;pwned\x07 \xc2\x9b" "2J service,,,,,,,,\n";
  }
  const std::vector<std::string> cmds{"registry search evil", "registry show 7770-7780/tcp",
                                    "registry load " + csv};
  for (const auto& cmd : cmds) {
    auto r = run("--cache-dir - --registry " + csv + " " + cmd);
    INFO(cmd << "\n" << r.out << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find(cmd.starts_with("registry load") ? "1 records" : "evil ") != std::string::npos);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
    CHECK(r.err.find('\x1b') == std::string::npos);
  }
}
