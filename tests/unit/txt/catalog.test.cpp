// The curated catalog (registry/txt-keys/*.json) and conformance of records to key specs.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "svcname/txt/check.h"
#include "test_paths.h"

using namespace svcname;
using namespace svcname::txt;

namespace {
std::string catalog_dir() { return std::string(SVCNAME_SOURCE_DIR) + "/registry/txt-keys"; }
record rec(std::string_view line) {
  auto r = parse_text_line(line);
  REQUIRE(r.has_value());
  return *r;
}
const diagnostic* find(const report& rep, diag_code c, std::string_view detail_part = {}) {
  for (const auto& d : rep.items)
    if (d.code == c && d.detail.find(detail_part) != std::string::npos) return &d;
  return nullptr;
}
// The catalog compiled into the library, as svcname uses it.
const catalog& shipped() {
  static catalog c = [] {
    catalog k;
    auto n = k.load_shipped();
    REQUIRE(n.has_value());
    return k;
  }();
  return c;
}
}  // namespace

TEST_CASE("the built-in catalog is every registry/txt-keys file, as it is now", "[txt][catalog]") {
  catalog from_dir;
  auto n = from_dir.load_dir(catalog_dir());
  REQUIRE(n.has_value());
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(catalog_dir()))
    files += e.path().extension() == ".json";
  CHECK(*n == files);
  CHECK(shipped().curated_names() == from_dir.curated_names());
  for (const auto& name : from_dir.curated_names()) {
    INFO(name);
    const auto* a = shipped().find_curated(name);
    const auto* b = from_dir.find_curated(name);
    REQUIRE(a != nullptr);
    CHECK(to_json(*a).size() > 0);
    // Same spec apart from where it came from.
    auto x = *a, y = *b;
    CHECK(x.origin.starts_with("built-in txt-keys/"));
    x.origin = y.origin = "";
    CHECK(to_json(x) == to_json(y));
  }
}

TEST_CASE("the shipped catalog loads: one file per required service", "[txt][catalog]") {
  const auto& c = shipped();
  for (const char* s : {"ipp", "ipps", "printer", "pdl-datastream", "uscan", "uscans", "hap", "matter",
                        "matterc", "googlecast", "airplay", "raop", "device-info", "adisk", "http",
                        "smb", "ssh", "sftp-ssh"}) {
    INFO(s);
    const auto* spec = c.find_curated(s);
    REQUIRE(spec);
    CHECK(spec->status == spec_status::keys);
    CHECK(spec->origin.find(std::string(s) + ".json") != std::string::npos);
    for (const auto& k : spec->keys) {
      INFO(k.key);
      CHECK_FALSE(k.meaning.empty());
      CHECK_FALSE(k.source.empty());
    }
  }
  CHECK(c.find("IPP") == c.find_curated("ipp"));
  const auto* ipp = c.find("ipp");
  REQUIRE(ipp->find("rp"));
  CHECK(ipp->find("rp")->need == presence::required);
  CHECK(ipp->find("color") == ipp->find("Color"));
}

TEST_CASE("catalog files: errors name the file and the field", "[txt][catalog]") {
  auto bad = [](std::string_view text) {
    auto r = catalog::parse_json(text, "x.json");
    REQUIRE_FALSE(r.has_value());
    return r.error().to_string();
  };
  CHECK_THAT(bad("{"), Catch::Contains("x.json: not valid JSON"));
  CHECK_THAT(bad(R"({"keys": []})"), Catch::Contains("'service'"));
  CHECK_THAT(bad(R"({"service": "a", "kyes": []})"), Catch::Contains("unknown field 'kyes'"));
  CHECK_THAT(bad(R"({"service": "a", "keys": [{"key": "k", "format": "(["}]})"),
             Catch::Contains("keys[0]: bad 'format' regex"));
  CHECK_THAT(bad(R"({"service": "a", "keys": [{"key": "k", "value": "1", "values": ["2"]}]})"),
             Catch::Contains("not both"));
  CHECK_THAT(bad(R"({"service": "a", "status": "maybe"})"), Catch::Contains("'status'"));
  auto ok = catalog::parse_json(R"({"service": "a", "keys": [{"key": "k", "values": ["x", "y"]}]})", "a.json");
  REQUIRE(ok.has_value());
  CHECK(ok->keys[0].enumeration);
  CHECK(ok->status == spec_status::keys);
}

TEST_CASE("user catalog directories override the shipped files; a bad file adds nothing",
          "[txt][catalog]") {
  const auto dir = test::scratch_dir("txt-catalog-override");
  std::ofstream(dir + "/ipp.json") << R"({"service": "ipp", "summary": "mine", "keys": [{"key": "only"}]})";
  catalog c;
  REQUIRE(c.load_dir(catalog_dir()).has_value());
  auto n = c.load_dir(dir);
  REQUIRE(n.has_value());
  CHECK(*n == 1);
  CHECK(c.find("ipp")->summary == "mine");
  const auto dir2 = test::scratch_dir("txt-catalog-bad");
  std::ofstream(dir2 + "/a.json") << R"({"service": "aaa"})";
  std::ofstream(dir2 + "/b.json") << R"({"service": "bbb", "keys": 3})";
  auto e = c.load_dir(dir2);
  REQUIRE_FALSE(e.has_value());
  CHECK_THAT(e.error().file, Catch::Contains("b.json"));
  CHECK(c.find("aaa") == nullptr);
  CHECK(c.load_dir(dir2 + "/missing", true).value() == 0);
  CHECK_FALSE(c.load_dir(dir2 + "/missing").has_value());
}

TEST_CASE("conformance: a good IPP Everywhere record passes", "[txt][catalog]") {
  auto rep = check_record(rec("txtvers=1 qtotal=1 rp=ipp/print ty=Example adminurl=https://p.local/ "
                              "pdl=application/pdf,image/pwg-raster UUID=6e7b8c1a-1111-2222-3333-444455556666 "
                              "Color=T Duplex=F TLS=1.3"),
                          "_ipp._tcp", &shipped());
  CHECK(rep.items.empty());
}

TEST_CASE("conformance: missing required keys, bad values, case, unknown keys", "[txt][catalog]") {
  const auto r = rec("txtvers=2 rp=/ipp/print Color=yes color=T uuid=6e7b8c1a-1111-2222-3333-444455556666 "
                     "pdl=image/pwg-raster Vendorkey=1");
  auto rep = check_record(r, "_ipp._tcp.local.", &shipped());
  const auto* miss = find(rep, diag_code::txt_spec_missing_required, "'adminurl'");
  REQUIRE(miss);
  CHECK(miss->level == severity::warning);
  CHECK_THAT(miss->detail, Catch::Contains("PWG 5100.14"));
  CHECK(find(rep, diag_code::txt_spec_missing_required, "'UUID'") == nullptr);  // uuid= counts
  const auto* fixed = find(rep, diag_code::txt_spec_bad_value, "'txtvers' is '2'");
  REQUIRE(fixed);
  CHECK_THAT(fixed->detail, Catch::Contains("documented value: '1'"));
  CHECK(find(rep, diag_code::txt_spec_bad_value, "'rp' is '/ipp/print'; documented format"));
  CHECK(find(rep, diag_code::txt_spec_bad_value, "'Color' is 'yes'; documented values: 'T', 'F'"));
  const auto* cs = find(rep, diag_code::txt_spec_key_case, "'uuid' is documented as 'UUID'");
  REQUIRE(cs);
  CHECK(cs->where.offset > 0);
  // The duplicate color=T is ignored (§6.4) and reported by the §6 rules only.
  CHECK(find(rep, diag_code::txt_duplicate_key));
  CHECK(find(rep, diag_code::txt_spec_bad_value, "'color'") == nullptr);
  // ipp is an open set: an unknown key is a note.
  const auto* unk = find(rep, diag_code::txt_spec_unknown_key, "'Vendorkey'");
  REQUIRE(unk);
  CHECK(unk->level == severity::note);
}

TEST_CASE("conformance: closed specs warn about unknown keys; families and inheritance",
          "[txt][catalog]") {
  auto http = check_record(rec("path=/index.html user=me"), "_http._tcp", &shipped());
  const auto* unk = find(http, diag_code::txt_spec_unknown_key, "'user'");
  REQUIRE(unk);
  CHECK(unk->level == severity::warning);
  CHECK(find(http, diag_code::txt_spec_bad_value) == nullptr);
  CHECK(find(check_record(rec("path=index.html"), "_http._tcp", &shipped()),
             diag_code::txt_spec_bad_value, "'path'"));
  // adisk: dk0, dk1 match the dkX family; values must be sub-key lists.
  auto adisk = check_record(rec("sys=waMa=0,adVF=0x100 dk0=adVN=TM,adVF=0x82 dk1=adVN=Other,adVF=0x82"),
                            "_adisk._tcp", &shipped());
  CHECK(adisk.items.empty());
  auto broken = check_record(rec("sys=waMa=0,sys=adVF=0x100"), "_adisk._tcp", &shipped());
  CHECK(find(broken, diag_code::txt_spec_bad_value, "'sys'"));
  // ipps inherits ipp's keys and adds TLS as required.
  auto ipps = check_record(rec("rp=ipp/print adminurl=https://x/ pdl=image/pwg-raster "
                               "UUID=6e7b8c1a-1111-2222-3333-444455556666"),
                           "_ipps._tcp", &shipped());
  CHECK(find(ipps, diag_code::txt_spec_missing_required, "'TLS'"));
  CHECK(find(ipps, diag_code::txt_spec_unknown_key) == nullptr);
  // HomeKit: required keys and formats.
  auto hap = check_record(rec("c#=2 ff=0 id=AA:BB:CC:DD:EE:FF md=Lamp pv=1.1 s#=1 sf=1 ci=5"), "_hap._tcp",
                          &shipped());
  CHECK(hap.items.empty());
  auto hap2 = check_record(rec("c#=02 id=aa:bb:cc:dd:ee:ff md=Lamp pv=1.1 s#=1 sf=1 ci=5 extra=1"),
                           "_hap._tcp", &shipped());
  CHECK(find(hap2, diag_code::txt_spec_bad_value, "'c#'"));
  CHECK(find(hap2, diag_code::txt_spec_bad_value, "'id'"));
  CHECK(find(hap2, diag_code::txt_spec_missing_required, "'ff'"));
  CHECK(find(hap2, diag_code::txt_spec_unknown_key, "'extra'")->level == severity::warning);
}

TEST_CASE("conformance against registry-note specs and unknown services", "[txt][catalog]") {
  catalog c;
  c.add_registry(parse_note("railduino", "Defined TXT keys: role=master"));
  c.add_registry(parse_note("caldav", "This is an extension of the http service. Defined TXT keys: path=<p>"));
  c.add_registry(parse_note("http", "Defined TXT keys: u=<username> p=<password> path=<path>"));
  c.add_registry(parse_note("quiet", "Defined TXT keys: None"));
  CHECK(find(check_record(rec("role=slave"), "_railduino._tcp", &c), diag_code::txt_spec_bad_value,
             "documented value: 'master'"));
  CHECK(check_record(rec("role=master"), "_railduino._tcp", &c).items.empty());
  CHECK(check_record(rec("path=/x u=me"), "_caldav._tcp", &c).items.empty());  // u from http
  CHECK(find(check_record(rec("zz=1"), "_caldav._tcp", &c), diag_code::txt_spec_unknown_key));
  CHECK(find(check_record(rec("a=1"), "_quiet._udp", &c), diag_code::txt_spec_no_keys_defined));
  CHECK(check_record(rec("\"\""), "_quiet._udp", &c).has(diag_code::txt_empty_record));
  auto none = check_record(rec("a=1"), "_nosuch._tcp", &c);
  CHECK(find(none, diag_code::txt_spec_unknown_service, "'nosuch'"));
  CHECK(check_record(rec("a=1"), "", &c).items.empty());
  CHECK(check_record(rec("a=1"), "_nosuch._tcp", nullptr).items.empty());
  // Curated files win over registry notes.
  c.add(service_spec{"railduino", spec_status::keys, {}, true, std::nullopt, "", "mine.json", ""});
  CHECK(c.find("railduino")->origin == "mine.json");
  CHECK(c.find_registry("railduino")->origin == "registry");
}

TEST_CASE("the wire entry point grades bytes and conformance together", "[txt][catalog]") {
  const std::string raw("\x09txtvers=1\x0arp=ipp/foo", 1 + 9 + 1 + 10);
  std::vector<std::uint8_t> b(raw.begin(), raw.end());
  auto rep = check_record(std::span<const std::uint8_t>(b), "_ipp._tcp", &shipped());
  CHECK(find(rep, diag_code::txt_spec_missing_required, "'pdl'"));
  CHECK(rep.ok());
  b.push_back(7);  // truncated string: §6.1 error, no conformance on a broken record
  auto bad = check_record(std::span<const std::uint8_t>(b), "_ipp._tcp", &shipped());
  CHECK_FALSE(bad.ok());
  CHECK(bad.has(diag_code::txt_truncated));
  CHECK_FALSE(bad.has(diag_code::txt_spec_missing_required));
}

TEST_CASE("to_json writes every field and parse_json reads it back", "[txt][catalog]") {
  for (const char* name : {"ipp", "adisk", "hap", "ipps"}) {
    const auto* spec = shipped().find(name);
    REQUIRE(spec);
    auto back = catalog::parse_json(to_json(*spec), spec->origin);
    REQUIRE(back.has_value());
    CHECK(back->keys == spec->keys);
    CHECK(back->open == spec->open);
    CHECK(back->inherits == spec->inherits);
    CHECK(back->summary == spec->summary);
  }
}
