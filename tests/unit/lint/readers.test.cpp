// Every reader on real-shaped fixtures (tests/data/lint/) with the findings expected at
// known lines and columns: "line:column rule-id". No registry: syntax rules only.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "svcname/lint/lint.h"
#include "test_paths.h"

using namespace svcname;
using namespace svcname::lint;

namespace {

std::vector<std::string> found(const file_report& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    out.push_back(std::to_string(f.line) + ":" + std::to_string(f.column) + " " +
                  std::string(to_string(f.diag.code)));
  return out;
}

file_report lint_fixture(const std::string& rel, file_format fmt = file_format::unknown) {
  return lint_file(test::data("lint/" + rel), fmt, {});
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("Avahi service file: type, subtype, port, suppression", "[lint][avahi]") {
  const auto r = lint_fixture("avahi/printer.service");
  CHECK(r.format == file_format::avahi);
  CHECK(found(r) == V{"14:14 name-bad-char", "15:26 subtype-type-mismatch", "16:11 port-invalid",
                      "19:27 name-too-long"});
  CHECK(r.suppressed == 1);  // <!-- svcname: ignore[name-too-long] --> on line 23 covers line 24
  CHECK(r.names == 7);       // name, 3 types, 2 subtypes... each checked once
  CHECK(r.findings[0].source_line == "    <type>_my_printer._tcp</type>");
  CHECK(r.findings[0].subject == "_");
}

TEST_CASE("Avahi service file that is not well-formed XML", "[lint][avahi]") {
  const auto r = lint_fixture("avahi/broken.service");
  REQUIRE(found(r) == V{"8:5 avahi-syntax"});
  CHECK(r.findings[0].diag.detail.find("mismatch") != std::string::npos);
}

TEST_CASE(".dnssd files: specifiers, types, ports, missing Type=", "[lint][dnssd]") {
  CHECK(found(lint_fixture("dnssd/http.dnssd")).empty());
  CHECK(lint_fixture("dnssd/http.dnssd").names == 3);
  const auto bad = lint_fixture("dnssd/bad.dnssd");
  CHECK(found(bad) == V{"2:15 unknown-specifier", "3:10 name-bad-char", "5:6 port-invalid",
                        "6:1 dnssd-syntax"});
  CHECK(bad.suppressed == 1);  // Port=445000 under "; svcname: ignore[port-invalid]"
  CHECK(found(lint_fixture("dnssd/notype.dnssd")) == V{"1:1 missing-type"});
}

TEST_CASE("Kubernetes manifests: every workload template, Service ports", "[lint][k8s]") {
  const auto r = lint_fixture("k8s/app.yaml");
  CHECK(r.format == file_format::kubernetes);
  CHECK(found(r) == V{"21:21 k8s-port-name-uppercase", "23:36 name-too-long",
                      "35:16 name-hyphen-double", "37:19 k8s-port-name-uppercase",
                      "46:24 name-bad-char", "63:25 name-hyphen-edge"});
  CHECK(r.names == 11);
  // The quoted "grpc" on line 25 is found (and valid); the uppercase error is its own rule.
  CHECK(r.findings[0].diag.fix == "write 'http'");
}

TEST_CASE("Kubernetes manifest with a YAML syntax error", "[lint][k8s]") {
  const auto r = lint_fixture("k8s/broken.yaml");
  REQUIRE(found(r) == V{"11:10 yaml-syntax"});
}

TEST_CASE("YAML that is not a Kubernetes object is not ours", "[lint][k8s]") {
  CHECK(lint_fixture("k8s/not-k8s.yaml").format == file_format::unknown);
  // Forced, it is read as a manifest and has nothing to report.
  const auto forced = lint_fixture("k8s/not-k8s.yaml", file_format::kubernetes);
  CHECK(forced.findings.empty());
}

TEST_CASE("Zone file: SRV owners and DNS-SD PTR/SRV/TXT", "[lint][zone]") {
  const auto r = lint_fixture("zone/example.zone");
  CHECK(found(r) == V{"15:6 name-bad-char", "17:1 srv-owner", "18:32 port-invalid",
                      "23:40 name-hyphen-double", "25:36 ptr-type-mismatch"});
  CHECK(r.names == 12);
}

TEST_CASE("Zone files that cannot be parsed", "[lint][zone]") {
  CHECK(found(lint_fixture("zone/broken.zone")) == V{"3:26 zone-syntax"});
  CHECK(found(lint_fixture("zone/quote.zone")) == V{"2:24 zone-syntax", "3:1 zone-syntax"});
}

TEST_CASE("/etc/services and plain lists", "[lint][services][list]") {
  CHECK(found(lint_fixture("services/services")) ==
        V{"5:9 name-bad-char", "7:16 name-too-long", "8:10 port-invalid", "9:1 services-syntax"});
  const auto l = lint_fixture("list/names.svcnames");
  CHECK(found(l) == V{"5:4 name-hyphen-double", "7:1 name-no-letter"});
  CHECK(l.suppressed >= 1);
}

TEST_CASE("a file that does not exist is an I/O finding", "[lint]") {
  const auto r = lint_fixture("no/such/file.zone");
  CHECK(r.io_error);
  CHECK(found(r) == V{"1:1 lint-io-error"});
}

TEST_CASE("columns count code points, not bytes", "[lint]") {
  // "Café" has a 2-byte 'é': the bad '_' after it is column 8 on its line.
  const auto r = lint_text("x.svcnames", "# Café\nabc-é_d\n", file_format::list, {});
  REQUIRE_FALSE(r.findings.empty());
  CHECK(r.findings[0].line == 2);
  CHECK(r.findings[0].column == 5);  // 'é' itself is the first bad character
}

TEST_CASE("format detection by name and content", "[lint]") {
  CHECK(detect_format("etc/x.dnssd", "") == file_format::dnssd);
  CHECK(detect_format("a/b.service", "[Unit]\nDescription=x\n") == file_format::unknown);
  CHECK(detect_format("a/b.service", "<service-group>") == file_format::avahi);
  CHECK(detect_format("db.example", "$ORIGIN example.com.\n") == file_format::zone);
  CHECK(detect_format("etc/services", "") == file_format::services);
  CHECK(detect_format("README", "hello") == file_format::unknown);
  CHECK(detect_format("noext", "apiVersion: v1\nkind: Service\n") == file_format::kubernetes);
}

TEST_CASE("YAML that hangs yaml-cpp 0.7 is a yaml-syntax finding; valid YAML is not", "[lint][k8s]") {
  // Found by fuzzing: yaml-cpp 0.7 loops forever on these. Each is invalid YAML.
  for (std::string_view bad : std::initializer_list<std::string_view>{"--- ,\n", "\"a\",\n", "'a',b\n", "[a] ,\n", "{a: 1},\n", "\"a\"\n,\n", "!t &a ,\n",
                          "\"\"\"#\"\"\"&\"\",\n", "a: \"x\" y\n",
                          "---  &t\n !a,x\n", std::string_view("\0,\n", 3), "a: b\x7f\n",
                          "kind: Pod\x01\n",
                          // These pass every pre-scan; the document-progress guard stops them.
                          " \n|\n  ,xx|\n ,x\n",
                          "kinnary\n\"\\\nxff Pod\n/od\n/--\n--x\n--- ,!!binary\n\"\n"}) {
    const auto r = lint_text("x.yaml", bad, file_format::kubernetes, {});
    INFO(bad);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].diag.code == diag_code::lint_parse_yaml);
  }
  // Commas that are fine: inside flow collections, plain scalars, block scalars, quotes.
  const std::string good =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"a,b\", labels: {x: y}}\n"
      "data:\n  list: a, b, c\n  note: say \"hi\", then go\n  json: |\n    \"x\",\n    [1, 2] ,\n"
      "  more: >\n    \"y\",\n  args: [\"--a\", \"--b\"]\n---\napiVersion: v1\nkind: Pod\n"
      "spec:\n  containers:\n    - name: c\n      ports:\n        - {name: http, containerPort: 80}\n";
  const auto r = lint_text("x.yaml", good, file_format::kubernetes, {});
  CHECK(r.findings.empty());
  CHECK(r.names == 1);
  // Empty documents each start at their own '---', so the guard lets them through.
  const auto e = lint_text("x.yaml", "---\n---\n...\n---\nkind: Pod\nspec:\n  containers:\n"
                           "    - ports: [{name: ipp}]\n---\n", file_format::kubernetes, {});
  CHECK(e.findings.empty());
  CHECK(e.names == 1);
}

TEST_CASE("Kubernetes: EndpointSlice, Endpoints and Ingress name Service ports", "[lint][k8s]") {
  const auto r = lint_fixture("k8s/routing.yaml");
  CHECK(r.format == file_format::kubernetes);
  CHECK(found(r) == V{"11:18 name-hyphen-double", "24:15 k8s-port-name-uppercase",
                      "47:40 name-too-long"});  // columns of the offending characters
  CHECK(r.names == 5);  // http, metrics--port, Admin, http (default backend), web-frontend-port
}
