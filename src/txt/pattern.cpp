#include "txt/pattern.h"

#include <map>
#include <optional>
#include <regex>
#include <utility>

namespace svcname::txt::detail {
namespace {

// Compiled regexes, cached per pattern and case mode: a record is checked key by key and the
// discovery layer checks many records, so each pattern is compiled once per thread.
const std::regex* compiled(const std::string& pattern, bool icase) {
  thread_local std::map<std::pair<std::string, bool>, std::optional<std::regex>> cache;
  auto it = cache.find({pattern, icase});
  if (it == cache.end()) {
    if (cache.size() > 4096) cache.clear();  // bounded: user catalogs are small
    std::optional<std::regex> re;
    try {
      auto flags = std::regex::ECMAScript;
      if (icase) flags |= std::regex::icase;
      re.emplace(pattern, flags);
    } catch (const std::regex_error&) {
      // catalog loading rejects bad patterns; never throw across the library boundary
    }
    it = cache.emplace(std::make_pair(pattern, icase), std::move(re)).first;
  }
  return it->second ? &*it->second : nullptr;
}

}  // namespace

bool full_match(const std::string& pattern, std::string_view text, bool icase) {
  const auto* re = compiled(pattern, icase);
  if (!re) return false;
  try {
    return std::regex_match(text.begin(), text.end(), *re);
  } catch (const std::regex_error&) {
    return false;  // e.g. error_complexity on a pathological value
  }
}

}  // namespace svcname::txt::detail
