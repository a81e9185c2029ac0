#pragma once
/// @file result.h
/// result<T,E>: the error-or-value type every parser returns. It is std::expected where the
/// standard library has it (g++ 12, -std=c++23); clang 14 (our fuzzing and sanitizer compiler)
/// lacks the C++20 concepts level that libstdc++'s <expected> needs, so there it falls back to
/// tl::expected (Debian libexpected-dev), which has the same interface.
/// Always build errors with fail(e), never with std::unexpected directly.
#include <utility>
#if __has_include(<expected>)
#include <expected>
#endif

#if defined(__cpp_lib_expected) && __cpp_lib_expected >= 202202L
namespace svcname {
/// A value or an error; parsers return it, validators return a report instead.
template <class T, class E>
using result = std::expected<T, E>;
/// Builds the error side: `return fail(my_error{...});`
template <class E>
[[nodiscard]] constexpr std::unexpected<E> fail(E e) {
  return std::unexpected<E>(std::move(e));
}
}  // namespace svcname
#else
#include <tl/expected.hpp>
namespace svcname {
template <class T, class E>
using result = tl::expected<T, E>;
template <class E>
[[nodiscard]] constexpr tl::unexpected<E> fail(E e) {
  return tl::unexpected<E>(std::move(e));
}
}  // namespace svcname
#endif
