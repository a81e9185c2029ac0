#pragma once
/// @file edit_distance.h
/// Case-insensitive edit distance for did-you-mean suggestions.
#include <cstddef>
#include <string_view>

namespace svcname {

/// Optimal-string-alignment distance (insert, delete, substitute, swap adjacent), ASCII
/// case-insensitive. Stops early and returns limit + 1 once the distance exceeds @p limit.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b,
                                        std::size_t limit) noexcept;

}  // namespace svcname
