#pragma once
/// @file result.h
/// result<T,E>: the error-or-value type every parser returns (an alias of std::expected).
#include <expected>

namespace svcname {

/// A value or an error; parsers return it, validators return a report instead.
template <class T, class E>
using result = std::expected<T, E>;

/// Shorthand for building the error side: `return fail(my_error{...});`
template <class E>
[[nodiscard]] constexpr std::unexpected<E> fail(E e) {
  return std::unexpected<E>(std::move(e));
}

}  // namespace svcname
