// `.svcname.toml`: the project file of `svcname lint`.
#include "svcname/lint/config.h"

#include <toml++/toml.h>

#include "svcname/chars.h"

namespace svcname::lint {
namespace {

config_error error_at(std::string_view path, const toml::source_region& r, std::string msg) {
  return config_error{std::string(path), r.begin.line, r.begin.column, std::move(msg)};
}

result<std::vector<std::string>, config_error> string_array(const toml::node& n,
                                                           std::string_view path,
                                                           std::string_view key) {
  const auto* arr = n.as_array();
  if (!arr) return fail(error_at(path, n.source(), std::string(key) + " must be an array of strings"));
  std::vector<std::string> out;
  for (const auto& e : *arr) {
    const auto* s = e.as_string();
    if (!s) return fail(error_at(path, e.source(), std::string(key) + " must hold strings only"));
    out.push_back(s->get());
  }
  return out;
}

bool valid_fail_on(std::string_view v) {
  return v == "note" || v == "warning" || v == "error" || v == "none";
}

}  // namespace

bool config::allowed(std::string_view name) const noexcept {
  if (!name.empty() && name.front() == '_') name.remove_prefix(1);
  for (const auto& a : allow) {
    std::string_view av = a;
    if (!av.empty() && av.front() == '_') av.remove_prefix(1);
    if (chars::iequals(av, name)) return true;
  }
  return false;
}

const rule_setting* config::setting(diag_code c) const noexcept {
  for (const auto& r : rules)
    if (r.code == c) return &r;
  return nullptr;
}

std::string config_error::to_string() const {
  std::string s = file;
  if (line) s += ":" + std::to_string(line) + ":" + std::to_string(column);
  return s + ": " + message;
}

result<config, config_error> parse_config(std::string_view text, std::string_view path) {
  config cfg;
  cfg.path = std::string(path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return fail(error_at(path, e.source(), std::string(e.description())));
  }
  for (const auto& [key, node] : root) {
    if (key == "registry") {
      const auto* s = node.as_string();
      if (!s) return fail(error_at(path, node.source(), "registry must be a string (a file path)"));
      cfg.registry = s->get();
    } else if (key == "lint") {
      const auto* lint = node.as_table();
      if (!lint) return fail(error_at(path, node.source(), "[lint] must be a table"));
      for (const auto& [k, v] : *lint) {
        if (k == "allow" || k == "exclude") {
          auto arr = string_array(v, path, k.str());
          if (!arr) return fail(arr.error());
          (k == "allow" ? cfg.allow : cfg.exclude) = std::move(*arr);
        } else if (k == "fail-on") {
          const auto* s = v.as_string();
          if (!s || !valid_fail_on(s->get()))
            return fail(error_at(path, v.source(), "fail-on must be \"note\", \"warning\", \"error\" or \"none\""));
          cfg.fail_on = s->get();
        } else if (k == "rules") {
          const auto* rules = v.as_table();
          if (!rules) return fail(error_at(path, v.source(), "[lint.rules] must be a table"));
          for (const auto& [id, level] : *rules) {
            const auto code = diag_code_from_string(id.str());
            if (!code)
              return fail(error_at(path, id.source(),
                                   "unknown rule '" + std::string(id.str()) +
                                       "' (see 'svcname lint --list-rules')"));
            const auto* s = level.as_string();
            std::optional<severity> sev;
            if (s) sev = severity_from_string(s->get());
            if (!s || (!sev && s->get() != "off"))
              return fail(error_at(path, level.source(),
                                   "a rule's level is \"off\", \"note\", \"warning\" or \"error\""));
            cfg.rules.push_back(rule_setting{*code, sev});
          }
        } else {
          return fail(error_at(path, v.source(),
                               "unknown key 'lint." + std::string(k.str()) +
                                   "' (known: allow, exclude, fail-on, rules)"));
        }
      }
    } else {
      return fail(error_at(path, node.source(),
                           "unknown key '" + std::string(key.str()) + "' (known: registry, [lint])"));
    }
  }
  return cfg;
}

std::optional<std::filesystem::path> find_config(const std::filesystem::path& start) {
  std::error_code ec;
  auto dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  for (int guard = 0; guard < 256; ++guard) {
    auto candidate = dir / config_file_name;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

std::string_view starter_config() noexcept {
  return R"(# .svcname.toml: settings for `svcname lint` (found from the working directory upwards).
# Every key is optional; delete what you do not need.

# IANA registry snapshot to check names against (relative to this file). Without one,
# only syntax is checked. Get one with `svcname registry update`.
# registry = "third_party/service-names-port-numbers.xml"

[lint]
# Service names your project uses on purpose although IANA has no record of them.
# They are still checked for RFC 6335 §5.1 syntax.
allow = [
  # "my-internal-svc",
]

# Paths not to lint, .gitignore style, relative to this file.
exclude = [
  # "third_party/",
  # "**/testdata/",
  # "*.generated.yaml",
]

# Lowest severity that makes `svcname lint` exit with status 1: "note", "warning",
# "error" (default) or "none".
# fail-on = "error"

# Re-grade or disable rules by id ("off", "note", "warning", "error").
# `svcname lint --list-rules` lists every id.
[lint.rules]
# name-not-registered = "note"
# k8s-port-name-uppercase = "off"

# A single finding can be silenced where it occurs, in the file's own comment syntax:
#   # svcname: ignore[name-not-registered]        (YAML, .dnssd, services, lists)
#   ; svcname: ignore[srv-owner]                  (zone files)
#   <!-- svcname: ignore[name-too-long] -->       (Avahi XML)
# on the line itself or alone on the line before it.
)";
}

}  // namespace svcname::lint
