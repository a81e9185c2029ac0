// The TXT-key catalog: curated specs read from JSON files (registry/txt-keys/*.json, the user's
// $XDG_CONFIG_HOME/svcname/txt-keys, --catalog DIR) and specs derived from registry notes.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "svcname/chars.h"
#include "svcname/txt/spec.h"
#include "txt/pattern.h"
#include "txt/shipped_catalog.h"

namespace svcname::txt {
namespace {

using json = nlohmann::json;

std::string q(std::string_view s) { return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace); }

bool valid_regex(const std::string& p, std::string& why) {
  try {
    const std::regex re(p, std::regex::ECMAScript);
    (void)re;
    return true;
  } catch (const std::regex_error& e) {
    why = e.what();
    return false;
  }
}

int status_rank(spec_status s) {
  switch (s) {
    case spec_status::keys: return 3;
    case spec_status::reference: return 2;
    case spec_status::undocumented: return 1;
    case spec_status::none: return 0;
  }
  return 0;
}

}  // namespace

std::string_view to_string(spec_status s) noexcept {
  switch (s) {
    case spec_status::none: return "none";
    case spec_status::keys: return "keys";
    case spec_status::undocumented: return "undocumented";
    case spec_status::reference: return "reference";
  }
  return "none";
}

std::optional<spec_status> spec_status_from_string(std::string_view s) noexcept {
  if (s == "none") return spec_status::none;
  if (s == "keys") return spec_status::keys;
  if (s == "undocumented") return spec_status::undocumented;
  if (s == "reference") return spec_status::reference;
  return std::nullopt;
}

const key_spec* service_spec::find(std::string_view key) const {
  for (const auto& k : keys)
    if (!k.pattern && k.key == key) return &k;
  for (const auto& k : keys)
    if (!k.pattern && chars::iequals(k.key, key)) return &k;
  for (const auto& k : keys)
    if (k.pattern && detail::full_match(*k.pattern, key, true)) return &k;
  return nullptr;
}

void merge_spec(service_spec& into, const service_spec& other) {
  if (status_rank(other.status) > status_rank(into.status)) {
    into.status = other.status;
  }
  for (const auto& k : other.keys) {
    bool have = false;
    for (const auto& mine : into.keys) have = have || chars::iequals(mine.key, k.key);
    if (!have) into.keys.push_back(k);
  }
  into.open = into.open || other.open;
  if (!into.inherits) into.inherits = other.inherits;
  if (into.reference.empty()) into.reference = other.reference;
}

std::string catalog_error::to_string() const { return file + ": " + message; }

catalog::catalog() = default;
catalog::catalog(catalog&&) noexcept = default;
catalog& catalog::operator=(catalog&&) noexcept = default;
catalog::~catalog() = default;

result<service_spec, catalog_error> catalog::parse_json(std::string_view text,
                                                        std::string_view file) {
  auto err = [&](std::string m) { return fail(catalog_error{std::string(file), std::move(m)}); };
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return err("not valid JSON");
  if (!j.is_object()) return err("the top level must be an object");
  static const std::set<std::string> top{"service", "summary", "status", "open", "inherits",
                                         "reference", "keys", "origin", "$comment"};
  for (const auto& [k, v] : j.items())
    if (!top.count(k)) return err("unknown field '" + k + "'");
  service_spec s;
  s.origin = std::string(file);
  if (!j.contains("service") || !j["service"].is_string() || j["service"].get<std::string>().empty())
    return err("'service' (the bare service name, e.g. \"ipp\") is required");
  s.service = j["service"].get<std::string>();
  if (j.contains("summary")) {
    if (!j["summary"].is_string()) return err("'summary' must be a string");
    s.summary = j["summary"].get<std::string>();
  }
  if (j.contains("status")) {
    if (!j["status"].is_string()) return err("'status' must be a string");
    auto st = spec_status_from_string(j["status"].get<std::string>());
    if (!st) return err("'status' must be none, keys, undocumented or reference");
    s.status = *st;
  } else {
    s.status = spec_status::keys;
  }
  if (j.contains("open")) {
    if (!j["open"].is_boolean()) return err("'open' must be true or false");
    s.open = j["open"].get<bool>();
  }
  if (j.contains("inherits") && !j["inherits"].is_null()) {
    if (!j["inherits"].is_string()) return err("'inherits' must be a service name or null");
    s.inherits = j["inherits"].get<std::string>();
  }
  if (j.contains("reference")) {
    if (!j["reference"].is_string()) return err("'reference' must be a string");
    s.reference = j["reference"].get<std::string>();
  }
  if (j.contains("keys")) {
    if (!j["keys"].is_array()) return err("'keys' must be an array");
    static const std::set<std::string> kf{"key", "pattern", "value", "values", "format",
                                          "required", "flag", "meaning", "source", "$comment"};
    std::size_t n = 0;
    for (const auto& kj : j["keys"]) {
      const std::string at = "keys[" + std::to_string(n++) + "]";
      if (!kj.is_object()) return err(at + " must be an object");
      for (const auto& [k, v] : kj.items())
        if (!kf.count(k)) return err(at + ": unknown field '" + k + "'");
      key_spec k;
      if (!kj.contains("key") || !kj["key"].is_string() || kj["key"].get<std::string>().empty())
        return err(at + ": 'key' is required");
      k.key = kj["key"].get<std::string>();
      std::string why;
      if (kj.contains("pattern") && !kj["pattern"].is_null()) {
        if (!kj["pattern"].is_string()) return err(at + ": 'pattern' must be a string");
        k.pattern = kj["pattern"].get<std::string>();
        if (!valid_regex(*k.pattern, why)) return err(at + ": bad 'pattern' regex: " + why);
      }
      if (kj.contains("value") && !kj["value"].is_null()) {
        if (kj["value"].is_array()) {  // the --jsonl / to_json() shape of an enumeration
          for (const auto& v : kj["value"]) {
            if (!v.is_string()) return err(at + ": 'value' must hold strings");
            k.values.push_back(v.get<std::string>());
          }
          k.enumeration = true;
        } else if (kj["value"].is_string()) {
          k.values.push_back(kj["value"].get<std::string>());
        } else {
          return err(at + ": 'value' must be a string, a list of strings or null");
        }
      }
      if (kj.contains("values")) {
        if (!kj["values"].is_array() || kj["values"].empty())
          return err(at + ": 'values' must be a non-empty array of strings");
        if (!k.values.empty()) return err(at + ": give 'value' or 'values', not both");
        for (const auto& v : kj["values"]) {
          if (!v.is_string()) return err(at + ": 'values' must hold strings");
          k.values.push_back(v.get<std::string>());
        }
        k.enumeration = true;
      }
      if (kj.contains("format") && !kj["format"].is_null()) {
        if (!kj["format"].is_string()) return err(at + ": 'format' must be a string");
        k.value_pattern = kj["format"].get<std::string>();
        if (!valid_regex(*k.value_pattern, why)) return err(at + ": bad 'format' regex: " + why);
      }
      if (kj.contains("required")) {
        if (!kj["required"].is_boolean()) return err(at + ": 'required' must be true or false");
        k.need = kj["required"].get<bool>() ? presence::required : presence::optional;
      }
      if (kj.contains("flag")) {
        if (!kj["flag"].is_boolean()) return err(at + ": 'flag' must be true or false");
        k.boolean = kj["flag"].get<bool>();
      }
      if (kj.contains("meaning")) {
        if (!kj["meaning"].is_string()) return err(at + ": 'meaning' must be a string");
        k.meaning = kj["meaning"].get<std::string>();
      }
      if (kj.contains("source")) {
        if (!kj["source"].is_string()) return err(at + ": 'source' must be a string");
        k.source = kj["source"].get<std::string>();
      }
      s.keys.push_back(std::move(k));
    }
  }
  return s;
}

result<std::size_t, catalog_error> catalog::load_dir(const std::string& dir, bool optional) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (optional) return std::size_t{0};
    return fail(catalog_error{dir, "not a directory"});
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  if (ec) return fail(catalog_error{dir, ec.message()});
  std::sort(files.begin(), files.end());
  std::vector<service_spec> loaded;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return fail(catalog_error{f.string(), "cannot be read"});
    std::stringstream ss;
    ss << in.rdbuf();
    auto s = parse_json(ss.str(), f.string());
    if (!s) return fail(s.error());
    loaded.push_back(std::move(*s));
  }
  // All or nothing: nothing is added when one file is bad.
  for (auto& s : loaded) add(std::move(s));
  return loaded.size();
}

result<std::size_t, catalog_error> catalog::load_shipped() {
  std::vector<service_spec> loaded;
  for (const auto& f : detail::shipped_catalog_files()) {
    auto s = parse_json(f.text, "built-in txt-keys/" + std::string(f.name));
    if (!s) return fail(s.error());
    loaded.push_back(std::move(*s));
  }
  for (auto& s : loaded) add(std::move(s));
  return loaded.size();
}

void catalog::add(service_spec spec) {
  auto k = chars::lower(spec.service);
  curated_[k] = std::move(spec);
}

void catalog::add_registry(service_spec spec) {
  auto k = chars::lower(spec.service);
  auto it = registry_.find(k);
  if (it == registry_.end()) {
    spec.origin = spec.origin.empty() ? "registry" : spec.origin;
    registry_.emplace(std::move(k), std::move(spec));
  } else {
    merge_spec(it->second, spec);
  }
}

const service_spec* catalog::find(std::string_view service) const {
  if (const auto* s = find_curated(service)) return s;
  return find_registry(service);
}

const service_spec* catalog::find_curated(std::string_view service) const {
  auto it = curated_.find(chars::lower(service));
  return it == curated_.end() ? nullptr : &it->second;
}

const service_spec* catalog::find_registry(std::string_view service) const {
  auto it = registry_.find(chars::lower(service));
  return it == registry_.end() ? nullptr : &it->second;
}

std::vector<std::string> catalog::curated_names() const {
  std::vector<std::string> v;
  for (const auto& [k, s] : curated_) v.push_back(s.service);
  return v;
}

std::size_t catalog::size() const noexcept { return curated_.size() + registry_.size(); }

std::string user_catalog_dir() {
  namespace fs = std::filesystem;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
    return (fs::path(x) / "svcname" / "txt-keys").string();
  if (const char* h = std::getenv("HOME"); h && *h)
    return (fs::path(h) / ".config" / "svcname" / "txt-keys").string();
  return {};
}

std::string to_jsonl(const service_spec& s) {
  std::string o = "{\"service\": " + q(s.service) + ", \"status\": " + q(to_string(s.status)) +
                  ", \"keys\": [";
  for (std::size_t i = 0; i < s.keys.size(); ++i) {
    const auto& k = s.keys[i];
    if (i) o += ", ";
    o += "{\"key\": " + q(k.key) + ", \"value\": ";
    if (k.values.empty()) {
      o += "null";
    } else if (k.values.size() == 1 && !k.enumeration) {
      o += q(k.values[0]);
    } else {
      o += "[";
      for (std::size_t v = 0; v < k.values.size(); ++v) o += (v ? ", " : "") + q(k.values[v]);
      o += "]";
    }
    o += ", \"pattern\": " + (k.pattern ? q(*k.pattern) : std::string("null")) + "}";
  }
  o += "], \"open\": ";
  o += s.open ? "true" : "false";
  o += ", \"inherits\": " + (s.inherits ? q(*s.inherits) : std::string("null")) + "}";
  return o;
}

std::string to_json(const service_spec& s, int indent) {
  json j = json::object();
  j["service"] = s.service;
  if (!s.summary.empty()) j["summary"] = s.summary;
  j["status"] = std::string(to_string(s.status));
  j["open"] = s.open;
  j["inherits"] = s.inherits ? json(*s.inherits) : json(nullptr);
  if (!s.reference.empty()) j["reference"] = s.reference;
  if (!s.origin.empty()) j["origin"] = s.origin;
  json keys = json::array();
  for (const auto& k : s.keys) {
    json kj = json::object();
    kj["key"] = k.key;
    kj["pattern"] = k.pattern ? json(*k.pattern) : json(nullptr);
    if (k.values.empty()) kj["value"] = nullptr;
    else if (k.values.size() == 1 && !k.enumeration) kj["value"] = k.values[0];
    else kj["value"] = k.values;
    if (k.value_pattern) kj["format"] = *k.value_pattern;
    kj["required"] = k.need == presence::required;
    if (k.boolean) kj["flag"] = true;
    if (!k.meaning.empty()) kj["meaning"] = k.meaning;
    if (!k.source.empty()) kj["source"] = k.source;
    keys.push_back(std::move(kj));
  }
  j["keys"] = std::move(keys);
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace svcname::txt
