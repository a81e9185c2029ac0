// systemd-resolved .dnssd files (systemd.dnssd(5)): INI with a [Service] section holding
// Name= (instance name with %-specifiers), Type=, SubType=, Port=, TxtText= and TxtData=.
#include <deque>
#include <string>

#include "lint/context.h"
#include "svcname/chars.h"
#include "svcname/dnssd_name.h"

namespace svcname::lint::detail {
namespace {

struct setting {
  std::string_view value;
  std::size_t offset = 0;   ///< of the value
  std::size_t key_offset = 0;
};

struct service_section {
  std::size_t header_offset = 0;
  std::optional<setting> name, type;
  std::vector<setting> subtypes, ports;
  /// TxtText= and TxtData= in file order: each one is a TXT record of its own, and an empty
  /// assignment to either resets the list (systemd.dnssd(5)). `second` is true for TxtData=.
  std::vector<std::pair<setting, bool>> txt;
};

// systemd.dnssd(5), Name=: the specifiers resolved expands; any other is an error there.
constexpr std::string_view known_specifiers = "aAbBHlmMovwW%";

void check_name(file_ctx& ctx, const setting& s) {
  std::string lit;
  std::vector<std::uint32_t> src;
  const auto v = s.value;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '%') {
      lit += v[i];
      src.push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    if (i + 1 >= v.size() || known_specifiers.find(v[i + 1]) == std::string_view::npos) {
      ctx.add(diag_code::lint_unknown_specifier, s.offset + i, i + 1 < v.size() ? 2 : 1,
              i + 1 < v.size() ? "'%" + std::string(1, v[i + 1]) + "'" : std::string("'%' at the end"));
      ++i;
      continue;
    }
    if (v[i + 1] == '%') {  // "%%" is a literal '%'
      lit += '%';
      src.push_back(static_cast<std::uint32_t>(i));
    }
    ++i;
  }
  ++ctx.names;
  // The literal part is in the published instance name whatever the specifiers expand to
  // (RFC 6763 §4.1.1: 1-63 octets of UTF-8 without control characters).
  auto r = validate_instance_label(lit, src);
  const bool had_specifier = lit.size() != v.size();
  for (auto& d : r.items) {
    if (d.code == diag_code::instance_empty && had_specifier) continue;
    auto& nd = ctx.add(d.code, s.offset + d.where.offset, d.where.length, d.detail, d.fix);
    nd.level = d.level;
  }
}

/// TxtText=: white-space separated "key=value" items, each optionally quoted
/// (systemd's extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE).
std::vector<txt_string> split_txt(std::string_view v, std::size_t base, std::deque<std::string>& store) {
  std::vector<txt_string> out;
  std::size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    if (i >= v.size()) break;
    const std::size_t start = i;
    std::string word;
    char quote = 0;
    while (i < v.size()) {
      const char c = v[i];
      if (quote) {
        if (c == quote) quote = 0;
        else word += c;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ' ' || c == '\t') {
        break;
      } else {
        word += c;
      }
      ++i;
    }
    const bool plain = word.size() == i - start;
    store.push_back(std::move(word));
    out.push_back(txt_string{plain ? v.substr(start, i - start) : std::string_view(store.back()),
                             static_cast<std::uint32_t>(base + start + (plain ? 0 : 1))});
  }
  return out;
}

void finish(file_ctx& ctx, const service_section& s) {
  if (s.name) check_name(ctx, *s.name);
  if (!s.type || s.type->value.empty()) {
    ctx.add(diag_code::lint_missing_type, s.header_offset, 9,
            "[Service] has no Type=: systemd-resolved refuses the file");
  } else {
    ctx.check_type(s.type->value, s.type->offset);
  }
  for (const auto& sub : s.subtypes) {
    // SubType= is the subtype label ("_printer"); it is published as
    // <sub>._sub.<Type> (RFC 6763 §7.1). Check the label in that position.
    if (sub.value.empty()) continue;
    ++ctx.names;
    const std::string full = std::string(sub.value) + "._sub." +
                             std::string(s.type ? s.type->value : std::string_view("_x._tcp"));
    const auto parsed = parse_dnssd_name(full);
    for (const auto& d : parsed.findings.items) {
      if (d.where.offset >= sub.value.size()) continue;  // about the type: reported there
      auto& nd = ctx.add(d.code, sub.offset + d.where.offset,
                         std::min<std::size_t>(d.where.length, sub.value.size() - d.where.offset),
                         d.detail, d.fix);
      nd.level = d.level;
    }
  }
  for (const auto& p : s.ports) (void)ctx.check_port(p.value, p.offset);
  std::deque<std::string> store;  // unquoted words; a deque keeps views into it valid
  for (const auto& [t, data] : s.txt) {
    auto record = split_txt(t.value, t.offset, store);
    if (data) {
      // TxtData=: each value after '=' is base64 (systemd.dnssd(5)); check the decoded bytes.
      bool ok = true;
      for (auto& str : record) {
        std::string why;
        auto bytes = decode_txt_value_base64(str.text, false, why);
        if (!bytes) {
          ctx.parse_error(str.offset, "TxtData=: " + why + "; systemd cannot decode it",
                          "write key=<base64>, e.g. data=YW55IGJpbmFyeSBkYXRhCg==");
          ok = false;
          continue;
        }
        store.push_back(std::move(*bytes));
        str.text = store.back();
      }
      if (!ok) continue;
    }
    ctx.check_txt(record, s.type ? s.type->value : std::string_view());
  }
}

}  // namespace

void read_dnssd(file_ctx& ctx) {
  const auto text = ctx.text();
  std::optional<service_section> sec;
  bool in_service = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    const std::size_t line_pos = pos;
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    const auto body = line.substr(first);
    if (body[0] == '#' || body[0] == ';') continue;
    if (body[0] == '[') {
      const auto close = body.find(']');
      if (close == std::string_view::npos) {
        ctx.parse_error(line_pos + first, "section header without ']'");
        continue;
      }
      if (sec) finish(ctx, *sec);
      sec.reset();
      in_service = body.substr(1, close - 1) == "Service";
      if (in_service) {
        sec.emplace();
        sec->header_offset = line_pos + first;
      }
      continue;
    }
    const auto eq = body.find('=');
    if (eq == std::string_view::npos) {
      ctx.parse_error(line_pos + first, "expected 'Key=value', a [Section] or a comment");
      continue;
    }
    // Assignments outside [Service] are not ours (systemd ignores unknown sections).
    if (!in_service || !sec) continue;
    auto key = chars::trim(body.substr(0, eq));
    auto raw = body.substr(eq + 1);
    std::size_t voff = line_pos + first + eq + 1;
    while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) {
      raw.remove_prefix(1);
      ++voff;
    }
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
    setting s{raw, voff, line_pos + first};
    if (key == "Name") sec->name = s;
    else if (key == "Type") sec->type = s;
    else if (key == "SubType") {
      if (raw.empty()) sec->subtypes.clear();
      else sec->subtypes.push_back(s);
    } else if (key == "Port") sec->ports.push_back(s);  // each one is parsed by systemd
    else if (key == "TxtText" || key == "TxtData") {
      if (raw.empty()) sec->txt.clear();  // an empty assignment resets the list
      else sec->txt.emplace_back(s, key == "TxtData");
    }
  }
  if (sec) finish(ctx, *sec);
}

}  // namespace svcname::lint::detail
