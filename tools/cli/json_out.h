#pragma once
// JSON rendering shared by the commands that offer --json.
#include <nlohmann/json.hpp>

#include <string>

#include "svcname/diagnostic.h"

namespace svcname::cli {

/// One finding as the --json outputs show it; @p column adds "column" (offset + 1) for
/// single-line inputs such as names.
inline nlohmann::json finding_json(const diagnostic& d, bool column = false) {
  const auto* r = rule_of(d.code);
  nlohmann::json j{{"code", std::string(to_string(d.code))},
                   {"number", static_cast<int>(d.code)},
                   {"severity", std::string(to_string(d.level))},
                   {"offset", d.where.offset},
                   {"length", d.where.length},
                   {"message", r ? std::string(r->summary) : ""},
                   {"detail", d.detail},
                   {"fix", !d.fix.empty() ? d.fix : (r ? std::string(r->hint) : "")},
                   {"rule", r ? std::string(r->cite) : ""},
                   {"url", r ? std::string(r->url) : ""}};
  if (column) j["column"] = d.where.offset + 1;
  return j;
}

/// The document as indented text. Input bytes that are not UTF-8 (names, TXT values, registry
/// text) become U+FFFD instead of making nlohmann::json throw.
inline std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace svcname::cli
