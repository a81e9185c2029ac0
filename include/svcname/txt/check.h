#pragma once
/// @file txt/check.h
/// Grading a TXT record: every rule of RFC 6763 §6 as its own finding, and the conformance of
/// the record to its service's documented keys. This is the entry point the discovery and lint
/// layers call: check_record(bytes, service_type, catalog).
#include <cstdint>
#include <span>
#include <string_view>

#include "svcname/diagnostic.h"
#include "svcname/txt/record.h"
#include "svcname/txt/spec.h"

namespace svcname::txt {

/// What to check besides RFC 6763 §6.
struct check_options {
  /// Report non-UTF-8 values (note txt-value-binary). Values are opaque (§6.5), so this is
  /// informational only.
  bool note_binary_values = true;
};

/// RFC 6763 §6 rules on a parsed record. Every finding's range is in RDATA bytes (as if the
/// record were written); its detail names the string index ("string 2") and the byte offset.
/// Findings: txt-empty-rdata (§6.1), txt-string-too-long (§6.1), txt-key-missing (§6.4),
/// txt-key-empty (§6.4), txt-key-bad-char (§6.4), txt-key-long (§6.4), txt-duplicate-key
/// (§6.4), txt-size-over-200/400/1300 (§6.2), txt-txtvers-not-first (§6.7),
/// txt-txtvers-not-decimal (§6.7), txt-value-binary (§6.5), txt-rdata-too-large.
[[nodiscard]] report check_record(const record& r, const check_options& opt = {});

/// Parses @p rdata and grades it. A malformed RDATA gives txt-truncated (error) at the offset
/// of the length byte that runs past the end, and the strings before it are still graded.
/// Invariant (fuzzed): check_wire(b).ok() implies parse_wire(b).has_value().
[[nodiscard]] report check_wire(std::span<const std::uint8_t> rdata,
                                const check_options& opt = {});

/// Conformance of @p r to @p spec (and to the specs it inherits, looked up in @p cat):
/// txt-spec-missing-required, txt-spec-unknown-key (warning for a closed spec, note for an
/// open one), txt-spec-bad-value (fixed value, enumeration or format broken),
/// txt-spec-key-case (a key differs only in case from the documented one).
[[nodiscard]] report check_conformance(const record& r, const service_spec& spec,
                                       const catalog* cat = nullptr);

/// The stable entry point for the discovery and lint layers: parses @p rdata, grades it against
/// RFC 6763 §6 and, when @p service_type names a service ("_ipp._tcp", "_ipp._tcp.local.",
/// "ipp") with a spec in @p cat, against that spec. @p cat may be nullptr (§6 rules only); an
/// empty @p service_type skips the spec checks. When the service has no spec, adds the note
/// txt-spec-unknown-service.
[[nodiscard]] report check_record(std::span<const std::uint8_t> rdata,
                                  std::string_view service_type, const catalog* cat,
                                  const check_options& opt = {});

/// Same, for a record already parsed (e.g. typed in text form).
[[nodiscard]] report check_record(const record& r, std::string_view service_type,
                                  const catalog* cat, const check_options& opt = {});

/// The bare service name in @p service_type: "_ipp._tcp.local." -> "ipp", "ipp" -> "ipp",
/// "_printer._sub._http._tcp" -> "http". Empty when it cannot be found.
[[nodiscard]] std::string service_of(std::string_view service_type);

}  // namespace svcname::txt
