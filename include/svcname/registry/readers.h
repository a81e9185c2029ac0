#pragma once
/// @file registry/readers.h
/// Readers for IANA's published forms of the registry. Untrusted input: every reader
/// reports the first offending line instead of crashing or returning a partial registry.
#include <span>
#include <string>
#include <string_view>

#include "svcname/registry/model.h"
#include "svcname/result.h"

namespace svcname::registry {

/// Reads IANA's XML (authoritative form). Keeps every field and the people table.
/// @param bytes the whole file; @param file name used in errors.
[[nodiscard]] result<snapshot, load_error> parse_xml(std::string_view bytes, std::string_view file);

/// Reads IANA's CSV (RFC 4180; quoted fields may span lines).
[[nodiscard]] result<snapshot, load_error> parse_csv(std::string_view bytes, std::string_view file);

/// Reads a file, choosing the reader by content ("auto") or by @p format ("xml", "csv", ...).
[[nodiscard]] result<snapshot, load_error> load_snapshot(const std::string& path,
                                                         std::string_view format = "auto");

/// One known input format: its name, its reader and a content sniffer.
struct format_info {
  std::string_view name;      ///< "xml", "csv", ...
  std::string_view describe;  ///< "IANA XML (service-names-port-numbers.xml)"
  result<snapshot, load_error> (*read)(std::string_view bytes, std::string_view file);
  /// Confidence that @p bytes is this format (0 = certainly not; higher wins).
  int (*sniff)(std::string_view bytes);
};

/// Every format load_snapshot() knows, in the order they are tried (table in src/registry/formats.cpp).
[[nodiscard]] std::span<const format_info> known_formats() noexcept;

}  // namespace svcname::registry
