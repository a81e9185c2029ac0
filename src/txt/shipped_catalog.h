#pragma once
// The curated catalog compiled into the library (generated shipped_catalog.cpp).
#include <span>
#include <string_view>

namespace svcname::txt::detail {
struct shipped_file {
  std::string_view name;  ///< file name in registry/txt-keys/, e.g. "adisk.json"
  std::string_view text;  ///< its JSON text
};
/// Every registry/txt-keys/*.json as it was at build time, sorted by name.
std::span<const shipped_file> shipped_catalog_files();
}  // namespace svcname::txt::detail
