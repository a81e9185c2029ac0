#pragma once
// Presentation form that c-ares 1.18's ares_query()/ares_create_query() accepts.
#include <string>

#include "svcname/result.h"
#include "svcname/wire/message.h"

namespace svcname::detail {

/// Why a name cannot be handed to ares_query().
enum class ares_name_errc : std::uint8_t {
  nul_byte,    ///< a label holds a 0x00 octet: a C string cannot carry it
  empty_label  ///< a label of zero octets (only the root may be empty)
};

/// Spells @p n the way c-ares 1.18 ares_create_query() reads it: labels joined by '.', each
/// octet raw except '.' -> "\." and '\' -> "\\". ares_create_query() turns "\X" into X and
/// does NOT decode "\DDD" (TESTBED §4: the \DDD spelling of a UTF-8 instance gave NXDOMAIN),
/// so spaces and UTF-8 bytes must go through unescaped. The root name is ".".
[[nodiscard]] result<std::string, ares_name_errc> to_ares_name(const wire::name& n);

}  // namespace svcname::detail
