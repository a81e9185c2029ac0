// Backend-neutral parts of browsing: value formatting and the backend registry.
#include <algorithm>
#include <array>
#include <cstdio>

#include "svcname/browse.h"
#include "svcname/chars.h"

namespace svcname {

std::string_view to_string(ip_protocol p) noexcept {
  switch (p) {
    case ip_protocol::v4: return "IPv4";
    case ip_protocol::v6: return "IPv6";
    case ip_protocol::any: return "any";
  }
  return "any";
}

std::string_view to_string(browse_errc c) noexcept {
  switch (c) {
    case browse_errc::ok: return "ok";
    case browse_errc::backend_unavailable: return "backend_unavailable";
    case browse_errc::disconnected: return "disconnected";
    case browse_errc::too_many_objects: return "too_many_objects";
    case browse_errc::timeout: return "timeout";
    case browse_errc::not_found: return "not_found";
    case browse_errc::server_failure: return "server_failure";
    case browse_errc::network: return "network";
    case browse_errc::bad_response: return "bad_response";
    case browse_errc::invalid_request: return "invalid_request";
    case browse_errc::unsupported: return "unsupported";
    case browse_errc::internal: return "internal";
  }
  return "internal";
}

std::string_view to_string(browse_event_kind k) noexcept {
  switch (k) {
    case browse_event_kind::added: return "added";
    case browse_event_kind::removed: return "removed";
    case browse_event_kind::all_for_now: return "all_for_now";
    case browse_event_kind::failed: return "failed";
  }
  return "failed";
}

ip_address ip_address::v4(const std::array<std::uint8_t, 4>& b) noexcept {
  ip_address a;
  a.family = ip_protocol::v4;
  std::copy(b.begin(), b.end(), a.bytes.begin());
  return a;
}

ip_address ip_address::v6(const std::array<std::uint8_t, 16>& b, std::uint32_t scope) noexcept {
  ip_address a;
  a.family = ip_protocol::v6;
  a.bytes = b;
  a.scope_id = scope;
  return a;
}

bool ip_address::is_link_local() const noexcept {
  if (family == ip_protocol::v4) return bytes[0] == 169 && bytes[1] == 254;  // RFC 3927
  return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;                      // RFC 4291 §2.5.6
}

std::string ip_address::to_string(std::string_view scope_name) const {
  char buf[64];
  if (family == ip_protocol::v4) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
    return buf;
  }
  // RFC 5952 §4: lower-case hex, leading zeros dropped, the longest run (>= 2) of zero
  // groups shortened to "::" (the first one on a tie).
  std::uint16_t g[8];
  for (std::size_t i = 0; i < 8; ++i)
    g[i] = static_cast<std::uint16_t>((bytes[2 * i] << 8) | bytes[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  if (is_link_local()) {
    if (!scope_name.empty()) {
      out += '%';
      out += scope_name;
    } else if (scope_id != 0) {
      out += '%';
      out += std::to_string(scope_id);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Registry

namespace {
std::vector<const backend_info*>& registry() {
  static std::vector<const backend_info*> r;
  return r;
}
}  // namespace

backend_registration::backend_registration(const backend_info& info) noexcept {
  try {
    registry().push_back(&info);
  } catch (...) {  // out of memory at start-up: the backend is simply not offered
  }
}

std::vector<const backend_info*> available_backends() {
  auto r = registry();
  std::stable_sort(r.begin(), r.end(), [](const backend_info* a, const backend_info* b) {
    return a->auto_order < b->auto_order;
  });
  return r;
}

const backend_info* find_backend(std::string_view name) noexcept {
  for (const auto* b : registry())
    if (b->name == name) return b;
  return nullptr;
}

bool is_local_domain(std::string_view domain) noexcept {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  return domain.empty() || chars::iequals(domain, "local");  // RFC 6762 §3
}

result<std::unique_ptr<backend>, browse_error> make_backend(event_loop& loop,
                                                            std::string_view name,
                                                            std::string_view domain,
                                                            const backend_options& opt) {
  if (name != "auto") {
    const auto* b = find_backend(name);
    if (!b || !b->create) {
      std::string known;
      for (const auto* x : available_backends()) known += (known.empty() ? "" : ", ") + std::string(x->name);
      return fail(browse_error{browse_errc::backend_unavailable,
                               "backend '" + std::string(name) + "' is not built into this svcname (available: " +
                                   (known.empty() ? std::string("none") : known) + ")"});
    }
    return b->create(loop, opt);
  }
  std::string tried;
  for (const auto* b : available_backends()) {
    const bool serves = b->serves_domain ? b->serves_domain(domain) : is_local_domain(domain);
    if (!serves || !b->create) continue;
    auto r = b->create(loop, opt);
    if (r) return r;
    if (opt.notice)
      opt.notice("backend '" + std::string(b->name) + "' unavailable: " + r.error().message +
                 "; trying the next one");
    tried += (tried.empty() ? "" : "; ") + std::string(b->name) + ": " + r.error().message;
  }
  return fail(browse_error{browse_errc::backend_unavailable,
                           tried.empty() ? "no backend serves domain '" + std::string(domain) + "'"
                                         : "no backend could start (" + tried + ")"});
}

}  // namespace svcname

// ---------------------------------------------------------------------------------------
// Findings about what a resolve returned (discovery range 500-549).

namespace svcname {
namespace {

// clang-format off
constexpr std::array discovery_rules{
  rule_info{diag_code::disc_txt_missing, "txt-missing", severity::warning, "RFC 6763 §6",
    "https://www.rfc-editor.org/rfc/rfc6763#section-6",
    "the instance has no TXT record (every DNS-SD service MUST have one)",
    "publish a TXT record, even one holding a single empty string"},
  rule_info{diag_code::disc_no_address, "no-address", severity::warning, "RFC 6763 §12.2",
    "https://www.rfc-editor.org/rfc/rfc6763#section-12.2",
    "no A or AAAA record was received for the SRV target host",
    "make the responder publish the host's addresses (and add them to SRV answers)"},
  rule_info{diag_code::disc_srv_target_bad, "srv-target-bad", severity::error, "RFC 2782",
    "https://www.rfc-editor.org/rfc/rfc2782",
    "the SRV target is not a usable host name", "point the SRV record at the host's own name (e.g. host.local.)"},
  rule_info{diag_code::disc_txt_empty_record, "txt-empty-record", severity::warning, "RFC 6763 §6.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-6.1",
    "the TXT record holds no strings at all (RDLENGTH 0)",
    "an empty TXT record must hold a single zero-length string (one 0x00 byte)"},
  rule_info{diag_code::disc_unresolved, "unresolved", severity::note, "RFC 6763 §4",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4",
    "the instance was listed but could not be resolved in time",
    "increase --timeout, or check that the responder answers SRV/TXT queries"},
};
// clang-format on
const rule_table_registration discovery_reg{discovery_rules};

}  // namespace

report check_resolved(const resolve_result& r) {
  report out;
  // RFC 6763 §6: "Every DNS-SD service MUST have a TXT record in addition to its SRV record."
  if (!r.has_txt) out.add(diag_code::disc_txt_missing, {});
  // RFC 6763 §6.1: an empty TXT record is a single zero-length string, not zero strings.
  else if (r.txt.empty()) out.add(diag_code::disc_txt_empty_record, {});
  // RFC 2782: "Target" is a host name; "." means the service is decidedly not available.
  if (r.host.empty() || r.host == ".") {
    out.add(diag_code::disc_srv_target_bad, {}, r.host.empty() ? "no SRV target" : "target is \".\"");
  } else if (r.addresses.empty()) {
    out.add(diag_code::disc_no_address, {}, "host " + r.host);
  }
  return out;
}

}  // namespace svcname
