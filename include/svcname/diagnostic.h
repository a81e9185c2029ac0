#pragma once
/// @file diagnostic.h
/// Findings: a stable code, a severity, the range of input it applies to, and the
/// rule (RFC section) it enforces. Validators return a report; they never "fail".
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace svcname {

/// How bad a finding is. Ordered: note < warning < error.
enum class severity : std::uint8_t { note, warning, error };

/// Stable finding codes. Numbers are append-only and documented in the README;
/// each layer owns a range. Add new codes at the end of your range only.
enum class diag_code : std::uint16_t {
  // --- RFC 6335 §5.1 service-name syntax: 100..149 ---
  name_empty = 100,
  name_too_long,       ///< more than 15 characters
  name_bad_char,       ///< not A-Z a-z 0-9 or '-'
  name_no_letter,      ///< must contain at least one letter
  name_hyphen_edge,    ///< must not begin or end with '-'
  name_hyphen_double,  ///< must not contain "--"

  // --- registry facts about a name: 150..179 ---
  name_registered = 150,     ///< note: what IANA has for this name
  name_not_registered,       ///< warning: no record with this name
  name_registered_legacy,    ///< note: registered but breaks §5.1 (pre-RFC 6335 name)
  name_protocol_mismatch,    ///< registered, but not for this transport
  name_no_registry,          ///< note: registry checks skipped (no registry loaded)
  name_reserved,             ///< registered as Reserved / de-assigned

  // --- RFC 6763 DNS-SD names (§4, §7): 180..199 (full) ---
  type_missing_underscore = 180,  ///< service label must start with '_'
  type_bad_protocol,              ///< second label must be _tcp or _udp (§7)
  type_nested_protocol,           ///< _daap._http._tcp style (§7: the service part is two labels)
  type_missing_protocol,          ///< no _tcp/_udp label at all
  subtype_empty,                  ///< subtype label is empty
  subtype_too_long,               ///< subtype label > 63 octets (§7.1)
  subtype_missing,                ///< "_sub" without a subtype before it or a service label after it
  instance_empty,                 ///< instance label is empty (§4.1.1)
  instance_too_long,              ///< > 63 octets (§4.1.1)
  instance_control_char,          ///< contains 0x00-0x1F or 0x7F (§4.1.1)
  instance_bad_utf8,              ///< not valid UTF-8 (§4.1.1)
  label_too_long,                 ///< a domain label > 63 octets (RFC 1035 §2.3.4)
  label_empty,                    ///< two dots in a row
  name_too_long_wire,             ///< > 255 octets on the wire (RFC 1035 §2.3.4, RFC 6763 §7.2)
  bad_escape,                     ///< backslash at the end, or a \DDD that is not 000-255 (§4.3, RFC 1035 §5.1)
  domain_bad,                     ///< domain part is not a valid domain name
  udp_for_non_tcp,                ///< note: _udp stands for every non-TCP transport (§7)
  instance_not_nfc,               ///< note: SHOULD be NFC (§4.1.1, RFC 5198)
  instance_extra_labels,          ///< several labels before the type: unescaped '.' in an instance?
  type_is_bare_name,              ///< note: input has no _proto label; checked as a bare name

  // --- TXT records (RFC 6763 §6): 200..299 ---  (owned by the TXT layer)
  txt_first = 200,
  txt_empty_rdata = txt_first,  ///< zero-length RDATA; the empty record is one zero byte (§6.1)
  txt_truncated,                ///< a length byte runs past the end of the RDATA (§6.1)
  txt_string_too_long,          ///< a string over 255 bytes (§6.1, RFC 1035 §3.3.14)
  txt_key_missing,              ///< string starts with '=': no key, MUST be ignored (§6.4)
  txt_key_empty,                ///< empty string in a record with other strings (§6.4)
  txt_key_bad_char,             ///< key byte outside 0x20-0x7E or '=' (§6.4)
  txt_key_long,                 ///< key over 9 characters (SHOULD, §6.4)
  txt_duplicate_key,            ///< key repeated (case-insensitive); later ones ignored (§6.4)
  txt_size_over_200,            ///< total size over 200 bytes (§6.2)
  txt_size_over_400,            ///< total size over 400 bytes (§6.2)
  txt_size_over_1300,           ///< total size over 1300 bytes: NOT RECOMMENDED (§6.2)
  txt_txtvers_not_first,        ///< txtvers present but not the first string (§6.7)
  txt_txtvers_not_decimal,      ///< txtvers value is not a decimal number (§6.7)
  txt_value_binary,             ///< note: value is not UTF-8 text; shown escaped (§6.5)
  txt_rdata_too_large,          ///< over 65,535 bytes: cannot be sent (RFC 1035 §3.2.1)
  txt_empty_record,             ///< note: the record holds no data (a single zero byte, §6)
  txt_spec_missing_required = 240,  ///< a key the service's spec requires is absent
  txt_spec_unknown_key,         ///< key not in the service's spec (warning closed, note open)
  txt_spec_bad_value,           ///< value breaks the documented fixed value, list or format
  txt_spec_key_case,            ///< key differs only in case from the documented spelling
  txt_spec_unknown_service,     ///< note: no documented keys known for this service
  txt_spec_no_keys_defined,     ///< the spec says no keys are defined, yet keys are present

  // --- registry loading: 300..349 ---
  registry_first = 300,

  // --- lint: 400..499 ---
  lint_first = 400,
  lint_parse_zone = lint_first,   ///< zone file syntax error (RFC 1035 §5.1)
  lint_parse_avahi,               ///< Avahi service file: not well-formed XML or wrong structure
  lint_parse_dnssd,               ///< .dnssd file: not INI
  lint_parse_yaml,                ///< Kubernetes manifest: YAML syntax error
  lint_parse_services,            ///< /etc/services or list line that cannot be read
  lint_io_error,                  ///< the file cannot be read
  lint_unknown_format,            ///< a file named explicitly is in no format svcname knows
  lint_k8s_uppercase,             ///< Kubernetes IANA_SVC_NAME must be lowercase
  lint_port_invalid,              ///< port is not an integer 0-65535
  lint_unknown_specifier,         ///< %-specifier / wildcard the publisher does not expand
  lint_srv_owner,                 ///< SRV owner name is not _service._proto.name (RFC 2782)
  lint_subtype_type_mismatch,     ///< a subtype's base type is not the service's type
  lint_suppression_unknown_rule,  ///< ignore[rule-id] names no known rule
  lint_missing_type,              ///< service definition without a service type
  lint_ptr_type_mismatch,         ///< PTR target's service type differs from the owner's

  // --- discovery: 500..599 ---
  discovery_first = 500,
  disc_txt_missing = 501,     ///< resolved instance has no TXT record (RFC 6763 §6)
  disc_no_address,            ///< SRV target has no A/AAAA answer (RFC 6763 §12.2)
  disc_srv_target_bad,        ///< SRV target is not a usable host name (RFC 2782, RFC 6763 §5)
  disc_txt_empty_record,      ///< TXT with zero strings on the wire (RFC 6763 §6.1)
  disc_unresolved,            ///< note: resolving did not complete in time
};

/// A range in the caller's input (byte offsets; for a single-line input this is the column - 1).
struct text_range {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

/// One finding.
struct diagnostic {
  diag_code code{};
  severity level = severity::error;
  text_range where{};
  std::string detail;  ///< specific text ("16 characters, 1 over the limit"); may be empty
  std::string fix;     ///< specific fix ("did you mean 'http'?"); may be empty
};

/// Static facts about a code: every code has one row in one table.
struct rule_info {
  diag_code code;
  std::string_view id;        ///< stable id, e.g. "name-too-long"
  severity default_level;
  std::string_view cite;      ///< "RFC 6335 §5.1"
  std::string_view url;       ///< link to the section
  std::string_view summary;   ///< one sentence: what is wrong
  std::string_view hint;      ///< how to fix it in general
};

/// The row for @p c, or nullptr for an unknown code.
[[nodiscard]] const rule_info* rule_of(diag_code c) noexcept;
/// Stable id, e.g. "name-too-long" ("unknown" for an unknown code).
[[nodiscard]] std::string_view to_string(diag_code c) noexcept;
/// Inverse of to_string(diag_code).
[[nodiscard]] std::optional<diag_code> diag_code_from_string(std::string_view id) noexcept;
/// "note", "warning", "error".
[[nodiscard]] std::string_view to_string(severity s) noexcept;
/// Inverse of to_string(severity).
[[nodiscard]] std::optional<severity> severity_from_string(std::string_view s) noexcept;
/// Every known rule, sorted by code (for SARIF rule tables and documentation).
[[nodiscard]] std::vector<const rule_info*> all_rules();

/// Layers register their rule tables once at static-initialisation time.
/// (Used by the TXT, lint and discovery layers, whose tables live with their code.)
struct rule_table_registration {
  explicit rule_table_registration(std::span<const rule_info> table) noexcept;
};

/// Every finding for one input.
struct report {
  std::vector<diagnostic> items;

  /// True when no item is at error level.
  [[nodiscard]] bool ok() const noexcept;
  /// Highest severity present (nullopt if empty).
  [[nodiscard]] std::optional<severity> max_level() const noexcept;
  /// Adds a finding at the rule's default level.
  diagnostic& add(diag_code c, text_range where, std::string detail = {}, std::string fix = {});
  /// True if an item with code @p c exists.
  [[nodiscard]] bool has(diag_code c) const noexcept;
  /// Appends every item of @p other, shifting ranges by @p offset.
  void merge(const report& other, std::uint32_t offset = 0);
};

}  // namespace svcname
