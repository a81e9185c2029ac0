// Exclude patterns (gitignore(5) semantics), file collection, the thread pool's ordering,
// and the project file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "svcname/lint/config.h"
#include "svcname/lint/walk.h"
#include "test_paths.h"

using namespace svcname;
using namespace svcname::lint;
namespace fs = std::filesystem;

TEST_CASE("glob_match: *, ?, [..], ** and escapes", "[lint][walk]") {
  CHECK(glob_match("*.yaml", "a.yaml"));
  CHECK_FALSE(glob_match("*.yaml", "dir/a.yaml"));  // '*' does not cross '/'
  CHECK(glob_match("**/a.yaml", "a.yaml"));
  CHECK(glob_match("**/a.yaml", "x/y/a.yaml"));
  CHECK(glob_match("x/**", "x/y/z"));
  CHECK(glob_match("x/**/z", "x/z"));
  CHECK(glob_match("x/**/z", "x/a/b/z"));
  CHECK(glob_match("db.?", "db.a"));
  CHECK_FALSE(glob_match("db.?", "db.ab"));
  CHECK(glob_match("[a-c]x", "bx"));
  CHECK_FALSE(glob_match("[!a-c]x", "bx"));
  CHECK(glob_match("\\*", "*"));
  CHECK_FALSE(glob_match("\\*", "a"));
  CHECK(glob_match("[ab", "[ab"));  // unterminated class: literal
  // Pathological pattern: bounded work, no hang.
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*b", std::string(200, 'a')));
}

TEST_CASE("exclude_set: gitignore semantics", "[lint][walk]") {
  const fs::path base = "/repo";
  exclude_set ex;
  ex.add("vendor/", base);         // directory anywhere
  ex.add("/build", base);          // anchored
  ex.add("*.generated.yaml", base);
  ex.add("deploy/**/test/", base);
  ex.add("!keep.generated.yaml", base);
  ex.add("# a comment", base);
  CHECK(ex.excluded("/repo/vendor", true));
  CHECK(ex.excluded("/repo/a/vendor/x.zone", false));   // inside an excluded directory
  CHECK_FALSE(ex.excluded("/repo/vendor", false));      // a file named vendor: dir-only pattern
  CHECK(ex.excluded("/repo/build/x.zone", false));
  CHECK_FALSE(ex.excluded("/repo/src/build/x.zone", false));  // anchored at the base
  CHECK(ex.excluded("/repo/k/app.generated.yaml", false));
  CHECK_FALSE(ex.excluded("/repo/k/keep.generated.yaml", false));  // re-included
  CHECK(ex.excluded("/repo/deploy/a/b/test/x.yaml", false));
  CHECK_FALSE(ex.excluded("/elsewhere/vendor/x.zone", false));  // outside the base
}

TEST_CASE("collect_targets walks sorted, skips .git and foreign files", "[lint][walk]") {
  const auto dir = test::scratch_dir("lint-walk");
  auto put = [&](const std::string& rel, const std::string& text) {
    fs::create_directories(fs::path(dir + "/" + rel).parent_path());
    std::ofstream(dir + "/" + rel) << text;
  };
  put("b/z.svcnames", "x--y\n");
  put("a/web.dnssd", "[Service]\nType=_http._tcp\n");
  put("a/README.md", "# not ours\n");
  put(".git/config.svcnames", "x--y\n");
  put("skip/c.zone", "$ORIGIN a.\n");
  walk_options w;
  w.excludes.add("skip/", dir);
  const auto t = collect_targets({dir}, w);
  REQUIRE(t.size() == 2);
  CHECK(t[0].path == dir + "/a/web.dnssd");
  CHECK(t[1].path == dir + "/b/z.svcnames");
  CHECK_FALSE(t[0].explicit_arg);

  // Reports come back in target order whatever the thread count.
  std::vector<lint_target> many;
  for (int i = 0; i < 40; ++i) many.push_back(t[static_cast<std::size_t>(i % 2)]);
  const auto r1 = lint_targets(many, {}, 1);
  const auto r4 = lint_targets(many, {}, 4);
  REQUIRE(r1.size() == 40);
  for (std::size_t i = 0; i < 40; ++i) {
    CHECK(r1[i].path == r4[i].path);
    CHECK(r1[i].findings.size() == r4[i].findings.size());
  }
  CHECK(r1[1].findings.size() == 1);  // x--y
}

TEST_CASE("parse_config: keys, rules, errors with lines", "[lint][config]") {
  const auto ok = parse_config(
      "registry = \"reg.xml\"\n[lint]\nallow = [\"My-Svc\"]\nexclude = [\"v/\"]\nfail-on = \"warning\"\n"
      "[lint.rules]\nname-not-registered = \"off\"\nname-too-long = \"warning\"\n",
      "x.toml");
  REQUIRE(ok);
  CHECK(ok->registry == "reg.xml");
  CHECK(ok->allowed("my-svc"));
  CHECK(ok->allowed("_MY-SVC"));
  CHECK_FALSE(ok->allowed("other"));
  CHECK(ok->exclude == std::vector<std::string>{"v/"});
  CHECK(ok->fail_on == "warning");
  REQUIRE(ok->setting(diag_code::name_not_registered));
  CHECK_FALSE(ok->setting(diag_code::name_not_registered)->level);
  CHECK(ok->setting(diag_code::name_too_long)->level == severity::warning);

  const auto bad_rule = parse_config("[lint.rules]\nno-such-rule = \"off\"\n", "x.toml");
  REQUIRE_FALSE(bad_rule);
  CHECK(bad_rule.error().line == 2);
  CHECK_FALSE(parse_config("[lint]\nallow = \"one\"\n", "x.toml"));
  CHECK_FALSE(parse_config("[lint]\nfail-on = \"fatal\"\n", "x.toml"));
  CHECK_FALSE(parse_config("[lint.rules]\nname-too-long = \"loud\"\n", "x.toml"));
  CHECK_FALSE(parse_config("colour = 1\n", "x.toml"));
  const auto syntax = parse_config("[lint\n", "x.toml");
  REQUIRE_FALSE(syntax);
  CHECK(syntax.error().line == 1);
  // The starter file parses.
  CHECK(parse_config(starter_config(), "starter"));
}

TEST_CASE("rule overrides and allow-list apply while linting", "[lint][config]") {
  config cfg;
  cfg.rules.push_back({diag_code::name_hyphen_double, severity::note});
  cfg.rules.push_back({diag_code::name_bad_char, std::nullopt});
  options opt;
  opt.cfg = &cfg;
  const auto r = lint_text("x.svcnames", "a--b\nc_d\n", file_format::list, opt);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].diag.code == diag_code::name_hyphen_double);
  CHECK(r.findings[0].diag.level == severity::note);
}

TEST_CASE("the TXT seam receives every TXT record with file offsets", "[lint][txt]") {
  std::vector<std::vector<std::string>> seen;
  std::vector<std::string> types;
  options opt;
  opt.txt_check = [&](const std::vector<txt_string>& rec, std::string_view type) {
    types.emplace_back(type);
    std::vector<std::string> strs;
    for (const auto& s : rec) strs.emplace_back(s.text);
    seen.push_back(strs);
    report r;
    r.add(diag_code::name_empty, {rec.front().offset, 1});  // any code: placed in the file
    return r;
  };
  const std::string zone =
      "$ORIGIN local.\nPrinter._ipp._tcp IN TXT \"txtvers=1\" \"rp=x\"\n"
      "_ipp._tcp IN TXT \"not an instance\"\n";
  const auto r = lint_text("a.zone", zone, file_format::zone, opt);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::vector<std::string>{"txtvers=1", "rp=x"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 2);
  CHECK(r.findings[0].column == 27);  // just after the opening quote
  CHECK(types == std::vector<std::string>{"_ipp._tcp"});
  seen.clear();
  (void)lint_text("a.dnssd", "[Service]\nType=_ipp._tcp\nTxtText=a=1 \"b=two words\"\n",
                  file_format::dnssd, opt);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::vector<std::string>{"a=1", "b=two words"});
  seen.clear();
  (void)lint_text("a.service",
                  "<service-group><name>x</name><service><type>_ipp._tcp</type><port>1</port>"
                  "<txt-record>a=1</txt-record><txt-record>b=&amp;</txt-record></service></service-group>",
                  file_format::avahi, opt);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::vector<std::string>{"a=1", "b=&"});
  CHECK(types.back() == "_ipp._tcp");
}

TEST_CASE("Avahi binary-hex and binary-base64 TXT values are decoded as avahi.service(5) says",
          "[lint][txt][avahi]") {
  std::vector<std::vector<std::string>> seen;
  options opt;
  opt.txt_check = [&](const std::vector<txt_string>& rec, std::string_view) {
    std::vector<std::string> strs;
    for (const auto& s : rec) strs.emplace_back(s.text);
    seen.push_back(strs);
    return report{};
  };
  auto lint_txt = [&](const std::string& records) {
    seen.clear();
    return lint_text("a.service",
                     "<service-group><name>x</name><service><type>_ipp._tcp</type><port>1</port>\n" +
                         records + "\n</service></service-group>",
                     file_format::avahi, opt);
  };
  // The man page's examples all decode to key=value.
  auto r = lint_txt(
      "<txt-record>key=value</txt-record>"
      "<txt-record value-format=\"text\">key=value</txt-record>"
      "<txt-record value-format=\"binary-hex\">key=76616C7565</txt-record>"
      "<txt-record value-format=\"binary-base64\">key=dmFsdWU=</txt-record>"
      "<txt-record value-format=\"binary-hex\">flag</txt-record>"
      "<txt-record value-format=\"binary-base64\">k=AP8=</txt-record>");
  CHECK(r.findings.empty());
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::vector<std::string>{"key=value", "key=value", "key=value", "key=value", "flag",
                                            std::string("k=\0\xFF", 4)});
  // What avahi-daemon refuses is an avahi-syntax finding that says why.
  for (const char* bad : {"<txt-record value-format=\"binary-hex\">k=0x76</txt-record>",
                          "<txt-record value-format=\"binary-hex\">k=767</txt-record>",
                          "<txt-record value-format=\"binary-base64\">k=dmFsdWU</txt-record>",
                          "<txt-record value-format=\"binary-base64\">k=dm*sdWU=</txt-record>",
                          "<txt-record value-format=\"hex\">k=76</txt-record>"}) {
    INFO(bad);
    r = lint_txt(bad);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].diag.code == diag_code::lint_parse_avahi);
    CHECK(r.findings[0].line == 2);
  }
}

TEST_CASE("systemd .dnssd TxtData= values are base64-decoded; every TxtText=/TxtData= is a record",
          "[lint][txt][dnssd]") {
  std::vector<std::vector<std::string>> seen;
  options opt;
  opt.txt_check = [&](const std::vector<txt_string>& rec, std::string_view) {
    std::vector<std::string> strs;
    for (const auto& s : rec) strs.emplace_back(s.text);
    seen.push_back(strs);
    return report{};
  };
  // The man page's example, a boolean key, and unpadded base64 (systemd accepts it).
  auto r = lint_text("a.dnssd",
                     "[Service]\nType=_http._tcp\nTxtText=path=/ t=x\n"
                     "TxtData=data=YW55IGJpbmFyeSBkYXRhCg== flag k=AP8\n",
                     file_format::dnssd, opt);
  CHECK(r.findings.empty());
  REQUIRE(seen.size() == 2);
  CHECK(seen[0] == std::vector<std::string>{"path=/", "t=x"});
  CHECK(seen[1] == std::vector<std::string>{"data=any binary data\n", "flag", std::string("k=\0\xFF", 4)});
  // An empty assignment to either resets both.
  seen.clear();
  (void)lint_text("a.dnssd", "[Service]\nType=_http._tcp\nTxtText=a=1\nTxtData=\nTxtData=b=Mg==\n",
                  file_format::dnssd, opt);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::vector<std::string>{"b=2"});
  // Not base64: a dnssd-syntax finding on that word, and the record is not graded.
  seen.clear();
  r = lint_text("a.dnssd", "[Service]\nType=_http._tcp\nTxtData=ok=Mg== bad=M*==\n", file_format::dnssd, opt);
  CHECK(seen.empty());
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].diag.code == diag_code::lint_parse_dnssd);
  CHECK(r.findings[0].line == 3);
  CHECK(r.findings[0].column == 17);  // the word "bad=M*=="
}
