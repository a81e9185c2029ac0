// End to end: `svcname lint` on the fixtures in tests/data/lint, every output format,
// exit codes, configuration, suppressions, --init, excludes and parallel determinism.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "run.h"

using svcname::test::run;
using svcname::test::run_result;

namespace {

const std::string fixtures = std::string(SVCNAME_SOURCE_DIR) + "/tests/data/lint";

/// Runs svcname in @p dir (a private HOME/XDG, no colour, no registry unless given).
run_result lint_in(const std::string& dir, const std::string& args) {
  static int n = 0;
  const auto home = svcname::test::scratch_dir("cli-lint-" + std::to_string(++n));
  const std::string errf = home + "/stderr";
  const std::string cmd = "cd '" + dir + "' && env -u SVCNAME_REGISTRY HOME=" + home +
                          " XDG_DATA_HOME=" + home + "/data XDG_CACHE_HOME=" + home +
                          "/cache NO_COLOR=1 " + SVCNAME_EXE + " " + args + " </dev/null 2>" + errf;
  run_result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t got;
  while ((got = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), got);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.err = svcname::test::slurp(errf);
  return r;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("lint: human output, findings at their lines, exit 1", "[cli][lint]") {
  const auto r = lint_in(fixtures, "lint --no-config .");
  CHECK(r.status == 1);
  CHECK(contains(r.out, "k8s/app.yaml:21:21: error[k8s-port-name-uppercase]:"));
  CHECK(contains(r.out, "zone/example.zone:17:1: error[srv-owner]:"));
  CHECK(contains(r.out, "avahi/broken.service:8:5: error[avahi-syntax]:"));
  CHECK(contains(r.out, "(RFC 6335 §5.1)"));
  CHECK(contains(r.out, "                - name: HTTP\n                        ^\n"));  // line + caret
  CHECK(contains(r.out, "svcname lint: 13 files, 57 names checked: 34 errors"));
  CHECK_FALSE(contains(r.out, "not-k8s.yaml"));  // a CI workflow is not ours: skipped
  CHECK_FALSE(contains(r.out, "\033["));          // NO_COLOR and not a terminal
}

TEST_CASE("lint: a clean file exits 0", "[cli][lint]") {
  const auto r = lint_in(fixtures, "lint --no-config dnssd/http.dnssd");
  CHECK(r.status == 0);
  CHECK(contains(r.out, "1 file, 3 names checked: 0 errors"));
}

TEST_CASE("lint: exit codes for usage and I/O errors", "[cli][lint]") {
  CHECK(lint_in(fixtures, "lint --no-config --format xml .").status == 2);
  const auto missing = lint_in(fixtures, "lint --no-config no-such-dir/x.zone");
  CHECK(missing.status == 3);
  CHECK(contains(missing.out, "no-such-dir/x.zone:1:1: error[lint-io-error]"));
  // A file named explicitly that is in no known format is a warning, not a silent skip.
  const auto dir = svcname::test::scratch_dir("lint-unknown");
  write(dir + "/notes.txt", "hello\n");
  const auto unk = lint_in(dir, "lint --no-config notes.txt");
  CHECK(unk.status == 0);
  CHECK(contains(unk.out, "notes.txt:1:1: warning[lint-unknown-format]"));
  CHECK(lint_in(dir, "lint --no-config --fail-on warning notes.txt").status == 1);
}

TEST_CASE("lint: --format forces the input format", "[cli][lint]") {
  const auto dir = svcname::test::scratch_dir("lint-force");
  write(dir + "/names.txt", "ipp\nbad--name\n");
  CHECK(lint_in(dir, "lint --no-config names.txt").status == 0);  // unknown format: warning
  const auto r = lint_in(dir, "lint --no-config --format list names.txt");
  CHECK(r.status == 1);
  CHECK(contains(r.out, "names.txt:2:4: error[name-hyphen-double]"));
}

TEST_CASE("lint: JSON output, identical for 1 and 4 threads", "[cli][lint]") {
  const auto a = lint_in(fixtures, "lint --no-config --format json -j 1 .");
  const auto b = lint_in(fixtures, "lint --no-config --format json -j 4 .");
  REQUIRE(a.status == 1);
  CHECK(a.out == b.out);
  const auto j = nlohmann::json::parse(a.out);
  CHECK(j["summary"]["errors"] == 34);
  CHECK(j["files"].size() == 13);
  bool found = false;
  for (const auto& f : j["files"]) {
    if (f["path"] != "k8s/app.yaml") continue;
    CHECK(f["format"] == "kubernetes");
    CHECK(f["findings"][0]["rule"] == "k8s-port-name-uppercase");
    CHECK(f["findings"][0]["line"] == 21);
    CHECK(f["findings"][0]["column"] == 21);
    found = true;
  }
  CHECK(found);
  CHECK(contains(a.err, "svcname lint: 13 files"));  // summary on stderr for machine formats
}

TEST_CASE("lint: SARIF shape", "[cli][lint]") {
  const auto r = lint_in(fixtures, "lint --no-config --format sarif .");
  REQUIRE(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["version"] == "2.1.0");
  const auto& run0 = j["runs"][0];
  const auto& rules = run0["tool"]["driver"]["rules"];
  const auto& res = run0["results"];
  REQUIRE(res.size() == 41);  // 34 errors, 7 TXT warnings (the IPP and HTTP TXT-key specs)
  for (const auto& x : res) {
    const auto idx = x["ruleIndex"].get<std::size_t>();
    CHECK(rules[idx]["id"] == x["ruleId"]);
    CHECK(x["partialFingerprints"].contains("svcnameFinding/v1"));
    CHECK(x["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() >= 1);
  }
  bool has_help = false;
  for (const auto& rule : rules)
    if (rule["id"] == "name-too-long")
      has_help = rule["helpUri"] == "https://www.rfc-editor.org/rfc/rfc6335#section-5.1" &&
                 contains(rule["help"]["text"].get<std::string>(), "RFC 6335 §5.1");
  CHECK(has_help);
}

TEST_CASE("lint: GitHub annotations and JUnit", "[cli][lint]") {
  const auto g = lint_in(fixtures, "lint --no-config --format github .");
  CHECK(g.status == 1);
  CHECK(contains(g.out, "::error file=k8s/app.yaml,line=21,endLine=21,col=21,endColumn=22,"
                        "title=svcname k8s-port-name-uppercase::"));
  const auto j = lint_in(fixtures, "lint --no-config --format junit .");
  CHECK(j.status == 1);
  CHECK(contains(j.out, "<testsuites name=\"svcname lint\" tests=\"13\""));
  // A file with warnings only is a passing test case (its findings in system-out).
  const auto at = j.out.find("<testcase classname=\"svcname.lint\" name=\"dnssd/http.dnssd\">");
  REQUIRE(at != std::string::npos);
  const auto body = j.out.substr(at, j.out.find("</testcase>", at) - at);
  CHECK_FALSE(contains(body, "<failure"));
  CHECK(contains(body, "<system-out>dnssd/http.dnssd:7:27: warning[txt-spec-unknown-key]"));
  CHECK(contains(j.out, "<failure message=\"6 finding(s)\""));
}

TEST_CASE("lint: TXT records are graded by the TXT layer", "[cli][lint][txt]") {
  const auto dir = svcname::test::scratch_dir("lint-txt");
  write(dir + "/p.zone",
        "$ORIGIN example.com.\nLab._ipp._tcp IN TXT \"txtvers=1\" \"rp=a\" \"RP=b\" \"=x\"\n");
  const auto r = lint_in(dir, "lint --no-config p.zone");
  CHECK(r.status == 1);
  // rp and RP: keys compare case-insensitively (RFC 6763 §6.4), at the second one's key.
  CHECK(contains(r.out, "p.zone:2:42: warning[txt-duplicate-key]"));
  CHECK(contains(r.out, "p.zone:2:49: error[txt-key-missing]"));  // "=x" (§6.4)
}

TEST_CASE("lint: --output writes the report to a file", "[cli][lint]") {
  const auto dir = svcname::test::scratch_dir("lint-output");
  const auto r = lint_in(fixtures, "lint --no-config --format json -o " + dir + "/out.json .");
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(nlohmann::json::parse(svcname::test::slurp(dir + "/out.json"))["summary"]["errors"] == 34);
  // A device is written into, never renamed over.
  CHECK(lint_in(fixtures, "lint --no-config --format sarif -o /dev/null .").status == 1);
  CHECK(std::filesystem::is_character_file("/dev/null"));
}

TEST_CASE("lint: registry facts, --allow and --fail-on", "[cli][lint]") {
  const auto reg = svcname::test::registry_2026();
  REQUIRE(svcname::test::exists(reg));  // ../shared/registry is part of the test setup
  const auto dir = svcname::test::scratch_dir("lint-registry");
  write(dir + "/deploy/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n"
        "    - name: http\n      port: 80\n    - name: grpc\n      port: 9000\n");
  const auto base = "--registry " + reg + " lint --no-config ";
  const auto r = lint_in(dir, base + ".");
  CHECK(r.status == 0);  // an unregistered name is a warning
  CHECK(contains(r.out, "deploy/svc.yaml:8:13: warning[name-not-registered]"));
  CHECK_FALSE(contains(r.out, ":6:13:"));  // http is registered
  CHECK(lint_in(dir, base + "--fail-on warning .").status == 1);
  CHECK(lint_in(dir, base + "--fail-on warning --allow grpc .").status == 0);
  // The fixtures with the registry: the same report whatever the number of threads (the
  // registry facts come from a cache shared by the threads).
  const auto j1 = lint_in(fixtures, "--registry " + reg + " lint --no-config --format json -j 1 .");
  const auto j4 = lint_in(fixtures, "--registry " + reg + " lint --no-config --format json -j 4 .");
  CHECK(j1.out == j4.out);
  CHECK(contains(j1.out, "did you mean 'xmpp-server'?"));
  // k8s/app.yaml has 'admin', k8s/routing.yaml 'Admin': each finding quotes its own spelling.
  CHECK(contains(j1.out, "'Admin' is not in the registry"));
}

TEST_CASE("lint: .svcname.toml found upwards; rules re-graded; excludes", "[cli][lint]") {
  const auto dir = svcname::test::scratch_dir("lint-config");
  write(dir + "/.svcname.toml",
        "[lint]\nexclude = [\"vendor/\"]\n[lint.rules]\nname-hyphen-double = \"warning\"\n"
        "name-bad-char = \"off\"\n");
  write(dir + "/src/a.svcnames", "bad--name\nbad_name\n");
  write(dir + "/vendor/b.svcnames", "x--y\n");
  const auto r = lint_in(dir + "/src", "lint .");
  CHECK(r.status == 0);
  CHECK(contains(r.out, "a.svcnames:1:4: warning[name-hyphen-double]"));
  CHECK_FALSE(contains(r.out, "name-bad-char"));
  const auto all = lint_in(dir, "lint .");
  CHECK_FALSE(contains(all.out, "vendor/"));
  CHECK(contains(lint_in(dir, "lint --no-config .").out, "vendor/b.svcnames:1:2"));
  CHECK(contains(lint_in(dir, "lint --no-config --exclude '*.svcnames' .").out, "0 files"));
  // A typo in the configuration is a usage error with its line.
  write(dir + "/bad/.svcname.toml", "[lint.rules]\nname-to-long = \"off\"\n");
  const auto bad = lint_in(dir + "/bad", "lint .");
  CHECK(bad.status == 2);
  CHECK(contains(bad.err, ".svcname.toml:2:1: unknown rule 'name-to-long'"));
}

TEST_CASE("lint: inline suppressions in each comment syntax", "[cli][lint]") {
  const auto dir = svcname::test::scratch_dir("lint-suppress");
  write(dir + "/a.svcnames", "x--y  # svcname: ignore[name-hyphen-double]\n# svcname: ignore\nz--w\nq--r\n");
  write(dir + "/b.zone", "$ORIGIN example.com.\n; svcname: ignore[srv-owner]\nsip IN SRV 0 0 5060 h\n"
                         "sip2 IN SRV 0 0 5060 h ; svcname: ignore[no-such-rule]\n");
  const auto r = lint_in(dir, "lint --no-config .");
  CHECK(contains(r.out, "a.svcnames:4:2: error[name-hyphen-double]"));
  CHECK_FALSE(contains(r.out, "a.svcnames:1:"));
  CHECK_FALSE(contains(r.out, "a.svcnames:3:"));
  CHECK_FALSE(contains(r.out, "b.zone:3:"));
  CHECK(contains(r.out, "b.zone:4:1: error[srv-owner]"));
  CHECK(contains(r.out, "b.zone:4:"));
  CHECK(contains(r.out, "warning[suppression-unknown-rule]"));
  CHECK(contains(r.out, "(3 suppressed)"));
}

TEST_CASE("lint --init writes a starter file once", "[cli][lint]") {
  const auto dir = svcname::test::scratch_dir("lint-init");
  const auto first = lint_in(dir, "lint --init");
  CHECK(first.status == 0);
  const auto text = svcname::test::slurp(dir + "/.svcname.toml");
  CHECK(contains(text, "[lint]"));
  // The starter file is valid: lint runs with it.
  write(dir + "/ok.svcnames", "ipp\n");
  CHECK(lint_in(dir, "lint .").status == 0);
  write(dir + "/.svcname.toml", "# mine\n");
  const auto second = lint_in(dir, "lint --init");
  CHECK(second.status == 2);
  CHECK(svcname::test::slurp(dir + "/.svcname.toml") == "# mine\n");
}

TEST_CASE("lint --help teaches", "[cli][lint]") {
  const auto r = run("lint --help");
  CHECK(r.status == 0);
  CHECK(contains(r.out, "Examples:"));
  CHECK(contains(r.out, "--format sarif"));
}
