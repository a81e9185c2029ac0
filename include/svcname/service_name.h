#pragma once
/// @file service_name.h
/// RFC 6335 §5.1 service-name syntax.
#include <cstddef>
#include <string_view>

#include "svcname/diagnostic.h"

namespace svcname {

/// Longest valid service name (RFC 6335 §5.1: "MUST be at least 1 character and no more than 15").
inline constexpr std::size_t max_service_name_length = 15;

/// Grades @p name against each rule of RFC 6335 §5.1; every broken rule is its own finding,
/// with `where` pointing at the offending characters (offset = column - 1).
/// A leading digit is legal ("1password" is registered). Valid names give an empty report
/// and allocate nothing.
/// @param name the bare service name, without the leading '_' of DNS-SD.
/// @return every finding (empty when the name is valid).
[[nodiscard]] report validate_service_name(std::string_view name);

/// Fast yes/no form of validate_service_name (same rules, no findings).
[[nodiscard]] bool is_valid_service_name(std::string_view name) noexcept;

}  // namespace svcname
