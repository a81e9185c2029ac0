// The lint driver: rule table of the lint layer (400-499), format detection, the name checks
// every reader shares, suppressions, and placing findings at line:column.
#include "svcname/lint/lint.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <exception>
#include <fstream>
#include <iterator>
#include <set>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <tuple>
#include <sstream>

#include "lint/context.h"
#include "svcname/chars.h"
#include "svcname/check.h"
#include "svcname/dnssd_name.h"
#include "svcname/service_name.h"

namespace svcname::lint {
namespace {

// clang-format off
constexpr std::array lint_rules{
  // One syntax rule per input format, each citing that format's specification.
  rule_info{diag_code::lint_parse_zone, "zone-syntax", severity::error, "RFC 1035 §5.1",
    "https://www.rfc-editor.org/rfc/rfc1035#section-5.1",
    "the zone file cannot be parsed (master file format)",
    "fix the syntax at the reported line: balanced parentheses, closed quotes, known $ directives"},
  rule_info{diag_code::lint_parse_avahi, "avahi-syntax", severity::error, "avahi.service(5)",
    "https://manpages.debian.org/bookworm/avahi-daemon/avahi.service.5.en.html",
    "the Avahi service file cannot be read (XML or <service-group> structure)",
    "fix the XML at the reported line; avahi-daemon ignores the whole file until then"},
  rule_info{diag_code::lint_parse_dnssd, "dnssd-syntax", severity::error, "systemd.dnssd(5)",
    "https://www.freedesktop.org/software/systemd/man/latest/systemd.dnssd.html",
    "the .dnssd file cannot be parsed (INI syntax)",
    "write 'Key=value', '[Section]' or a '#' comment on each line"},
  rule_info{diag_code::lint_parse_yaml, "yaml-syntax", severity::error, "YAML 1.2",
    "https://yaml.org/spec/1.2.2/",
    "the Kubernetes manifest is not valid YAML", "fix the YAML at the reported line (indentation, quoting)"},
  rule_info{diag_code::lint_parse_services, "services-syntax", severity::error, "services(5)",
    "https://manpages.debian.org/bookworm/manpages/services.5.en.html",
    "the line is not 'name port/protocol [aliases...]'", "write 'name port/protocol [aliases...]' (e.g. 'ipp 631/tcp')"},
  rule_info{diag_code::lint_io_error, "lint-io-error", severity::error, "POSIX open()/read()",
    "https://pubs.opengroup.org/onlinepubs/9699919799/functions/read.html",
    "the file cannot be read", "check that the path exists and is readable"},
  rule_info{diag_code::lint_unknown_format, "lint-unknown-format", severity::warning, "svcname lint --format",
    "",
    "the file is in no format svcname lint reads",
    "pass --format avahi|dnssd|kubernetes|zone|services|list, or leave the file out"},
  rule_info{diag_code::lint_k8s_uppercase, "k8s-port-name-uppercase", severity::error,
    "Kubernetes IANA_SVC_NAME (RFC 6335 §5.1, lowercase)",
    "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
    "Kubernetes requires port names in lowercase (IANA_SVC_NAME: a-z, 0-9, '-'); the API server rejects this object",
    "write the name in lowercase"},
  rule_info{diag_code::lint_port_invalid, "port-invalid", severity::error, "RFC 6335 §6",
    "https://www.rfc-editor.org/rfc/rfc6335#section-6",
    "port is not a number from 0 to 65535", "write the port as a decimal number 0-65535"},
  rule_info{diag_code::lint_unknown_specifier, "unknown-specifier", severity::error,
    "systemd.dnssd(5) Name=",
    "https://www.freedesktop.org/software/systemd/man/latest/systemd.dnssd.html",
    "unknown %-specifier: systemd-resolved refuses to load this service",
    "use one of %a %A %b %B %H %l %m %M %o %v %w %W, or write a literal '%' as '%%'"},
  rule_info{diag_code::lint_srv_owner, "srv-owner", severity::error, "RFC 2782",
    "https://www.rfc-editor.org/rfc/rfc2782",
    "SRV owner name does not begin with _Service._Proto",
    "name the record _service._tcp.<domain> (or <Instance>._service._tcp.<domain> for DNS-SD)"},
  rule_info{diag_code::lint_subtype_type_mismatch, "subtype-type-mismatch", severity::error, "RFC 6763 §7.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7.1",
    "the subtype belongs to a different service type than the service it is listed under",
    "write the subtype as <sub>._sub.<the service's own type>"},
  rule_info{diag_code::lint_suppression_unknown_rule, "suppression-unknown-rule", severity::warning,
    "svcname lint suppressions", "",
    "the suppression names a rule that does not exist, so it suppresses nothing",
    "use a rule id from 'svcname lint --list-rules'"},
  rule_info{diag_code::lint_missing_type, "missing-type", severity::error, "RFC 6763 §7",
    "https://www.rfc-editor.org/rfc/rfc6763#section-7",
    "the service definition has no service type", "add the type (<type>_name._tcp</type> or Type=_name._tcp)"},
  rule_info{diag_code::lint_ptr_type_mismatch, "ptr-type-mismatch", severity::error, "RFC 6763 §4.1",
    "https://www.rfc-editor.org/rfc/rfc6763#section-4.1",
    "the PTR record points to an instance of a different service type than its owner name",
    "a PTR owned by _name._tcp.<domain> must point to <Instance>._name._tcp.<domain>"},
};
// clang-format on

const rule_table_registration lint_rules_reg{lint_rules};

bool ends_with_ci(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && chars::iequals(s.substr(s.size() - suffix.size()), suffix);
}

std::string_view base_name(std::string_view path) noexcept {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// Offsets in the linted file are bounded by the file size, which fits 32 bits (files over
/// 4 GiB are refused by lint_file).
std::uint32_t u32(std::size_t v) noexcept {
  return static_cast<std::uint32_t>(std::min<std::size_t>(v, UINT32_MAX));
}

bool has_line_starting(std::string_view text, std::string_view prefix) noexcept {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    auto line = text.substr(pos, eol - pos);
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.substr(first).starts_with(prefix)) return true;
    pos = eol + 1;
  }
  return false;
}

bool looks_kubernetes(std::string_view t) noexcept {
  return has_line_starting(t, "apiVersion:") && has_line_starting(t, "kind:");
}
bool looks_avahi(std::string_view t) noexcept { return t.find("<service-group") != std::string_view::npos; }
bool looks_zone(std::string_view t) noexcept {
  if (t.find('\0') != std::string_view::npos) return false;
  return has_line_starting(t, "$ORIGIN") || has_line_starting(t, "$TTL") ||
         t.find(" SOA ") != std::string_view::npos || t.find("\tSOA\t") != std::string_view::npos ||
         t.find("\tSOA ") != std::string_view::npos || t.find(" SOA\t") != std::string_view::npos;
}
bool looks_dnssd(std::string_view t) noexcept {
  return has_line_starting(t, "[Service]") && has_line_starting(t, "Type=");
}

}  // namespace

std::string_view to_string(file_format f) noexcept {
  switch (f) {
    case file_format::avahi: return "avahi";
    case file_format::dnssd: return "dnssd";
    case file_format::kubernetes: return "kubernetes";
    case file_format::zone: return "zone";
    case file_format::services: return "services";
    case file_format::list: return "list";
    case file_format::unknown: break;
  }
  return "unknown";
}

std::optional<file_format> file_format_from_string(std::string_view s) noexcept {
  if (s == "avahi") return file_format::avahi;
  if (s == "dnssd") return file_format::dnssd;
  if (s == "kubernetes" || s == "k8s" || s == "yaml") return file_format::kubernetes;
  if (s == "zone") return file_format::zone;
  if (s == "services" || s == "etc-services") return file_format::services;
  if (s == "list") return file_format::list;
  return std::nullopt;
}

name_match match_file_name(std::string_view path, file_format& guess) noexcept {
  const auto b = base_name(path);
  guess = file_format::unknown;
  if (ends_with_ci(b, ".dnssd") ||
      (ends_with_ci(b, ".conf") && path.find(".dnssd.d/") != std::string_view::npos)) {
    guess = file_format::dnssd;
    return name_match::yes;
  }
  if (ends_with_ci(b, ".zone")) {
    guess = file_format::zone;
    return name_match::yes;
  }
  if (b == "services") {
    guess = file_format::services;
    return name_match::yes;
  }
  if (ends_with_ci(b, ".svcnames") || ends_with_ci(b, ".svclist")) {
    guess = file_format::list;
    return name_match::yes;
  }
  if (ends_with_ci(b, ".service")) {  // also systemd units: the content decides
    guess = file_format::avahi;
    return name_match::maybe;
  }
  if (ends_with_ci(b, ".yaml") || ends_with_ci(b, ".yml")) {
    guess = file_format::kubernetes;
    return name_match::maybe;
  }
  if (ends_with_ci(b, ".db") || b.starts_with("db.")) {
    guess = file_format::zone;
    return name_match::maybe;
  }
  return name_match::no;
}

file_format detect_format(std::string_view path, std::string_view content) noexcept {
  file_format guess{};
  switch (match_file_name(path, guess)) {
    case name_match::yes: return guess;
    case name_match::maybe:
      switch (guess) {
        case file_format::avahi: return looks_avahi(content) ? guess : file_format::unknown;
        case file_format::kubernetes: return looks_kubernetes(content) ? guess : file_format::unknown;
        case file_format::zone: return looks_zone(content) ? guess : file_format::unknown;
        default: return file_format::unknown;
      }
    case name_match::no: break;
  }
  if (looks_avahi(content)) return file_format::avahi;
  if (looks_dnssd(content)) return file_format::dnssd;
  if (looks_kubernetes(content)) return file_format::kubernetes;
  if (looks_zone(content)) return file_format::zone;
  return file_format::unknown;
}

// ---------------------------------------------------------------------------------------
// fact_cache

class fact_cache {
 public:
  /// Registry findings for @p service used over @p proto, offsets relative to the name.
  const report& get(const registry::registry& reg, std::string_view service, std::string_view proto) {
    // Keyed by the name as written: the findings' text quotes it ("'Admin' is not in the
    // registry"), so 'admin' and 'Admin' must not share an entry, or the report would depend
    // on which thread met which spelling first.
    std::string key(service);
    key += '/';
    key += chars::lower(proto);
    {
      std::shared_lock lock(mu_);
      if (const auto it = map_.find(key); it != map_.end()) return it->second;
    }
    check_options o;
    o.reg = &reg;
    auto res = check_service_name(service, proto, o);
    report facts;
    for (auto& d : res.findings.items)
      if (d.code >= diag_code::name_registered && d.code < diag_code::type_missing_underscore)
        facts.items.push_back(std::move(d));  // registry codes (150-179) only: syntax is per use
      else if (d.code == diag_code::udp_for_non_tcp)
        facts.items.push_back(std::move(d));
    std::unique_lock lock(mu_);
    return map_.try_emplace(std::move(key), std::move(facts)).first->second;  // node-stable
  }

 private:
  std::shared_mutex mu_;
  std::unordered_map<std::string, report> map_;
};

std::shared_ptr<fact_cache> make_fact_cache() { return std::make_shared<fact_cache>(); }

namespace detail {

// ---------------------------------------------------------------------------------------
// line_index

line_index::line_index(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

std::uint32_t line_index::line_of(std::size_t offset) const noexcept {
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<std::uint32_t>(it - starts_.begin());  // >= 1: starts_[0] == 0
}

std::size_t line_index::line_start(std::uint32_t line) const noexcept {
  if (line == 0 || line > starts_.size()) return text_.size();
  return starts_[line - 1];
}

std::uint32_t line_index::column_of(std::size_t offset) const noexcept {
  offset = std::min(offset, text_.size());
  const auto start = line_start(line_of(offset));
  std::uint32_t col = 1;
  for (std::size_t i = start; i < offset; ++i)  // count code points: skip UTF-8 continuation bytes
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++col;
  return col;
}

std::string_view line_index::line_text(std::uint32_t line) const noexcept {
  const auto start = line_start(line);
  if (start >= text_.size()) return {};
  auto end = text_.find('\n', start);
  if (end == std::string_view::npos) end = text_.size();
  auto l = text_.substr(start, end - start);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

// ---------------------------------------------------------------------------------------
// file_ctx: the checks every reader shares

diagnostic& file_ctx::add(diag_code c, std::size_t offset, std::size_t length, std::string detail,
                          std::string fix) {
  const auto* r = rule_of(c);
  if (pin_) {
    offset = pin_->first;
    length = pin_->second;
  }
  diags_.push_back(diagnostic{c, r ? r->default_level : severity::error,
                              text_range{u32(offset), u32(length)}, std::move(detail),
                              std::move(fix)});
  return diags_.back();
}

void file_ctx::parse_error(std::size_t offset, std::string what, std::string fix) {
  diag_code c = diag_code::lint_parse_services;
  switch (format_) {
    case file_format::zone: c = diag_code::lint_parse_zone; break;
    case file_format::avahi: c = diag_code::lint_parse_avahi; break;
    case file_format::dnssd: c = diag_code::lint_parse_dnssd; break;
    case file_format::kubernetes: c = diag_code::lint_parse_yaml; break;
    default: break;
  }
  add(c, std::min(offset, text_.size()), 1, std::move(what),
      std::move(fix));
}

void file_ctx::merge(const report& r, std::size_t base, std::size_t value_len,
                     std::string_view service) {
  for (const auto& d : r.items) {
    // Facts that are not problems stay out of a linter's output.
    if (d.code == diag_code::name_registered || d.code == diag_code::name_no_registry) continue;
    if (d.code == diag_code::name_not_registered && opt_.cfg && opt_.cfg->allowed(service))
      continue;
    auto off = std::min<std::size_t>(d.where.offset, value_len);
    auto len = std::min<std::size_t>(d.where.length, value_len - off);
    auto& nd = add(d.code, base + off, len, d.detail, d.fix);
    nd.level = d.level;
  }
}

void file_ctx::check_type(std::string_view value, std::size_t offset) {
  ++names;
  const auto res = check_name(value, {});  // syntax: RFC 6763 §4.1/§7, RFC 6335 §5.1
  merge(res.findings, offset, value.size(), res.service);
  if (opt_.reg && !res.service.empty()) {
    const bool has_proto = res.parsed.name.proto_where.length > 0;
    registry_facts(res.service, has_proto ? to_string(res.parsed.name.proto) : std::string_view(),
                   offset + res.service_offset);
  }
}

void file_ctx::registry_facts(std::string_view service, std::string_view proto, std::size_t offset) {
  // RFC 6335 §8 (registration) and RFC 6763 §7 (transport): looked up once per run for each
  // (name, transport), through the shared cache.
  const auto& facts = opt_.cache ? opt_.cache->get(*opt_.reg, service, proto) : local_facts(service, proto);
  report r;
  for (const auto& d : facts.items) r.items.push_back(d);
  merge(r, offset, service.size(), service);
}

const report& file_ctx::local_facts(std::string_view service, std::string_view proto) {
  if (!local_cache_) local_cache_ = make_fact_cache();
  return local_cache_->get(*opt_.reg, service, proto);
}

void file_ctx::check_instance_name(std::string_view value, std::size_t offset) {
  check_type(value, offset);  // check_name classifies instance names itself (RFC 6763 §4.1)
}

void file_ctx::check_instance_label(std::string_view value, std::size_t offset) {
  ++names;
  merge(validate_instance_label(value), offset, value.size(), {});
}

void file_ctx::check_bare(std::string_view value, std::size_t offset, std::string_view proto,
                          bool k8s, std::string_view where_used) {
  ++names;
  merge(validate_service_name(value), offset, value.size(), value);  // RFC 6335 §5.1
  if (opt_.reg && !value.empty()) registry_facts(value, proto, offset);
  if (k8s) {
    // Kubernetes validates port names with IsValidPortName (IANA_SVC_NAME): the RFC 6335 §5.1
    // rules, but lowercase only. The RFC itself is case-insensitive, so this is its own rule.
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] >= 'A' && value[i] <= 'Z') {
        const std::string lower = chars::lower(value);
        add(diag_code::lint_k8s_uppercase, offset + i, 1,
            std::string(where_used.empty() ? "port name" : where_used) + " '" + std::string(value) +
                "' has an uppercase letter",
            "write '" + lower + "'");
        break;
      }
    }
  }
}

std::optional<std::uint16_t> file_ctx::check_port(std::string_view value, std::size_t offset) {
  unsigned long v = 0;
  const auto* first = value.data();
  const auto* last = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (value.empty() || ec != std::errc{} || ptr != last || v > 65535) {
    add(diag_code::lint_port_invalid, offset, std::max<std::size_t>(value.size(), 1),
        value.empty() ? std::string("the port is empty") : "'" + std::string(value) + "'");
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(v);
}

void file_ctx::check_txt(const std::vector<txt_string>& record, std::string_view service_type) {
  if (!opt_.txt_check) return;
  const auto r = opt_.txt_check(record, service_type);
  for (const auto& d : r.items) {
    auto& nd = add(d.code, d.where.offset, d.where.length, d.detail, d.fix);
    nd.level = d.level;
  }
}

// ---------------------------------------------------------------------------------------
// suppressions: `<comment> svcname: ignore[rule-a, rule-b]` on the line, or alone on the
// line before.

std::vector<suppression> scan_suppressions(
    std::string_view text, file_format format,
    std::vector<std::pair<std::size_t, std::string>>& unknown_ids) {
  std::vector<suppression> out;
  std::string_view marker = "#";
  if (format == file_format::avahi) marker = "<!--";
  if (format == file_format::zone) marker = ";";
  constexpr std::string_view key = "svcname: ignore";
  std::size_t pos = 0;
  std::uint32_t line = 1;
  std::optional<suppression> pending;  // from a comment-only line, for the next code line
  while (pos <= text.size()) {
    auto eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const auto l = text.substr(pos, eol - pos);
    const auto first = l.find_first_not_of(" \t\r");
    const bool blank = first == std::string_view::npos;
    auto k = l.find(key);
    auto m = l.find(marker);
    if (format == file_format::dnssd && m == std::string_view::npos) m = l.find(';');
    if (k != std::string_view::npos && m != std::string_view::npos && m < k) {
      suppression s;
      s.line = line;
      auto rest = l.substr(k + key.size());
      if (!rest.empty() && rest[0] == '[') {
        const auto close = rest.find(']');
        auto ids = rest.substr(1, close == std::string_view::npos ? rest.size() - 1 : close - 1);
        std::size_t at = pos + k + key.size() + 1;
        while (!ids.empty()) {
          auto comma = ids.find(',');
          auto id = ids.substr(0, comma);
          const auto lead = id.find_first_not_of(' ');
          const std::size_t id_off = at + (lead == std::string_view::npos ? 0 : lead);
          while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
          while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
          if (!id.empty()) {
            if (!diag_code_from_string(id)) unknown_ids.emplace_back(id_off, std::string(id));
            s.ids.emplace_back(id);
          }
          if (comma == std::string_view::npos) break;
          at += comma + 1;
          ids.remove_prefix(comma + 1);
        }
      }
      const bool comment_only = first == m;
      if (comment_only) {
        out.push_back(s);  // also covers findings on the comment line itself
        pending = std::move(s);
      } else {
        out.push_back(std::move(s));
      }
    } else if (!blank && pending) {
      const bool comment_line = l.substr(first).starts_with(marker);
      if (!comment_line) {
        pending->line = line;
        out.push_back(std::move(*pending));
        pending.reset();
      }
    }
    pos = eol + 1;
    ++line;
  }
  return out;
}

}  // namespace detail

namespace {

bool suppressed(const std::vector<detail::suppression>& sup, std::uint32_t line, diag_code c) {
  for (const auto& s : sup) {
    if (s.line != line) continue;
    if (s.ids.empty()) return true;
    for (const auto& id : s.ids)
      if (to_string(c) == id) return true;
  }
  return false;
}

}  // namespace

file_report lint_text(std::string_view path, std::string_view content, file_format format,
                      const options& opt) {
  file_report rep;
  rep.path = std::string(path);
  rep.bytes = content.size();
  if (format == file_format::unknown) format = detect_format(path, content);
  rep.format = format;
  detail::file_ctx ctx(content, opt, format);
  try {
    switch (format) {
      case file_format::avahi: detail::read_avahi(ctx); break;
      case file_format::dnssd: detail::read_dnssd(ctx); break;
      case file_format::kubernetes: detail::read_kubernetes(ctx); break;
      case file_format::zone: detail::read_zone(ctx); break;
      case file_format::services: detail::read_services(ctx); break;
      case file_format::list: detail::read_list(ctx); break;
      case file_format::unknown:
        ctx.add(diag_code::lint_unknown_format, 0, 0,
                "not an Avahi service file, .dnssd file, Kubernetes manifest, zone file, "
                "services file or name list");
        break;
    }
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // Readers report what they can parse; an exception here is a reader bug, but the user
    // still gets a finding at the top of the file rather than a crash.
    ctx.parse_error(0, std::string("reader failed: ") + e.what());
  }
  rep.names = ctx.names;

  std::vector<std::pair<std::size_t, std::string>> unknown_ids;
  const auto sup = detail::scan_suppressions(content, format, unknown_ids);
  for (auto& [off, id] : unknown_ids)
    ctx.add(diag_code::lint_suppression_unknown_rule, off, id.size(), "'" + id + "'");

  const detail::line_index idx(content);
  auto& diags = ctx.diags();
  std::stable_sort(diags.begin(), diags.end(), [](const diagnostic& a, const diagnostic& b) {
    return a.where.offset < b.where.offset;
  });
  std::set<std::tuple<diag_code, std::uint32_t, std::string>> seen;
  for (auto& d : diags) {
    if (opt.cfg) {
      if (const auto* s = opt.cfg->setting(d.code)) {
        if (!s->level) continue;  // rule disabled
        d.level = *s->level;
      }
    }
    finding f;
    f.line = idx.line_of(d.where.offset);
    if (suppressed(sup, f.line, d.code)) {
      ++rep.suppressed;
      continue;
    }
    f.column = idx.column_of(d.where.offset);
    f.source_line = std::string(idx.line_text(f.line));
    const std::size_t line_end = idx.line_start(f.line) + f.source_line.size();
    const std::size_t end = std::min<std::size_t>(d.where.offset + d.where.length, line_end);
    f.end_column = std::max(idx.column_of(end), f.column + 1);
    if (d.where.offset < content.size())
      f.subject = std::string(content.substr(d.where.offset, end > d.where.offset ? end - d.where.offset : 0));
    // Identical findings (same rule, place and text) come from one name read twice; keep one.
    if (!seen.emplace(d.code, d.where.offset, d.detail).second) continue;
    f.diag = std::move(d);
    rep.findings.push_back(std::move(f));
  }
  return rep;
}

file_report lint_file(const std::string& path, file_format format, const options& opt) {
  std::ifstream in(path, std::ios::binary);
  std::string content;
  bool ok = static_cast<bool>(in);
  if (ok) {
    std::ostringstream ss;
    ss << in.rdbuf();
    ok = !in.bad();
    content = std::move(ss).str();
  }
  if (!ok || content.size() > UINT32_MAX) {
    file_report rep;
    rep.path = path;
    rep.format = format;
    rep.io_error = true;
    finding f;
    f.line = 1;
    f.column = 1;
    f.end_column = 2;
    f.diag = diagnostic{diag_code::lint_io_error, severity::error, {},
                        ok ? "larger than 4 GiB" : "cannot open or read the file", {}};
    if (const auto* s = opt.cfg ? opt.cfg->setting(diag_code::lint_io_error) : nullptr;
        s && s->level)
      f.diag.level = *s->level;
    rep.findings.push_back(std::move(f));
    return rep;
  }
  return lint_text(path, content, format, opt);
}

}  // namespace svcname::lint
