// `svcname txt check|decode` and `svcname registry txt-keys|show`, end to end through the built
// binary 
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "pcap_writer.h"
#include "run.h"

namespace t = svcname::test;

namespace {

using svcname::test::run;

std::string reg2026() {
  return "--registry " + t::shared_registry("service-names-port-numbers-2026-08-17.xml") + " --cache-dir - ";
}
bool have_reg() { return t::exists(t::shared_registry("service-names-port-numbers-2026-08-17.xml")); }

}  // namespace

TEST_CASE("txt check: clean record exits 0, §6 errors exit 1 with compiler-style lines",
          "[txt][cli]") {
  auto ok = run("txt check txtvers=1 'note=Room 204'");
  INFO(ok.out << ok.err);
  CHECK(ok.status == 0);
  CHECK(ok.out.find("args: ok") != std::string::npos);
  auto bad = run("txt check a=1 =orphan");
  INFO(bad.out << bad.err);
  CHECK(bad.status == 1);
  CHECK(bad.out.find("args:6: error[txt-key-missing]") != std::string::npos);
  CHECK(bad.out.find("string 1 at byte 4") != std::string::npos);
  CHECK(bad.out.find("(RFC 6763 §6.4)") != std::string::npos);
  // Warnings fail only with --fail-on warning.
  CHECK(run("txt check tencharkey=1").status == 0);
  CHECK(run("txt check --fail-on warning tencharkey=1").status == 1);
  CHECK(run("txt check --fail-on none a=1 =x").status == 0);
}

TEST_CASE("txt check: wire inputs and input errors", "[txt][cli]") {
  CHECK(run("txt check --hex 00").status == 0);
  auto empty = run("txt check --file -");  // zero bytes on stdin: zero-length RDATA
  CHECK(empty.status == 1);
  CHECK(empty.out.find("error[txt-empty-rdata]") != std::string::npos);
  auto trunc = run("txt check --base64 CXR4dHZlcnM9MQVhYg==");
  INFO(trunc.out << trunc.err);
  CHECK(trunc.status == 1);
  CHECK(trunc.out.find("txtvers=1") != std::string::npos);  // the good string is still shown
  CHECK(trunc.out.find("error[txt-truncated]") != std::string::npos);
  auto badhex = run("txt check --hex 0g");
  CHECK(badhex.status == 2);
  CHECK(badhex.err.find("offset 1") != std::string::npos);
  CHECK(run("txt check").status == 2);
  CHECK(run("txt check --hex 00 a=1").status == 2);
  CHECK(run("txt check 'x=\\q'").status == 2);
  CHECK(run("txt check --file /nonexistent/rdata.bin").status == 3);
  CHECK(run("txt check --type 'not a type' a=1").status == 2);
  // Binary values never reach the terminal raw.
  auto bin = run("txt check 'v=\\x1b[2J\\x07'");
  for (const char c : bin.out) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
}

TEST_CASE("txt check --type uses the curated catalog, a user catalog and --catalog", "[txt][cli]") {
  auto r = run("txt check --type _ipp._tcp --json txtvers=1 rp=ipp/print Color=maybe");
  INFO(r.out << r.err);
  CHECK(r.status == 0);  // spec findings are warnings
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["service"] == "ipp");
  CHECK(j["spec"]["status"] == "keys");
  CHECK(j["record"]["strings"].size() == 3);
  std::set<std::string> codes;
  for (const auto& f : j["findings"]) codes.insert(f["code"].get<std::string>());
  CHECK(codes.count("txt-spec-bad-value"));
  CHECK(codes.count("txt-spec-missing-required"));
  CHECK(j["summary"]["warnings"].get<int>() >= 4);
  const auto dir = t::scratch_dir("txt-cli-catalog");
  std::ofstream(dir + "/widget.json") << R"({"service": "widget", "keys": [{"key": "v", "required": true}]})";
  auto w = run("txt check --type _widget._tcp --catalog " + dir + " --fail-on warning x=1");
  INFO(w.out << w.err);
  CHECK(w.status == 1);
  CHECK(w.out.find("'v' is required by 'widget'") != std::string::npos);
  CHECK(w.out.find("'x' is not documented for 'widget'") != std::string::npos);
  std::ofstream(dir + "/broken.json") << "{";
  auto b = run("txt check --type _widget._tcp --catalog " + dir + " x=1");
  CHECK(b.status == 3);
  CHECK(b.err.find("broken.json: not valid JSON") != std::string::npos);
}

TEST_CASE("txt check --type falls back to the registry note", "[txt][cli][registry]") {
  REQUIRE(have_reg());
  auto r = run(reg2026() + "txt check --type _daap._tcp --json txtvers=1 'Machine Name=x' bogus=1");
  INFO(r.out << r.err);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["spec"]["origin"] == "registry");
  bool unknown = false;
  for (const auto& f : j["findings"])
    unknown = unknown || (f["code"] == "txt-spec-unknown-key" && f["detail"].get<std::string>().find("'bogus'") != std::string::npos);
  CHECK(unknown);
}

TEST_CASE("txt decode: text form to wire and back", "[txt][cli]") {
  auto r = run("txt decode --json 'note=Room 204' 'bin=\\x00\\xff' flag empty=");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["strings"][1]["value_hex"] == "00ff");
  CHECK(j["strings"][2]["state"] == "boolean");
  CHECK(j["strings"][3]["state"] == "empty");
  const std::string hex = j["rdata_hex"];
  auto back = run("txt decode --json --hex " + hex);
  auto jb = nlohmann::json::parse(back.out);
  CHECK(jb["text"] == j["text"]);
  CHECK(run("txt decode --hex 0974787476").status == 1);
  auto human = run("txt decode --hex 09747874766572733d31");
  CHECK(human.out.find("[0] @0    value   txtvers=1") != std::string::npos);
}

TEST_CASE("registry txt-keys --jsonl exports one service per line in the agreed shape",
          "[txt][cli][registry]") {
  REQUIRE(have_reg());
  auto r = run(reg2026() + "registry txt-keys --jsonl");
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::istringstream in(r.out);
  std::size_t lines = 0;
  bool adisk = false;
  std::set<std::string> services;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    auto j = nlohmann::json::parse(line);
    CHECK(j.size() == 5);
    CHECK(services.insert(j["service"].get<std::string>()).second);
    if (j["service"] == "adisk") {
      adisk = true;
      CHECK(line ==
            R"({"service": "adisk", "status": "keys", "keys": [{"key": "sys", "value": null, "pattern": null}, {"key": "dkX", "value": null, "pattern": "dk[0-9]+"}], "open": false, "inherits": null})");
    }
  }
  CHECK(adisk);
  CHECK(lines > 900);
  auto some = run(reg2026() + "registry txt-keys caldav nosuchservice");
  CHECK(some.status == 1);
  CHECK(some.out.find("(inherits http)") != std::string::npos);
  CHECK(some.err.find("'nosuchservice'") != std::string::npos);
}

TEST_CASE("registry show NAME includes the TXT key spec", "[txt][cli][registry]") {
  REQUIRE(have_reg());
  auto h = run(reg2026() + "registry show adisk");
  INFO(h.out << h.err);
  CHECK(h.out.find("TXT keys") != std::string::npos);
  CHECK(h.out.find("registry note: keys: sys, dkX") != std::string::npos);
  CHECK(h.out.find("key~dk[0-9]+") != std::string::npos);
  auto j = nlohmann::json::parse(run(reg2026() + "registry show ipp --json").out);
  CHECK(j[0]["txt_keys"]["registry"]["status"] == "reference");
  CHECK(j[0]["txt_keys"]["catalog"]["service"] == "ipp");
  CHECK(j[0]["txt_keys"]["catalog"]["keys"].size() > 20);
}

TEST_CASE("review: txt input errors point at the right column and say why a file failed",
          "[txt][cli][review]") {
  // Text `a=\"b \q`: the bad escape \q is at offset 6; the escaped echo `a=\\\"b \\q` has it at
  // column 8, so the caret line is 4 + 8 spaces then '^'.
  auto r = svcname::test::run("txt check --text 'a=\\\"b \\q'");
  INFO(r.out << r.err);
  CHECK(r.status == 2);
  CHECK(r.err.find("    a=\\\\\\\"b \\\\q\n            ^\n") != std::string::npos);
  r = svcname::test::run("txt check --file /nonexistent/rdata.bin");
  INFO(r.err);
  CHECK(r.status == 3);
  CHECK(r.err.find("No such file or directory") != std::string::npos);
}

TEST_CASE("the curated catalog is built into the binary, not read from the source tree",
          "[txt][cli][catalog]") {
  // An installed or copied svcname has no registry/txt-keys beside it; the specs still apply.
  auto r = run("txt check --json --type _hap._tcp 'c#=2'");
  INFO(r.out << r.err);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["spec"]["origin"] == "built-in txt-keys/hap.json");
  bool missing_pv = false;
  for (const auto& f : j["findings"])
    missing_pv |= f["code"] == "txt-spec-missing-required" && f["detail"].get<std::string>().find("'pv'") != std::string::npos;
  CHECK(missing_pv);
}

TEST_CASE("txt pcap checks every TXT record a capture holds, once per record", "[txt][cli][capture]") {
  const auto dir = t::scratch_dir("cli-pcap");
  auto load = [](const char* f) {
    const auto s = t::slurp(std::string(SVCNAME_SOURCE_DIR) + "/tests/data/packets/" + f);
    REQUIRE_FALSE(s.empty());
    return t::bytes(s.begin(), s.end());
  };
  const auto avahi = load("avahi_legacy_http.bin"), zc = load("zeroconf_legacy_http.bin");
  const t::bytes bad_counts{0, 0, 0x84, 0, 0, 0, 0, 5, 0, 0, 0, 0};  // 5 answers announced, none there
  const std::string cap = dir + "/lan.pcap";
  REQUIRE(t::write_pcap(cap, DLT_EN10MB,
                        {t::ethernet(t::ipv4(t::udp(avahi, 5353, 40000), {198, 18, 77, 2}), 0x0800),
                         t::ethernet(t::ipv4(t::udp(avahi, 5353, 40000), {198, 18, 77, 2}), 0x0800),
                         t::ethernet(t::ipv6(t::udp(zc, 5353, 40000), {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xb}), 0x86DD),
                         t::ethernet(t::ipv4(t::udp(bad_counts, 5353, 5353), {198, 18, 77, 3}), 0x0800)}));
  auto r = run("txt pcap " + cap);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("4 frame(s), 4 DNS datagram(s), 4 distinct TXT record(s)") != std::string::npos);
  CHECK(r.out.find("lan.pcap:1: B\u00fcro Drucker 2\\.OG._http._tcp.local.") != std::string::npos);  // UTF-8 kept, dot escaped
  CHECK(r.out.find("Drucker 2\\.OG._http._tcp.local.  (from 198.18.77.2, seen 2 time(s), TTL 10)") != std::string::npos);
  CHECK(r.out.find("lan.pcap:3:1: error[txt-empty-rdata]") != std::string::npos);  // Café Ünïcode: §6.1
  CHECK(r.out.find("lan.pcap:3:10: error[txt-key-empty]") != std::string::npos);   // ZC Web on B: §6.4
  CHECK(r.out.find("lan.pcap:4: error: malformed DNS message from 198.18.77.3: bad_count") != std::string::npos);
  CHECK(r.out.find("keys of 'http' from built-in txt-keys/http.json") != std::string::npos);

  auto j = run("txt pcap --json " + cap);
  auto doc = nlohmann::json::parse(j.out);
  const auto& f = doc["files"][0];
  CHECK(f["frames"] == 4);
  REQUIRE(f["records"].size() == 4);
  CHECK(f["records"][0]["seen"] == 2);
  CHECK(f["records"][0]["source"] == "198.18.77.2");
  CHECK(f["records"][0]["time"] == "2026-01-01T00:00:00.250000Z");
  CHECK(f["records"][3]["name"] == "Café Ünïcode._http._tcp.local.");
  CHECK(f["records"][3]["rdata_hex"] == "");
  CHECK(f["malformed"].size() == 1);
  CHECK(doc["summary"]["failed"] == true);

  auto only = run("txt pcap --json --type _ipp._tcp " + cap);
  CHECK(nlohmann::json::parse(only.out)["files"][0]["records"].empty());

  SECTION("bad inputs: exit 2 for usage, 3 for a capture that cannot be read") {
    CHECK(run("txt pcap --type ipp.tcp " + cap).status == 2);
    CHECK(run("txt pcap").status == 2);
    std::ofstream(dir + "/notes.txt") << "not a capture\n";
    auto bad = run("txt pcap " + dir + "/notes.txt");
    CHECK(bad.status == 3);
    CHECK(bad.err.find("not a pcap or pcapng capture") != std::string::npos);
    const auto whole = t::slurp(cap);
    std::ofstream(dir + "/cut.pcap", std::ios::binary) << whole.substr(0, whole.size() - 5);
    auto cut = run("txt pcap " + dir + "/cut.pcap");
    CHECK(cut.status == 3);  // what was read is still reported
    CHECK(cut.out.find("ZC Web on B._http._tcp.local.") != std::string::npos);
    CHECK(cut.err.find("after frame 3") != std::string::npos);
  }
}
