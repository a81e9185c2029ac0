// `check`: syntax (RFC 6335 §5.1, RFC 6763 §4/§7) plus what the IANA registry says
// (RFC 6335 §8 registration; RFC 6763 §7 transport labels).
#include "svcname/check.h"

#include <algorithm>
#include <set>

#include "svcname/chars.h"
#include "svcname/service_name.h"

namespace svcname {

std::string_view to_string(input_kind k) noexcept {
  switch (k) {
    case input_kind::bare_name: return "service-name";
    case input_kind::service_type: return "service-type";
    case input_kind::subtype: return "subtype";
    case input_kind::instance: return "instance";
    case input_kind::invalid: return "invalid";
  }
  return "invalid";
}

namespace {

std::string ports_text(const registry::record_view& r) {
  const auto p = r.ports();
  std::string proto(r.protocol().empty() ? "any" : r.protocol());
  if (!p) return proto + " (no port: DNS-SD)";
  if (p->first == p->last) return proto + "/" + std::to_string(p->first);
  return proto + "/" + std::to_string(p->first) + "-" + std::to_string(p->last);
}

// Adds registry facts about @p res.service (text range `where`) to res.findings.
void add_registry_facts(check_result& res, std::string_view proto, text_range where,
                        const check_options& opt) {
  if (!opt.reg || res.service.empty()) return;
  res.records = opt.reg->by_name(res.service);
  if (res.records.empty()) {  // RFC 6335 §8: names are registered before use
    std::string fix;
    if (opt.suggest) {
      res.suggestions = opt.reg->suggest(res.service);
      if (!res.suggestions.empty()) {
        fix = "did you mean ";
        for (std::size_t i = 0; i < res.suggestions.size(); ++i)
          fix += (i ? (i + 1 == res.suggestions.size() ? " or '" : ", '") : "'") + res.suggestions[i] + "'";
        fix += "?";
      }
    }
    res.findings.add(diag_code::name_not_registered, where,
                     "'" + res.service + "' is not in the registry of " + std::string(opt.reg->updated()),
                     fix);
    return;
  }
  std::string facts;
  std::set<std::string> protos;
  std::string description;
  for (const auto& r : res.records) {
    if (!facts.empty()) facts += ", ";
    facts += ports_text(r);
    if (!r.protocol().empty()) protos.insert(chars::lower(r.protocol()));
    if (description.empty()) description = std::string(r.description());
  }
  const auto first_line = description.substr(0, description.find('\n'));
  res.findings.add(diag_code::name_registered, where, facts + " \"" + first_line + "\"");

  const std::string_view reg_name = res.records.front().name();
  if (!is_valid_service_name(reg_name)) {  // pre-RFC 6335 names are kept, graded, and noted
    res.legacy = true;
    res.findings.add(diag_code::name_registered_legacy, where,
                     "'" + std::string(reg_name) + "' was registered before RFC 6335");
  }
  if (proto.empty() || protos.empty()) return;  // DNS-SD-only names carry no transport
  // RFC 6763 §7: _tcp for TCP, _udp for every other transport.
  const bool want_tcp = chars::iequals(proto, "tcp");
  const bool has_tcp = protos.count("tcp") > 0;
  const bool has_non_tcp = std::any_of(protos.begin(), protos.end(), [](auto& p) { return p != "tcp"; });
  if (want_tcp && !has_tcp) {
    std::string regd;
    for (const auto& p : protos) regd += (regd.empty() ? "" : ", ") + p;
    res.findings.add(diag_code::name_protocol_mismatch, where,
                     "registered for " + regd + " only, used here with _tcp",
                     "use _" + res.service + "._udp");
  } else if (!want_tcp && chars::iequals(proto, "udp") && !has_non_tcp) {
    res.findings.add(diag_code::name_protocol_mismatch, where,
                     "registered for tcp only, used here with _udp", "use _" + res.service + "._tcp");
  } else if (!want_tcp && chars::iequals(proto, "udp") && protos.count("udp") == 0) {
    std::string regd;
    for (const auto& p : protos)
      if (p != "tcp") regd += (regd.empty() ? "" : ", ") + p;
    res.findings.add(diag_code::udp_for_non_tcp, where, "registered for " + regd);
  } else if (!chars::iequals(proto, "tcp") && !chars::iequals(proto, "udp") &&
             protos.count(chars::lower(proto)) == 0) {
    std::string regd;
    for (const auto& p : protos) regd += (regd.empty() ? "" : ", ") + p;
    res.findings.add(diag_code::name_protocol_mismatch, where,
                     "registered for " + regd + ", not " + std::string(proto));
  }
}

}  // namespace

check_result check_service_name(std::string_view name, std::string_view proto, const check_options& opt) {
  check_result res;
  res.kind = input_kind::bare_name;
  res.service = std::string(name);
  res.findings = validate_service_name(name);
  add_registry_facts(res, proto, {0, static_cast<std::uint32_t>(name.size())}, opt);
  return res;
}

check_result check_name(std::string_view input, const check_options& opt) {
  const bool dnssd = (!input.empty() && input.front() == '_') || input.find("._") != std::string_view::npos;
  if (!dnssd) {
    auto res = check_service_name(input, opt.protocol.value_or(""), opt);
    // A dotted input with no '_' label looks like a type typed without underscores
    // ("ipp.tcp"): say how it was read, and how to write the type (RFC 6763 §7).
    if (const auto dot = input.find('.'); dot != std::string_view::npos && dot > 0) {
      const auto first = input.substr(0, dot);
      auto rest = input.substr(dot + 1);
      rest = rest.substr(0, rest.find('.'));
      const bool proto_like = chars::iequals(rest, "tcp") || chars::iequals(rest, "udp");
      res.findings.add(diag_code::type_is_bare_name, {0, static_cast<std::uint32_t>(input.size())},
                       "no label of it begins with '_'",
                       proto_like ? "for a service type write _" + escape_label(first) + "._" +
                                        chars::lower(rest)
                                  : "for a service type write _name._tcp or _name._udp");
    }
    return res;
  }

  check_result res;
  res.parsed = parse_dnssd_name(input);
  res.findings = res.parsed.findings;
  switch (res.parsed.name.kind) {
    case dnssd_kind::service_type: res.kind = input_kind::service_type; break;
    case dnssd_kind::subtype: res.kind = input_kind::subtype; break;
    case dnssd_kind::instance: res.kind = input_kind::instance; break;
    case dnssd_kind::invalid: res.kind = input_kind::invalid; break;
  }
  res.service = std::string(res.parsed.name.service_name());
  res.service_offset = res.parsed.name.service_name_offset();
  const bool has_proto = res.parsed.name.proto_where.length > 0;
  const std::string proto = has_proto ? std::string(to_string(res.parsed.name.proto)) : "";
  // '<sub>._sub._tcp' has no service label: "sub" is not a service to look up (RFC 6763 §7.1).
  if (res.kind == input_kind::invalid && chars::iequals(res.service, "sub")) return res;
  add_registry_facts(res, proto, {res.service_offset, static_cast<std::uint32_t>(res.service.size())}, opt);
  return res;
}

}  // namespace svcname
