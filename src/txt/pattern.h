#pragma once
// Whole-string regex matching for catalog patterns (key families such as "c[0-9]+" and value
// formats). Internal to the TXT layer.
#include <string>
#include <string_view>

namespace svcname::txt::detail {

/// True when @p pattern (ECMAScript) matches all of @p text. Each pattern is compiled once per
/// thread and cached; a pattern that does not compile, or a match that exceeds the regex
/// engine's complexity limit, is a non-match (catalog loading already rejects bad patterns).
[[nodiscard]] bool full_match(const std::string& pattern, std::string_view text, bool icase);

}  // namespace svcname::txt::detail
