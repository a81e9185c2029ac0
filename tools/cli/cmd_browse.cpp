// `svcname browse` and `svcname resolve`: find DNS-SD services through a discovery backend
// and show each instance with the findings of the core validators beside it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "command.h"
#include "svcname/browse.h"
#include "svcname/dnssd_name.h"
#include "svcname/txt/check.h"
#include "svcname/txt/record.h"
#include "svcname/txt/spec.h"

namespace svcname::cli {
namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------
// Text that came from the network, made safe for a terminal

// UTF-8 sequences of invisible or reordering format characters (U+200B-U+200F, U+202A-U+202E,
// U+2066-U+2069, U+FEFF): valid UTF-8 that escape_label keeps, but that can disguise what a
// terminal shows (Trojan Source, CVE-2021-42574). Shown as \DDD like any unsafe byte.
bool is_format_char(std::string_view s, std::size_t i, std::size_t& len) {
  auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  if (b(0) == 0xE2 && b(1) == 0x80 && ((b(2) >= 0x8B && b(2) <= 0x8F) || (b(2) >= 0xAA && b(2) <= 0xAE))) {
    len = 3;
    return true;
  }
  if (b(0) == 0xE2 && b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9) {
    len = 3;
    return true;
  }
  if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    len = 3;
    return true;
  }
  return false;
}

std::string ddd(unsigned char c) {
  std::string s = "\\000";
  s[1] = static_cast<char>('0' + c / 100);
  s[2] = static_cast<char>('0' + (c / 10) % 10);
  s[3] = static_cast<char>('0' + c % 10);
  return s;
}

std::string strip_format_chars(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 0;
    if (is_format_char(s, i, len)) {
      for (std::size_t k = 0; k < len; ++k) out += ddd(static_cast<unsigned char>(s[i + k]));
      i += len;
    } else {
      out += s[i++];
    }
  }
  return out;
}

/// Library text (finding details, error messages) that may quote network bytes: already
/// escaped by its producer, so backslashes stay; control and format characters do not pass.
std::string show_text(std::string_view raw) {
  std::string r;
  for (char ch : strip_format_chars(std::string(raw))) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) r += ddd(c);
    else r += ch;
  }
  return r;
}

/// An instance label for display: RFC 6763 §4.3 escapes (escape_label) plus format characters.
std::string show_label(std::string_view raw) { return strip_format_chars(escape_label(raw)); }

/// A TXT string for display: valid printable UTF-8 kept, '\' doubled, anything else \DDD.
std::string show_txt(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size();) {
    const auto c = static_cast<unsigned char>(raw[i]);
    std::size_t len = 0;
    if (c == '\\') {
      out += "\\\\";
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      out += ddd(c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else if (is_format_char(raw, i, len)) {
      for (std::size_t k = 0; k < len; ++k) out += ddd(static_cast<unsigned char>(raw[i + k]));
      i += len;
    } else {
      len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (len && i + len <= raw.size() && is_valid_utf8(raw.substr(i, len)) &&
          !(len == 2 && c == 0xC2 && static_cast<unsigned char>(raw[i + 1]) < 0xA0)) {
        out.append(raw.substr(i, len));
        i += len;
      } else {
        out += ddd(c);
        ++i;
      }
    }
  }
  return out;
}

/// avahi_escape_label() (avahi-common/domain.c): [A-Za-z0-9_-] kept, '.' and '\' backslashed,
/// every other byte \DDD. What `avahi-browse -p` prints in its name column.
std::string avahi_escape(std::string_view raw) {
  std::string out;
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '.' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      out += ch;
    } else {
      out += ddd(c);
    }
  }
  return out;
}

/// avahi_string_list_to_string(): each string quoted, '"' and '\' backslashed, bytes < 32 or
/// >= 127 as \DDD, strings separated by one space. Avahi keeps its list in reverse wire order
/// and drops empty strings (TESTBED pitfalls), so this does the same.
std::string avahi_txt(const std::vector<std::string>& txt) {
  std::string out;
  for (auto it = txt.rbegin(); it != txt.rend(); ++it) {
    if (it->empty()) continue;
    if (!out.empty()) out += ' ';
    out += '"';
    for (char ch : *it) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += ch;
      } else if (c < 32 || c >= 127) {
        out += ddd(c);
      } else {
        out += ch;
      }
    }
    out += '"';
  }
  return out;
}

std::string hex(std::string_view s) {
  std::string out;
  static constexpr char digits[] = "0123456789abcdef";
  for (char c : s) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 0xF];
  }
  return out;
}

/// Display width in terminal columns (code points; escapes are ASCII).
std::size_t width(std::string_view s) {
  std::size_t w = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  return w;
}

std::string pad(const std::string& s, std::size_t w) {
  const auto n = width(s);
  return n >= w ? s : s + std::string(w - n, ' ');
}

// ---------------------------------------------------------------------------------------
// Findings

/// The full service instance name in presentation form, and the core validator's findings on it.
std::string full_name(std::string_view instance, std::string_view type, std::string_view domain) {
  std::string d(domain.empty() ? "local" : domain);
  if (d.back() != '.') d += '.';
  return escape_label(instance) + "." + std::string(type) + "." + d;
}

report name_findings(std::string_view instance, std::string_view type, std::string_view domain) {
  return parse_dnssd_name(full_name(instance, type, domain)).findings;
}

/// The TXT-key catalog (built in, then the user's), loaded once; errors leave it partial and
/// are said once on stderr.
const txt::catalog& txt_catalog(bool quiet) {
  static const txt::catalog cat = [quiet] {
    txt::catalog c;
    auto shipped = c.load_shipped();
    if (!shipped && !quiet) std::fprintf(stderr, "svcname: note: TXT-key catalog %s\n", shipped.error().to_string().c_str());
    if (const auto dir = txt::user_catalog_dir(); !dir.empty()) {
      auto r = c.load_dir(dir, true);
      if (!r && !quiet) std::fprintf(stderr, "svcname: note: TXT-key catalog %s\n", r.error().to_string().c_str());
    }
    return c;
  }();
  return cat;
}

/// Findings about what was resolved: the TXT layer on the TXT record (RFC 6763 §6 and the
/// service's documented keys), then the discovery checks (check_resolved) without repeating
/// what the TXT layer already said.
report resolved_findings(const resolve_result& res, bool quiet) {
  report f;
  if (res.has_txt) {
    txt::record rec;
    for (const auto& s : res.txt) rec.strings.push_back(txt::txt_string{s, 0});
    rec.renumber();
    f = txt::check_record(rec, res.type, &txt_catalog(quiet));
  }
  for (auto& d : check_resolved(res).items) {
    if (d.code == diag_code::disc_txt_empty_record && f.has(diag_code::txt_empty_rdata)) continue;
    f.items.push_back(std::move(d));
  }
  return f;
}

json findings_json(const report& r) {
  json a = json::array();
  for (const auto& d : r.items) {
    const auto* rule = rule_of(d.code);
    json f{{"id", to_string(d.code)},
           {"code", static_cast<int>(d.code)},
           {"severity", to_string(d.level)},
           {"message", rule ? std::string(rule->summary) : std::string()},
           {"cite", rule ? std::string(rule->cite) : std::string()}};
    if (!d.detail.empty()) f["detail"] = strip_format_chars(d.detail);
    a.push_back(std::move(f));
  }
  return a;
}

void print_findings_inline(const report& r, bool color) {
  for (const auto& d : r.items) {
    const auto* rule = rule_of(d.code);
    const char* sc = !color ? ""
                     : d.level == severity::error   ? "\033[1;31m"
                     : d.level == severity::warning ? "\033[1;35m"
                                                    : "\033[1;36m";
    std::string msg(rule ? rule->summary : "finding");
    if (!d.detail.empty()) msg += ": " + strip_format_chars(d.detail);
    std::printf("    %s%s[%s]%s: %s (%s)\n", sc, std::string(to_string(d.level)).c_str(),
                std::string(to_string(d.code)).c_str(), color ? "\033[0m" : "", show_text(msg).c_str(),
                rule ? std::string(rule->cite).c_str() : "");
  }
}

// ---------------------------------------------------------------------------------------
// JSON Lines events (schema in the README: every line has "event"; names are given raw
// (invalid UTF-8 replaced) and escaped (lossless); TXT raw and as hex).

json base_json(std::string_view event, const std::string& backend, std::uint32_t ifindex,
               const std::string& ifname, ip_protocol proto) {
  return json{{"event", event},
              {"backend", backend},
              {"interface", ifname},
              {"interface_index", ifindex},
              {"protocol", proto == ip_protocol::any ? "" : std::string(to_string(proto))}};
}

void add_names(json& j, std::string_view instance, std::string_view type, std::string_view subtype,
               std::string_view domain) {
  j["instance"] = std::string(instance);
  j["instance_escaped"] = escape_label(instance);
  j["type"] = std::string(type);
  if (!subtype.empty()) j["subtype"] = std::string(subtype);
  j["domain"] = std::string(domain);
  j["name"] = full_name(instance, type, domain);
}

void put_line(const json& j) {
  // Invalid UTF-8 from the network is replaced (U+FFFD) in the raw fields; the _escaped and
  // _hex fields keep every byte. JSON escapes control characters, so the line is terminal-safe.
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::fputs(s.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

json resolved_json(const resolve_result& r, const report& findings) {
  json j = base_json("resolved", r.backend, r.interface_index, r.interface_name, r.protocol);
  add_names(j, r.instance, r.type, {}, r.domain);
  j["host"] = r.host;
  j["port"] = r.port;
  j["priority"] = r.priority;
  j["weight"] = r.weight;
  json txt = json::array(), txt_hex = json::array();
  for (const auto& t : r.txt) {
    txt.push_back(t);
    txt_hex.push_back(hex(t));
  }
  j["txt"] = txt;
  j["txt_hex"] = txt_hex;
  j["has_txt"] = r.has_txt;
  json addrs = json::array();
  for (const auto& a : r.addresses) {
    json x{{"address", a.address.to_string()},
           {"family", std::string(to_string(a.address.family))},
           {"ttl", a.ttl}};
    if (a.address.family == ip_protocol::v6 && a.address.is_link_local()) {
      x["scope_id"] = a.address.scope_id;
      x["scoped"] = a.address.to_string(a.address.scope_id == r.interface_index ? r.interface_name : "");
    }
    addrs.push_back(std::move(x));
  }
  j["addresses"] = addrs;
  j["srv_ttl"] = r.srv_ttl;
  j["txt_ttl"] = r.txt_ttl;
  j["findings"] = findings_json(findings);
  return j;
}

// ---------------------------------------------------------------------------------------
// Options and the session that runs one browse or resolve

struct options {
  std::vector<std::string> types;
  bool all_types = false;
  bool domains = false;  // --domains: RFC 6763 §11 browse-domain enumeration
  bool resolve = false;
  bool watch = false;
  double timeout = 5.0;
  bool v4 = false, v6 = false;
  std::vector<std::string> interfaces;
  std::string domain;
  bool json_out = false;  // --json
  bool parsable = false;
  std::string backend = "auto";
  std::vector<std::string> servers;
  std::string instance_name;  // resolve
};

enum class out_mode { table, json_lines, parsable };

struct row {
  std::string instance, type, subtype, domain;
  std::set<std::pair<std::string, ip_protocol>> seen;
  std::optional<resolve_result> resolved;
  std::vector<std::string> addresses;  // every distinct address across links, display form
  report findings;
  bool resolve_failed = false;
  bool removed = false;
};

class session {
 public:
  session(const options& o, const globals& g) : o_(o), g_(g) {
    mode_ = o.json_out ? out_mode::json_lines : o.parsable ? out_mode::parsable : out_mode::table;
    color_ = use_color(g);
  }

  /// @param domain the domain being browsed or resolved in: `auto` picks unicast for a
  /// non-local one, whether it came from --domain or from the name given to `resolve`.
  int start_backend(const std::string& domain) {
    backend_options bo;
    bo.interfaces = o_.interfaces;
    bo.protocol = protocol();
    bo.servers = o_.servers;
    bo.timeout = timeout();
    bo.notice = [this](const std::string& m) { notice(m); };
    auto b = make_backend(loop_, o_.backend, domain, bo);
    if (!b) {
      std::fprintf(stderr, "svcname: error: %s\n", show_txt(b.error().message).c_str());
      if (o_.backend == "auto" || !find_backend(o_.backend)) {
        std::string names;
        for (const auto* x : available_backends()) {
          std::string n(x->name);
          names += "  " + n + std::string(n.size() < 8 ? 8 - n.size() : 1, ' ') + " " + std::string(x->description) + "\n";
        }
        std::fprintf(stderr, "  backends in this build:\n%s", names.empty() ? "  (none)\n" : names.c_str());
      }
      return exit_io;
    }
    backend_ = std::move(*b);
    return exit_ok;
  }

  int browse() {
    if (int rc = start_backend(o_.domain); rc != exit_ok) return rc;
    if (o_.watch) loop_.stop_on_signals();
    if (o_.domains) {
      // RFC 6763 §11: PTR records at b._dns-sd._udp.<domain> name the domains to browse.
      browse_request req;
      req.type = "b._dns-sd._udp";
      req.domain = o_.domain;
      fill(req);
      auto b = backend_->browse(req, [this](const browse_event& ev) { on_domain_event(ev); });
      if (!b) return setup_error(b.error());
      browsers_.push_back(std::move(*b));
      ++open_browses_;
      const int rc = run();
      if (mode_ == out_mode::table && !o_.watch) {
        if (domains_found_.empty())
          std::printf("no browse domains found under b._dns-sd._udp.%s\n",
                      show_txt(o_.domain.empty() ? "local" : o_.domain).c_str());
        for (const auto& d : domains_found_) std::printf("%s\n", show_txt(d).c_str());
      }
      return rc;
    }
    if (o_.all_types) {
      browse_request req;
      req.enumerate_types = true;
      req.domain = o_.domain;
      fill(req);
      auto b = backend_->browse(req, [this](const browse_event& ev) { on_type_event(ev); });
      if (!b) return setup_error(b.error());
      browsers_.push_back(std::move(*b));
      ++open_browses_;
    }
    for (const auto& t : o_.types) {
      int rc = start_type(t);
      if (rc != exit_ok) return rc;
    }
    return run();
  }

  int resolve_one(const std::string& instance, const std::string& type, const std::string& domain) {
    if (int rc = start_backend(o_.domain.empty() ? domain : o_.domain); rc != exit_ok) return rc;
    resolve_request req;
    req.instance = instance;
    req.type = type;
    req.domain = domain;
    req.protocol = protocol();
    req.address_family = protocol();
    req.interfaces = o_.interfaces;
    req.watch = o_.watch;
    req.timeout = timeout();
    if (o_.watch) loop_.stop_on_signals();
    auto key = row_key(instance, type, domain);
    auto& r = rows_[key];
    r.instance = instance;
    r.type = type;
    r.domain = domain;
    pending_.insert(key);
    auto res = backend_->resolve(req, [this, key](const result<resolve_result, browse_error>& x) {
      on_resolved(key, key, x, true);
    });
    if (!res) return setup_error(res.error());
    resolvers_.emplace(key, std::move(*res));
    return run();
  }

 private:
  static std::string row_key(const std::string& instance, const std::string& type, const std::string& domain) {
    return chars_lower(instance) + '\x1f' + type + '\x1f' + domain;
  }
  static std::string chars_lower(std::string s) {
    for (auto& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  }
  ip_protocol protocol() const {
    return o_.v4 && !o_.v6 ? ip_protocol::v4 : o_.v6 && !o_.v4 ? ip_protocol::v6 : ip_protocol::any;
  }
  std::chrono::milliseconds timeout() const {
    return std::chrono::milliseconds(static_cast<long long>(o_.timeout * 1000));
  }
  void notice(const std::string& m) {
    if (!g_.quiet) std::fprintf(stderr, "svcname: note: %s\n", show_txt(m).c_str());
  }
  int setup_error(const browse_error& e) {
    std::fprintf(stderr, "svcname: error: %s\n", show_txt(e.message).c_str());
    return e.code == browse_errc::invalid_request ? exit_usage : exit_io;
  }
  void fill(browse_request& req) const {
    req.protocol = protocol();
    req.interfaces = o_.interfaces;
    req.watch = o_.watch;
    req.timeout = timeout();
  }

  int start_type(const std::string& text) {
    // TYPE may be "_http._tcp", "_http._tcp.local." or "_printer._sub._http._tcp".
    auto p = parse_dnssd_name(text);
    if (p.name.kind != dnssd_kind::service_type && p.name.kind != dnssd_kind::subtype) {
      std::fprintf(stderr, "svcname: error: '%s' is not a service type (expected _name._tcp or _name._udp, "
                           "or <sub>._sub._name._tcp)\n", show_txt(text).c_str());
      for (const auto& d : p.findings.items) print_finding(text, text, d, false, stderr);
      return exit_usage;
    }
    if (!p.findings.ok()) {
      for (const auto& d : p.findings.items) print_finding(text, text, d, false, stderr);
      std::fprintf(stderr, "svcname: error: invalid service type '%s'\n", show_txt(text).c_str());
      return exit_usage;
    }
    browse_request req;
    req.type = p.name.type_string();
    if (p.name.subtype) req.subtype = p.name.subtype->bytes;
    std::string dom = p.name.domain_string();
    if (!dom.empty() && dom.back() == '.') dom.pop_back();
    req.domain = !o_.domain.empty() ? o_.domain : dom;
    fill(req);
    if (!started_types_.insert(chars_lower(req.type) + "/" + chars_lower(req.subtype)).second) return exit_ok;
    auto b = backend_->browse(req, [this](const browse_event& ev) { on_event(ev); });
    if (!b) return setup_error(b.error());
    browsers_.push_back(std::move(*b));
    ++open_browses_;
    return exit_ok;
  }

  void on_type_event(const browse_event& ev) {
    if (ev.kind == browse_event_kind::all_for_now || ev.kind == browse_event_kind::failed) {
      if (ev.kind == browse_event_kind::failed) failed(ev);
      browse_done();
      return;
    }
    if (mode_ == out_mode::json_lines) {
      json j = base_json(ev.kind == browse_event_kind::added ? "type_added" : "type_removed", ev.backend,
                         ev.interface_index, ev.interface_name, ev.protocol);
      j["type"] = ev.type;
      j["domain"] = ev.domain;
      j["findings"] = findings_json(parse_dnssd_name(ev.type + "." + ev.domain + ".").findings);
      put_line(j);
    }
    if (ev.kind == browse_event_kind::added) {
      // --all-types lists the instances of every type found (like avahi-browse -a).
      auto p = parse_dnssd_name(ev.type + "." + ev.domain + ".");
      if (p.name.kind == dnssd_kind::service_type) (void)start_type(ev.type + "." + ev.domain + ".");
    }
  }

  void on_domain_event(const browse_event& ev) {
    if (ev.kind == browse_event_kind::all_for_now || ev.kind == browse_event_kind::failed) {
      if (ev.kind == browse_event_kind::failed) failed(ev);
      browse_done();
      return;
    }
    const bool added = ev.kind == browse_event_kind::added;
    if (added) domains_found_.insert(ev.domain);
    switch (mode_) {
      case out_mode::json_lines: {
        json j = base_json(added ? "domain_added" : "domain_removed", ev.backend, ev.interface_index,
                           ev.interface_name, ev.protocol);
        j["domain"] = ev.domain;
        put_line(j);
        break;
      }
      case out_mode::parsable:  // avahi-browse -D -p: +;interface;protocol;domain
        std::printf("%c;%s;%s;%s\n", added ? '+' : '-', avahi_escape(ev.interface_name).c_str(),
                    std::string(to_string(ev.protocol)).c_str(), show_txt(ev.domain).c_str());
        std::fflush(stdout);
        break;
      case out_mode::table:
        if (o_.watch) {
          std::printf("%s %-8s %-4s %s\n", added ? "+" : "-", show_txt(ev.interface_name).c_str(),
                      std::string(to_string(ev.protocol)).c_str(), show_txt(ev.domain).c_str());
          std::fflush(stdout);
        }
        break;
    }
  }

  void failed(const browse_event& ev) {
    had_failure_ = true;
    if (mode_ == out_mode::json_lines) {
      json j = base_json("failed", ev.backend, ev.interface_index, ev.interface_name, ev.protocol);
      j["type"] = ev.type;
      j["domain"] = ev.domain;
      j["error"] = std::string(to_string(ev.error.code));
      j["message"] = ev.error.message;
      put_line(j);
    } else {
      std::fprintf(stderr, "svcname: error: browsing %s failed: %s\n", show_txt(ev.type).c_str(),
                   show_txt(ev.error.message).c_str());
    }
  }

  void browse_done() {
    if (open_browses_ > 0) --open_browses_;
    check_done();
  }

  void on_event(const browse_event& ev) {
    switch (ev.kind) {
      case browse_event_kind::all_for_now:
        if (mode_ == out_mode::json_lines) {
          json j{{"event", "all_for_now"}, {"backend", ev.backend}, {"type", ev.type}, {"domain", ev.domain}};
          put_line(j);
        }
        if (!all_for_now_seen_.insert(ev.type + "/" + ev.subtype).second) return;
        browse_done();
        return;
      case browse_event_kind::failed:
        failed(ev);
        browse_done();
        return;
      case browse_event_kind::added:
      case browse_event_kind::removed:
        break;
    }
    const bool added = ev.kind == browse_event_kind::added;
    const auto key = row_key(ev.instance, ev.type, ev.domain);
    auto& r = rows_[key];
    if (r.instance.empty()) {
      r.instance = ev.instance;
      r.type = ev.type;
      r.subtype = ev.subtype;
      r.domain = ev.domain;
      r.findings = name_findings(ev.instance, ev.type, ev.domain);
      if (!r.findings.ok()) had_error_findings_ = true;
    }
    if (added) {
      r.removed = false;
      r.seen.insert({ev.interface_name, ev.protocol});
    } else {
      r.seen.erase({ev.interface_name, ev.protocol});
      if (r.seen.empty()) r.removed = true;
    }
    switch (mode_) {
      case out_mode::json_lines: {
        json j = base_json(added ? "added" : "removed", ev.backend, ev.interface_index, ev.interface_name,
                           ev.protocol);
        add_names(j, ev.instance, ev.type, ev.subtype, ev.domain);
        j["ttl"] = ev.ttl;
        j["findings"] = findings_json(name_findings(ev.instance, ev.type, ev.domain));
        put_line(j);
        break;
      }
      case out_mode::parsable:
        std::printf("%c;%s;%s;%s;%s;%s\n", added ? '+' : '-', avahi_escape(ev.interface_name).c_str(),
                    std::string(to_string(ev.protocol)).c_str(), avahi_escape(ev.instance).c_str(),
                    ev.type.c_str(), ev.domain.c_str());
        std::fflush(stdout);
        break;
      case out_mode::table:
        if (o_.watch) {  // a table cannot be streamed: one line per event
          std::printf("%s %-8s %-4s %s  %s  %s\n", added ? "+" : "-", show_txt(ev.interface_name).c_str(),
                      std::string(to_string(ev.protocol)).c_str(), show_label(ev.instance).c_str(),
                      show_txt(ev.type).c_str(), show_txt(ev.domain).c_str());
          if (added && r.seen.size() == 1) print_findings_inline(r.findings, color_);
          std::fflush(stdout);
        }
        break;
    }
    const auto rkey = key + '\x1f' + std::to_string(ev.interface_index) + '\x1f' + std::to_string(static_cast<int>(ev.protocol));
    if (!added) {
      resolvers_.erase(rkey);
      pending_.erase(rkey);
      return;
    }
    if (!o_.resolve || resolvers_.count(rkey)) return;
    resolve_request req;
    req.instance = ev.instance;
    req.type = ev.type;
    req.domain = ev.domain;
    req.interface_index = ev.interface_index;
    req.protocol = ev.protocol;
    req.address_family = protocol();
    req.watch = o_.watch;
    req.timeout = timeout();
    pending_.insert(rkey);
    auto res = backend_->resolve(req, [this, key, rkey](const result<resolve_result, browse_error>& x) {
      on_resolved(key, rkey, x, false);
    });
    if (!res) {
      pending_.erase(rkey);
      r.resolve_failed = true;
      notice("cannot resolve " + show_label(ev.instance) + ": " + res.error().message);
      return;
    }
    resolvers_.emplace(rkey, std::move(*res));
  }

  void on_resolved(const std::string& key, const std::string& rkey,
                   const result<resolve_result, browse_error>& x, bool single) {
    auto& r = rows_[key];
    if (!x) {
      r.resolve_failed = !r.resolved;
      if (mode_ == out_mode::json_lines) {
        json j{{"event", "resolve_failed"}, {"backend", backend_->name()}};
        add_names(j, r.instance, r.type, {}, r.domain);
        j["error"] = std::string(to_string(x.error().code));
        j["message"] = x.error().message;
        put_line(j);
      } else if (mode_ == out_mode::parsable) {
        std::fprintf(stderr, "Failed to resolve service '%s' of type '%s' in domain '%s': %s\n",
                     show_label(r.instance).c_str(), r.type.c_str(), r.domain.c_str(),
                     show_txt(x.error().message).c_str());
      }
      if (single && mode_ == out_mode::table) {
        std::fprintf(stderr, "svcname: error: %s\n", show_txt(x.error().message).c_str());
      }
      resolve_finished(rkey);
      return;
    }
    const auto& res = *x;
    report f = name_findings(res.instance, res.type, res.domain);
    const report rf = resolved_findings(res, g_.quiet);
    f.merge(rf);
    if (!f.ok()) had_error_findings_ = true;
    if (!r.resolved) r.resolved = res;
    for (const auto& a : res.addresses) {
      auto s = a.address.to_string(a.address.scope_id == res.interface_index ? res.interface_name : "");
      if (std::find(r.addresses.begin(), r.addresses.end(), s) == r.addresses.end()) r.addresses.push_back(s);
    }
    r.seen.insert({res.interface_name, res.protocol});
    for (const auto& d : rf.items)
      if (!r.findings.has(d.code)) r.findings.items.push_back(d);
    switch (mode_) {
      case out_mode::json_lines:
        put_line(resolved_json(res, f));
        break;
      case out_mode::parsable: {
        // One '=' line like avahi-browse: the first address of the link's family, if any.
        const resolved_address* pick = nullptr;
        for (const auto& a : res.addresses)
          if (a.address.family == res.protocol) {
            pick = &a;
            break;
          }
        if (!pick && !res.addresses.empty()) pick = &res.addresses.front();
        std::string host = res.host;
        if (!host.empty() && host.back() == '.') host.pop_back();
        std::printf("=;%s;%s;%s;%s;%s;%s;%s;%u;%s\n", avahi_escape(res.interface_name).c_str(),
                    std::string(to_string(res.protocol)).c_str(), avahi_escape(res.instance).c_str(),
                    res.type.c_str(), res.domain.c_str(), show_txt(host).c_str(),
                    pick ? pick->address.to_string().c_str() : "", res.port, avahi_txt(res.txt).c_str());
        std::fflush(stdout);
        break;
      }
      case out_mode::table:
        if (o_.watch || single) {
          print_resolved_line(res);
          print_findings_inline(f, color_);
          std::fflush(stdout);
        }
        break;
    }
    resolve_finished(rkey);
  }

  void print_resolved_line(const resolve_result& res) const {
    std::string addrs;
    for (const auto& a : res.addresses)
      addrs += (addrs.empty() ? "" : ", ") +
               a.address.to_string(a.address.scope_id == res.interface_index ? res.interface_name : "");
    std::string txt;
    for (const auto& t : res.txt) txt += (txt.empty() ? "" : " ") + std::string("\"") + show_txt(t) + "\"";
    std::printf("= %-8s %-4s %s  %s  %s\n    host %s port %u  addresses %s\n    txt %s\n",
                show_txt(res.interface_name).c_str(), std::string(to_string(res.protocol)).c_str(),
                show_label(res.instance).c_str(), show_txt(res.type).c_str(), show_txt(res.domain).c_str(),
                show_txt(res.host).c_str(), res.port, addrs.empty() ? "(none)" : addrs.c_str(),
                res.has_txt ? (txt.empty() ? "(no strings)" : txt.c_str()) : "(none)");
  }

  void resolve_finished(const std::string& rkey) {
    pending_.erase(rkey);
    check_done();
  }

  void check_done() {
    if (o_.watch) return;  // until SIGINT/SIGTERM or --timeout
    if (open_browses_ == 0 && pending_.empty()) loop_.stop();
  }

  int run() {
    // One-shot: stop when every browse said all-for-now and every resolve answered, or at
    // the timeout. Watch: until a signal, or the timeout when one was given explicitly.
    timer deadline;
    if (!o_.watch || timeout_given_)
      deadline = loop_.call_after(timeout() + (o_.watch ? std::chrono::milliseconds(0) : std::chrono::milliseconds(250)),
                                  [this] { loop_.stop(); });
    check_done();
    if (!loop_.stopped()) loop_.run();
    browsers_.clear();
    resolvers_.clear();
    if (mode_ == out_mode::table && !o_.watch && !single_mode_ && !o_.domains) print_table();
    if (mode_ == out_mode::table && single_mode_) {
      for (auto& [k, r] : rows_)
        if (!r.resolved && !r.resolve_failed) {
          std::fprintf(stderr, "svcname: error: no answer for '%s' within %.1f s\n",
                       full_name(r.instance, r.type, r.domain).c_str(), o_.timeout);
          return exit_io;
        }
    }
    if (single_mode_) {
      for (auto& [k, r] : rows_)
        if (!r.resolved) return exit_io;
    }
    if (had_failure_) return exit_io;
    return had_error_findings_ ? exit_findings : exit_ok;
  }

  void print_table() {
    std::vector<const row*> rows;
    for (const auto& [k, r] : rows_) rows.push_back(&r);
    std::sort(rows.begin(), rows.end(), [](const row* a, const row* b) {
      return std::tie(a->type, a->instance) < std::tie(b->type, b->instance);
    });
    if (rows.empty()) {
      std::printf("no services found (%s)\n", o_.all_types ? "all types" : "try --timeout or --all-types");
      return;
    }
    struct cells {
      std::string inst, type, seen, host, addrs, txt;
    };
    std::vector<cells> cs;
    for (const auto* r : rows) {
      cells c;
      c.inst = show_label(r->instance);
      c.type = show_txt(r->subtype.empty() ? r->type : r->subtype + "._sub." + r->type);
      std::map<std::string, std::string> by_if;
      for (const auto& [ifn, p] : r->seen) {
        auto& s = by_if[ifn];
        s += (s.empty() ? "" : "+") + std::string(p == ip_protocol::v4 ? "v4" : p == ip_protocol::v6 ? "v6" : "");
      }
      for (const auto& [ifn, ps] : by_if) c.seen += (c.seen.empty() ? "" : " ") + show_txt(ifn) + "/" + ps;
      if (r->removed) c.seen = "(removed)";
      if (r->resolved) {
        c.host = show_txt(r->resolved->host) + ":" + std::to_string(r->resolved->port);
        for (const auto& a : r->addresses) c.addrs += (c.addrs.empty() ? "" : " ") + a;
        for (const auto& t : r->resolved->txt) c.txt += (c.txt.empty() ? "" : " ") + std::string("\"") + show_txt(t) + "\"";
      } else if (o_.resolve) {
        c.host = r->resolve_failed ? "(not resolved)" : "(no answer)";
      }
      cs.push_back(std::move(c));
    }
    std::size_t wi = 8, wt = 4, ws = 7, wh = 4, wa = 9;
    for (const auto& c : cs) {
      wi = std::max(wi, width(c.inst));
      wt = std::max(wt, width(c.type));
      ws = std::max(ws, width(c.seen));
      wh = std::max(wh, width(c.host));
      wa = std::max(wa, width(c.addrs));
    }
    const char* b = color_ ? "\033[1m" : "";
    const char* n = color_ ? "\033[0m" : "";
    if (o_.resolve)
      std::printf("%s%s  %s  %s  %s  %s  %s%s\n", b, pad("INSTANCE", wi).c_str(), pad("TYPE", wt).c_str(),
                  pad("SEEN ON", ws).c_str(), pad("HOST", wh).c_str(), pad("ADDRESSES", wa).c_str(), "TXT", n);
    else
      std::printf("%s%s  %s  %s%s\n", b, pad("INSTANCE", wi).c_str(), pad("TYPE", wt).c_str(), "SEEN ON", n);
    for (std::size_t i = 0; i < cs.size(); ++i) {
      const auto& c = cs[i];
      if (o_.resolve)
        std::printf("%s  %s  %s  %s  %s  %s\n", pad(c.inst, wi).c_str(), pad(c.type, wt).c_str(),
                    pad(c.seen, ws).c_str(), pad(c.host, wh).c_str(), pad(c.addrs, wa).c_str(), c.txt.c_str());
      else
        std::printf("%s  %s  %s\n", pad(c.inst, wi).c_str(), pad(c.type, wt).c_str(), c.seen.c_str());
      print_findings_inline(rows[i]->findings, color_);
    }
    std::printf("%zu instance%s\n", cs.size(), cs.size() == 1 ? "" : "s");
  }

  const options& o_;
  const globals& g_;
  out_mode mode_;
  bool color_ = false;
  event_loop loop_;  // declared before the backend and handles: destroyed after them
  std::unique_ptr<backend> backend_;
  std::vector<browser> browsers_;
  std::map<std::string, resolver> resolvers_;
  std::map<std::string, row> rows_;
  std::set<std::string> started_types_;
  std::set<std::string> all_for_now_seen_;
  std::set<std::string> domains_found_;  // --domains, for the table
  int open_browses_ = 0;
  std::set<std::string> pending_;  // resolvers that have not answered yet
  bool had_failure_ = false;
  bool had_error_findings_ = false;

 public:
  bool timeout_given_ = false;
  bool single_mode_ = false;
};

// ---------------------------------------------------------------------------------------
// Command setup

std::string backend_help() {
  std::string s = "discovery backend: auto";
  for (const auto* b : available_backends()) s += std::string("|") + std::string(b->name);
  s += " (auto: the first that starts and serves the domain)";
  return s;
}

void common_options(CLI::App* c, options& o) {
  c->add_option("--timeout", o.timeout, "seconds to wait (one-shot: at most; --watch: stop after)")
      ->check(CLI::Range(0.1, 3600.0));
  auto* f4 = c->add_flag("-4", o.v4, "IPv4 only");
  auto* f6 = c->add_flag("-6", o.v6, "IPv6 only");
  f4->excludes(f6);
  // One value per occurrence, so that `-i eth0 _http._tcp` does not take the type as an interface.
  c->add_option("-i,--interface", o.interfaces, "use only this interface (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  c->add_flag("--json", o.json_out, "JSON Lines events (schema in the README)");
  c->add_flag("-p,--parsable", o.parsable, "lines as 'avahi-browse -p' prints them");
  c->add_option("--backend", o.backend, backend_help());
  c->add_option("--server", o.servers, "unicast DNS server IP[:PORT] (unicast backend; repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void setup(CLI::App& app, state& st) {
  auto o = std::make_shared<options>();
  auto* c = app.add_subcommand("browse", "find DNS-SD services on the network and check their names");
  c->description(
      "Find DNS-SD service instances (RFC 6763) and show each with the findings of svcname's\n"
      "name checks. One-shot by default: stops when every answer is in or at --timeout.\n\n"
      "Examples:\n"
      "  svcname browse _http._tcp                 table of web servers on the local link\n"
      "  svcname browse --resolve _ipp._tcp        with host, port, addresses and TXT\n"
      "  svcname browse --all-types                every service type and its instances\n"
      "  svcname browse _universal._sub._ipp._tcp  a subtype (RFC 6763 §7.1)\n"
      "  svcname browse --watch --json _http._tcp  JSON Lines: added/removed as they happen\n"
      "  svcname browse -rp _http._tcp             avahi-browse -p compatible lines\n"
      "  svcname browse --backend mdns -i eth0 -4 _ssh._tcp\n"
      "  svcname browse --domains -d example.com   browse domains example.com lists (RFC 6763 §11)\n\n"
      "Exit status: 0 found nothing wrong, 1 error-level findings, 2 usage, 3 network/backend error.");
  c->add_option("TYPE", o->types, "service types (_name._tcp, _name._udp, or <sub>._sub._name._tcp)");
  auto* fa = c->add_flag("-a,--all-types", o->all_types, "enumerate service types (_services._dns-sd._udp) and browse each");
  auto* fd = c->add_flag("-D,--domains", o->domains,
                         "list the browse domains a domain recommends (b._dns-sd._udp, RFC 6763 §11)");
  fd->excludes(fa);
  c->add_flag("-r,--resolve", o->resolve, "resolve every instance to SRV, TXT and addresses");
  c->add_flag("-w,--watch", o->watch, "keep browsing and report removals until interrupted");
  c->add_option("-d,--domain", o->domain, "browse this domain (default local)");
  common_options(c, *o);
  c->callback([o, c, &st] {
    st.action = [o, c, &st]() -> int {
      if (o->domains && !o->types.empty()) {
        std::fprintf(stderr, "svcname browse: --domains lists domains; it takes no service type\n");
        return exit_usage;
      }
      if (o->types.empty() && !o->all_types && !o->domains) {
        std::fprintf(stderr, "svcname browse: give a service type (e.g. _http._tcp) or --all-types\n"
                             "  run 'svcname browse --help' for examples\n");
        return exit_usage;
      }
      if (o->json_out && o->parsable) {
        std::fprintf(stderr, "svcname browse: --json and --parsable are exclusive\n");
        return exit_usage;
      }
      session s(*o, st.g);
      s.timeout_given_ = c->count("--timeout") > 0;
      return s.browse();
    };
  });

  auto ro = std::make_shared<options>();
  auto* r = app.add_subcommand("resolve", "resolve one service instance to SRV, TXT and addresses");
  r->description(
      "Resolve one DNS-SD service instance (RFC 6763 §4) and check what comes back.\n"
      "Escape dots inside the instance name as '\\.' (RFC 6763 §4.3).\n\n"
      "Examples:\n"
      "  svcname resolve 'Office Printer._ipp._tcp.local.'\n"
      "  svcname resolve --json 'B\\303\\274ro Drucker 2\\.OG._ipp._tcp.local'\n"
      "  svcname resolve --backend mdns -6 'web._http._tcp'\n\n"
      "Exit status: 0 resolved, 1 error-level findings, 2 usage, 3 no answer or backend error.");
  r->add_option("NAME", ro->instance_name, "<Instance>.<_service>.<_proto>[.<domain>]")->required();
  r->add_flag("-w,--watch", ro->watch, "keep resolving and report changes until interrupted");
  common_options(r, *ro);
  r->callback([ro, r, &st] {
    st.action = [ro, r, &st]() -> int {
      const auto& text = ro->instance_name;
      auto p = parse_dnssd_name(text);
      if (p.name.kind != dnssd_kind::instance || !p.name.instance) {
        std::fprintf(stderr, "svcname resolve: '%s' is not a service instance name\n"
                             "  expected <Instance>.<_service>.<_tcp|_udp>[.<domain>], e.g. 'My Printer._ipp._tcp.local.'\n",
                     show_txt(text).c_str());
        for (const auto& d : p.findings.items) print_finding(text, text, d, false, stderr);
        return exit_usage;
      }
      bool fatal = false;
      for (const auto& d : p.findings.items) {
        if (d.code == diag_code::bad_escape || d.code == diag_code::instance_extra_labels ||
            d.code == diag_code::label_empty) {
          print_finding(text, text, d, false, stderr);
          fatal = true;
        }
      }
      if (fatal) return exit_usage;
      std::string dom = p.name.domain_string();
      if (!dom.empty() && dom.back() == '.') dom.pop_back();
      if (dom.empty()) dom = "local";
      session s(*ro, st.g);
      s.timeout_given_ = r->count("--timeout") > 0;
      s.single_mode_ = true;
      return s.resolve_one(p.name.instance->bytes, p.name.type_string(), dom);
    };
  });
}

const command_registration reg{40, &setup};

}  // namespace
}  // namespace svcname::cli
