#pragma once
/// @file dnssd_name.h
/// DNS-SD names (RFC 6763): service types `_name._tcp[.domain]` (§7), subtypes
/// `<sub>._sub._name._tcp` (§7.1), instance names (§4.1.1) with the escaping of §4.3,
/// and full service-instance names `<Instance>.<Service>.<Domain>` (§4.1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/diagnostic.h"

namespace svcname {

inline constexpr std::size_t max_label_octets = 63;   ///< RFC 1035 §2.3.4
inline constexpr std::size_t max_name_octets = 255;   ///< RFC 1035 §2.3.4, on the wire

/// Transport label of a service type. RFC 6763 §7: "_tcp" for TCP, "_udp" for every other.
enum class transport : std::uint8_t { tcp, udp };
[[nodiscard]] std::string_view to_string(transport t) noexcept;

/// One label: its bytes after unescaping, and where it sits in the input (escaped form).
struct name_label {
  std::string bytes;             ///< unescaped octets
  text_range where{};            ///< range in the input text
  std::vector<std::uint32_t> src;  ///< input offset of each octet of `bytes`
};

/// What a parsed DNS-SD name turned out to be.
enum class dnssd_kind : std::uint8_t { service_type, subtype, instance, invalid };

/// A parsed DNS-SD name. Fields that do not apply are empty.
struct dnssd_name {
  dnssd_kind kind = dnssd_kind::invalid;
  std::optional<name_label> instance;  ///< <Instance> (§4.1.1)
  std::optional<name_label> subtype;   ///< <sub> in <sub>._sub._name._proto (§7.1)
  name_label service;                  ///< "_ipp" label; service_name() drops the '_'
  transport proto = transport::tcp;
  text_range proto_where{};
  std::vector<name_label> domain;      ///< domain labels, e.g. {"local"}
  bool fully_qualified = false;        ///< input ended with an unescaped '.'

  /// The bare service name ("ipp"), without the leading underscore.
  [[nodiscard]] std::string_view service_name() const noexcept;
  /// Offset of the bare service name in the input.
  [[nodiscard]] std::uint32_t service_name_offset() const noexcept;
  /// "_ipp._tcp"
  [[nodiscard]] std::string type_string() const;
  /// Domain as dotted text ("local."), or empty.
  [[nodiscard]] std::string domain_string() const;
};

/// Result of parsing: the structure (best effort) and every finding.
struct dnssd_parse {
  dnssd_name name;
  report findings;
};

/// Splits presentation text into labels, undoing the §4.3 escapes (`\.`, `\\`, `\DDD`,
/// and RFC 1035 §5.1 `\X`). Findings: bad_escape, label_empty. A trailing '.' sets @p fqdn.
[[nodiscard]] std::vector<name_label> split_labels(std::string_view text, report& findings,
                                                   bool& fqdn);

/// Parses and validates a service type, subtype type or full service-instance name.
/// Checks: §7 (_name._tcp|_udp, service name per RFC 6335 §5.1), §7.1 (subtypes, and
/// three-label types such as _daap._http._tcp are errors), §4.1.1 (instance label),
/// §7.2 / RFC 1035 (63-octet labels, 255-octet names).
[[nodiscard]] dnssd_parse parse_dnssd_name(std::string_view text);

/// Grades one instance label (unescaped bytes) against RFC 6763 §4.1.1:
/// 1-63 octets, valid UTF-8, no ASCII control characters.
/// @param src input offsets of each byte (may be empty: offsets are then byte indices).
[[nodiscard]] report validate_instance_label(std::string_view bytes,
                                             const std::vector<std::uint32_t>& src = {});

/// True when @p bytes is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

/// True when valid UTF-8 @p bytes are in Unicode Normalization Form C (RFC 5198 §2), which
/// RFC 6763 §4.1.1 asks of instance names. False for invalid UTF-8.
[[nodiscard]] bool is_nfc(std::string_view bytes);

/// @p bytes normalized to NFC; invalid UTF-8 is returned unchanged.
[[nodiscard]] std::string to_nfc(std::string_view bytes);

/// Escapes one label for display per RFC 6763 §4.3: '.' -> "\.", '\' -> "\\",
/// control bytes and invalid UTF-8 -> \DDD. Valid UTF-8 is kept, so the result is
/// safe to print to a terminal.
[[nodiscard]] std::string escape_label(std::string_view bytes);

}  // namespace svcname
