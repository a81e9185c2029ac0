// Diagnostics: the rule table for names and DNS-SD names, and the registry of
// tables that other layers (TXT, lint, discovery) add at start-up.
#include "svcname/diagnostic.h"

#include <algorithm>
#include <array>

namespace svcname {
namespace {

constexpr std::string_view rfc6335_51 = "https://www.rfc-editor.org/rfc/rfc6335#section-5.1";

// clang-format off
constexpr std::array core_rules{
  // RFC 6335 §5.1 — the five syntax rules, each its own finding.
  rule_info{diag_code::name_empty, "name-empty", severity::error, "RFC 6335 §5.1", rfc6335_51,
    "service name is empty", "a service name has 1 to 15 characters"},
  rule_info{diag_code::name_too_long, "name-too-long", severity::error, "RFC 6335 §5.1", rfc6335_51,
    "service name is longer than 15 characters", "shorten the name to at most 15 characters"},
  rule_info{diag_code::name_bad_char, "name-bad-char", severity::error, "RFC 6335 §5.1", rfc6335_51,
    "service name contains a character other than A-Z, a-z, 0-9 and '-'",
    "use only US-ASCII letters, digits and hyphens (replace '_', '.', '/', spaces with '-')"},
  rule_info{diag_code::name_no_letter, "name-no-letter", severity::error, "RFC 6335 §5.1", rfc6335_51,
    "service name contains no letter", "include at least one letter A-Z or a-z (digits alone are port numbers)"},
  rule_info{diag_code::name_hyphen_edge, "name-hyphen-edge", severity::error, "RFC 6335 §5.1", rfc6335_51,
    "service name begins or ends with a hyphen", "remove the leading or trailing '-'"},
  rule_info{diag_code::name_hyphen_double, "name-hyphen-double", severity::error, "RFC 6335 §5.1", rfc6335_51,
    "service name contains two adjacent hyphens", "replace '--' with a single '-'"},

  // Registry facts (RFC 6335 §8: names are registered with IANA before use).
  rule_info{diag_code::name_registered, "name-registered", severity::note, "RFC 6335 §8",
    "https://www.rfc-editor.org/rfc/rfc6335#section-8", "service name is registered with IANA", ""},
  rule_info{diag_code::name_not_registered, "name-not-registered", severity::warning, "RFC 6335 §8",
    "https://www.rfc-editor.org/rfc/rfc6335#section-8",
    "service name is not in the IANA registry",
    "use the registered name of the protocol, or register it (https://www.iana.org/protocols/apply)"},
  rule_info{diag_code::name_registered_legacy, "name-registered-legacy", severity::note, "RFC 6335 §5.1",
    rfc6335_51, "legacy name: registered before RFC 6335 and does not follow its syntax",
    "prefer the well-formed replacement name where IANA assigned one"},
  rule_info{diag_code::name_protocol_mismatch, "name-protocol-mismatch", severity::warning, "RFC 6763 §7",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7",
    "service name is registered, but not for this transport protocol",
    "use the transport label the service is registered for (_tcp for TCP, _udp for every other transport)"},
  rule_info{diag_code::name_no_registry, "name-no-registry", severity::note, "RFC 6335 §8",
    "https://www.rfc-editor.org/rfc/rfc6335#section-8",
    "registry checks skipped: no IANA registry is available",
    "run 'svcname registry update' (or pass --registry FILE, or set SVCNAME_REGISTRY)"},
  rule_info{diag_code::name_reserved, "name-reserved", severity::warning, "RFC 6335 §8.1",
    "https://www.rfc-editor.org/rfc/rfc6335#section-8.1",
    "the registry marks this name or port as reserved", "do not use a reserved entry for a new service"},

  // RFC 6763 DNS-SD names.
  rule_info{diag_code::type_missing_underscore, "type-missing-underscore", severity::error, "RFC 6763 §7",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7",
    "the service label of a service type must begin with '_'", "write the type as _name._tcp or _name._udp"},
  rule_info{diag_code::type_bad_protocol, "type-bad-protocol", severity::error, "RFC 6763 §7",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7",
    "the protocol label must be _tcp or _udp", "use _tcp for TCP services and _udp for every other transport"},
  // §7: "The <Service> portion ... consists of a pair of DNS labels". §7.1 defines only the
  // "<sub>._sub." form; it says nothing of stacked types such as _daap._http._tcp.
  rule_info{diag_code::type_nested_protocol, "type-nested-protocol", severity::error, "RFC 6763 §7",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7",
    "the service part of a name is a pair of labels (_name._proto): a protocol run over another "
    "one gets its own service name, not a second service label",
    "use the protocol's own name (_daap._tcp), or a subtype (<sub>._sub._name._tcp, RFC 6763 §7.1)"},
  rule_info{diag_code::type_missing_protocol, "type-missing-protocol", severity::error, "RFC 6763 §7",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7",
    "no _tcp or _udp label found", "append ._tcp or ._udp to the service label"},
  rule_info{diag_code::subtype_empty, "subtype-empty", severity::error, "RFC 6763 §7.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7.1", "subtype label is empty",
    "a subtype is 1 to 63 octets"},
  rule_info{diag_code::subtype_too_long, "subtype-too-long", severity::error, "RFC 6763 §7.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7.1", "subtype label is longer than 63 octets",
    "shorten the subtype to at most 63 octets"},
  rule_info{diag_code::subtype_missing, "subtype-missing", severity::error, "RFC 6763 §7.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7.1", "'_sub' needs a subtype label before it and the service label after it",
    "write <subtype>._sub._name._tcp"},
  rule_info{diag_code::instance_empty, "instance-empty", severity::error, "RFC 6763 §4.1.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1.1", "instance name is empty",
    "an instance name is 1 to 63 octets of UTF-8"},
  rule_info{diag_code::instance_too_long, "instance-too-long", severity::error, "RFC 6763 §4.1.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1.1", "instance name is longer than 63 octets",
    "shorten the instance name to at most 63 octets of UTF-8"},
  rule_info{diag_code::instance_control_char, "instance-control-char", severity::error, "RFC 6763 §4.1.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1.1",
    "instance name contains an ASCII control character (0x00-0x1F, 0x7F)", "remove the control character"},
  rule_info{diag_code::instance_bad_utf8, "instance-bad-utf8", severity::error, "RFC 6763 §4.1.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1.1", "instance name is not valid UTF-8",
    "encode the instance name as UTF-8 (Net-Unicode, RFC 5198)"},
  rule_info{diag_code::label_too_long, "label-too-long", severity::error, "RFC 1035 §2.3.4",
    "https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4", "a DNS label is longer than 63 octets",
    "shorten the label to at most 63 octets"},
  rule_info{diag_code::label_empty, "label-empty", severity::error, "RFC 1035 §3.1",
    "https://www.rfc-editor.org/rfc/rfc1035#section-3.1", "empty label (two dots in a row)",
    "remove the extra '.' (escape a literal dot in an instance name as '\\.')"},
  rule_info{diag_code::name_too_long_wire, "name-too-long-wire", severity::error, "RFC 6763 §7.2",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7.2",
    "the full name is longer than 255 octets on the wire", "shorten the instance name or the domain"},
  // §4.3 escapes '.' and '\' in instance names; \X and \DDD are RFC 1035 §5.1 master-file escapes.
  rule_info{diag_code::bad_escape, "bad-escape", severity::error, "RFC 6763 §4.3",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.3",
    "bad escape: '\\' must be followed by a character, or by three decimal digits 000-255",
    "write a literal dot as '\\.', a backslash as '\\\\', any other byte as \\DDD"},
  rule_info{diag_code::domain_bad, "domain-bad", severity::error, "RFC 6763 §4.1.3",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1.3", "the domain part is not a valid domain name",
    "use local. for mDNS or a unicast DNS domain such as example.com."},
  rule_info{diag_code::udp_for_non_tcp, "udp-for-non-tcp", severity::note, "RFC 6763 §7",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7",
    "the service is registered only for a transport other than TCP and UDP; DNS-SD uses _udp for it", ""},
  rule_info{diag_code::instance_not_nfc, "instance-not-nfc", severity::note, "RFC 6763 §4.1.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1.1",
    "instance name SHOULD be in Unicode Normalization Form C", "normalize the name to NFC"},
  // §4.1: <Instance>.<Service>.<Domain>, and §4.1.1: the <Instance> portion is a single label.
  rule_info{diag_code::instance_extra_labels, "instance-extra-labels", severity::error, "RFC 6763 §4.1.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1.1",
    "more than one label before the service type: an instance name is a single DNS label",
    "escape dots inside the instance name as '\\.' (RFC 6763 §4.3)"},
  rule_info{diag_code::type_is_bare_name, "type-is-bare-name", severity::note, "RFC 6335 §5.1", rfc6335_51,
    "no _tcp or _udp label: the input was checked as a bare service name", ""},
};
// clang-format on

std::vector<std::span<const rule_info>>& tables() {
  static std::vector<std::span<const rule_info>> t{std::span<const rule_info>(core_rules)};
  return t;
}

}  // namespace

rule_table_registration::rule_table_registration(std::span<const rule_info> table) noexcept {
  tables().push_back(table);
}

const rule_info* rule_of(diag_code c) noexcept {
  for (auto t : tables())
    for (const auto& r : t)
      if (r.code == c) return &r;
  return nullptr;
}

std::string_view to_string(diag_code c) noexcept {
  const auto* r = rule_of(c);
  return r ? r->id : std::string_view("unknown");
}

std::optional<diag_code> diag_code_from_string(std::string_view id) noexcept {
  for (auto t : tables())
    for (const auto& r : t)
      if (r.id == id) return r.code;
  return std::nullopt;
}

std::string_view to_string(severity s) noexcept {
  switch (s) {
    case severity::note: return "note";
    case severity::warning: return "warning";
    case severity::error: return "error";
  }
  return "error";
}

std::optional<severity> severity_from_string(std::string_view s) noexcept {
  if (s == "note") return severity::note;
  if (s == "warning") return severity::warning;
  if (s == "error") return severity::error;
  return std::nullopt;
}

std::vector<const rule_info*> all_rules() {
  std::vector<const rule_info*> out;
  for (auto t : tables())
    for (const auto& r : t) out.push_back(&r);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->code < b->code; });
  return out;
}

bool report::ok() const noexcept {
  return std::none_of(items.begin(), items.end(),
                      [](const diagnostic& d) { return d.level == severity::error; });
}

std::optional<severity> report::max_level() const noexcept {
  std::optional<severity> m;
  for (const auto& d : items)
    if (!m || d.level > *m) m = d.level;
  return m;
}

diagnostic& report::add(diag_code c, text_range where, std::string detail, std::string fix) {
  const auto* r = rule_of(c);
  items.push_back(diagnostic{c, r ? r->default_level : severity::error, where, std::move(detail),
                             std::move(fix)});
  return items.back();
}

bool report::has(diag_code c) const noexcept {
  return std::any_of(items.begin(), items.end(), [c](const diagnostic& d) { return d.code == c; });
}

void report::merge(const report& other, std::uint32_t offset) {
  for (auto d : other.items) {
    d.where.offset += offset;
    items.push_back(std::move(d));
  }
}

}  // namespace svcname
