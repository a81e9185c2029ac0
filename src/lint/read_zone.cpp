// DNS master files (RFC 1035 §5.1): $ORIGIN, $TTL, $INCLUDE, relative names and '@',
// blank owners that repeat the previous one, parentheses spanning lines, quoted strings,
// ';' comments. Service names live in:
//  - SRV owners: _Service._Proto.Name (RFC 2782) or <Instance>._name._tcp.<domain> (RFC 6763 §4.1);
//  - DNS-SD PTR records: _services._dns-sd._udp -> service types (RFC 6763 §9),
//    _name._tcp -> instances (§4.1), <sub>._sub._name._tcp -> instances (§7.1);
//    b/db/r/dr/lb._dns-sd._udp browse-domain PTRs (§11) point to domains and are skipped;
//  - TXT records of service instances (RFC 6763 §6).
#include <deque>
#include <string>
#include <unordered_set>

#include "lint/context.h"
#include "svcname/chars.h"
#include "svcname/dnssd_name.h"

namespace svcname::lint::detail {
namespace {

struct token {
  std::string_view raw;  ///< as written (quotes included for a quoted string)
  std::size_t offset = 0;
  bool quoted = false;
};

struct record {
  std::vector<token> toks;
  bool owner_blank = false;   ///< line began with white space: previous owner
  std::size_t line_offset = 0;
};

bool is_class(std::string_view t) {
  return chars::iequals(t, "IN") || chars::iequals(t, "CH") || chars::iequals(t, "HS") ||
         chars::iequals(t, "CS") || chars::iequals(t, "ANY") ||
         (t.size() > 5 && chars::iequals(t.substr(0, 5), "CLASS"));
}

/// A TTL: decimal seconds, or BIND's 1w2d3h4m5s form.
bool is_ttl(std::string_view t) {
  if (t.empty() || !chars::is_digit(t[0])) return false;
  for (const char c : t)
    if (!chars::is_digit(c) && std::string_view("smhdwSMHDW").find(c) == std::string_view::npos)
      return false;
  return true;
}

bool is_label(std::string_view l, std::string_view want) { return chars::iequals(l, want); }

/// Labels of a name as written, split at unescaped dots (without unescaping).
struct raw_label {
  std::string_view text;
  std::size_t offset;  ///< in the name
};
std::vector<raw_label> raw_labels(std::string_view name) {
  std::vector<raw_label> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\') {
      ++i;
      continue;
    }
    if (name[i] == '.') {
      out.push_back({name.substr(start, i - start), start});
      start = i + 1;
    }
  }
  if (start < name.size()) out.push_back({name.substr(start), start});
  return out;
}

/// Index of the _tcp/_udp label that follows an underscore label, or npos.
std::size_t proto_index(const std::vector<raw_label>& l) {
  for (std::size_t i = 1; i < l.size(); ++i)
    if ((is_label(l[i].text, "_tcp") || is_label(l[i].text, "_udp")) && l[i - 1].text.starts_with('_'))
      return i;
  return std::string_view::npos;
}

class zone_reader {
 public:
  explicit zone_reader(file_ctx& ctx) : ctx_(ctx), text_(ctx.text()) {}

  void run() {
    record rec;
    int depth = 0;
    std::size_t paren_open = 0;
    bool at_line_start = true;
    std::size_t i = 0;
    const auto n = text_.size();
    auto flush = [&] {
      if (!rec.toks.empty()) process(rec);
      rec = record{};
    };
    while (i < n) {
      const char c = text_[i];
      if (c == '\n') {
        if (depth == 0) {
          flush();
          at_line_start = true;
        }
        ++i;
        continue;
      }
      if (at_line_start && depth == 0) {
        rec.line_offset = i;
        rec.owner_blank = c == ' ' || c == '\t';
        at_line_start = false;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      if (c == ';') {
        while (i < n && text_[i] != '\n') ++i;
        continue;
      }
      if (c == '(') {
        if (depth++ == 0) paren_open = i;
        ++i;
        continue;
      }
      if (c == ')') {
        if (depth == 0) {
          ctx_.parse_error(i, "')' without a matching '('");
        } else {
          --depth;
        }
        ++i;
        continue;
      }
      if (c == '"') {
        const auto start = i++;
        bool closed = false;
        while (i < n) {
          if (text_[i] == '\\' && i + 1 < n) {
            i += 2;
            continue;
          }
          if (text_[i] == '"') {
            closed = true;
            ++i;
            break;
          }
          if (text_[i] == '\n') break;
          ++i;
        }
        if (!closed) {
          ctx_.parse_error(start, "unterminated quoted string");
          while (i < n && text_[i] != '\n') ++i;
          continue;
        }
        rec.toks.push_back({text_.substr(start, i - start), start, true});
        continue;
      }
      const auto start = i;
      while (i < n) {
        const char d = text_[i];
        if (d == '\\' && i + 1 < n && text_[i + 1] != '\n') {
          i += 2;
          continue;
        }
        if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '(' || d == ')' ||
            d == '"')
          break;
        ++i;
      }
      rec.toks.push_back({text_.substr(start, i - start), start, false});
    }
    if (depth > 0) ctx_.parse_error(paren_open, "'(' is never closed");
    flush();
  }

 private:
  void process(const record& rec) {
    const auto& t = rec.toks;
    std::size_t k = 0;
    if (!rec.owner_blank && t[0].raw.starts_with('$')) {
      directive(rec);
      return;
    }
    std::string_view owner;
    std::size_t owner_off = rec.line_offset;
    bool owner_written = false;
    if (rec.owner_blank) {
      if (!have_owner_) {
        ctx_.parse_error(rec.line_offset, "record without an owner name and no previous owner");
        return;
      }
      owner = last_owner_;
    } else {
      owner = t[0].raw;
      owner_off = t[0].offset;
      owner_written = true;
      k = 1;
    }
    // [TTL] [class] or [class] [TTL], then the type (RFC 1035 §5.1).
    for (int j = 0; j < 2 && k < t.size(); ++j)
      if (!t[k].quoted && (is_ttl(t[k].raw) || is_class(t[k].raw))) ++k;
    if (k >= t.size()) {
      ctx_.parse_error(owner_written ? owner_off : rec.line_offset, "record has no type");
      return;
    }
    const auto type = t[k].raw;
    const std::vector<token> rdata(t.begin() + static_cast<std::ptrdiff_t>(k + 1), t.end());
    // '@' is the origin; anything else not ending in '.' is relative to it.
    std::string owner_text;
    bool pinned = false;
    if (owner == "@") {
      owner_text = origin_;
      pinned = true;
    } else {
      owner_text = std::string(owner);
    }
    if (owner_written) {
      last_owner_ = std::string(owner == "@" ? std::string_view("@") : owner);
      have_owner_ = true;
    }
    const auto owner_key = chars::lower(owner == "@" ? std::string_view(origin_) : owner);
    // Each owner name is checked once, on the first record that says what it is.
    const bool first_time = !checked_owners_.contains(owner_key);
    if (pinned || !owner_written) ctx_.pin(owner_off, owner_written ? 1 : 0);

    const auto labels = raw_labels(owner_text);
    // _services._dns-sd._udp and b/db/r/dr/lb._dns-sd._udp are DNS-SD's own meta names
    // (RFC 6763 §9, §11), not service types: only their targets are checked.
    const bool meta = labels.size() >= 3 && is_label(labels[1].text, "_dns-sd") &&
                      is_label(labels[2].text, "_udp");
    const auto pi = meta ? std::string_view::npos : proto_index(labels);
    if (chars::iequals(type, "SRV")) {
      if (first_time) {
        srv_owner(owner_text, labels, pi, owner_off);
        checked_owners_.insert(owner_key);
      }
      ctx_.unpin();
      if (rdata.size() < 4) {
        ctx_.parse_error(t[k].offset, "SRV needs priority, weight, port and target");
      } else {
        (void)ctx_.check_port(rdata[2].raw, rdata[2].offset);
      }
    } else if (chars::iequals(type, "PTR")) {
      if (first_time && pi != std::string_view::npos) {
        if (pi == 1 || is_label(labels[pi - 2].text, "_sub"))
          ctx_.check_type(owner_text, owner_off);
        else
          ctx_.check_instance_name(owner_text, owner_off);
        checked_owners_.insert(owner_key);
      }
      ctx_.unpin();
      if (rdata.empty()) {
        ctx_.parse_error(t[k].offset, "PTR needs a target name");
      } else {
        ptr(labels, meta, pi, rdata[0]);
      }
    } else if (chars::iequals(type, "TXT")) {
      if (first_time && pi != std::string_view::npos && pi >= 2) {
        ctx_.check_instance_name(owner_text, owner_off);
        checked_owners_.insert(owner_key);
      }
      ctx_.unpin();
      if (pi != std::string_view::npos && pi >= 2) {
        // The instance's service type: the _name._proto labels of the owner.
        const auto from = labels[pi - 1].offset;
        const auto svc_type = std::string_view(owner_text).substr(
            from, labels[pi].offset + labels[pi].text.size() - from);
        txt(rdata, svc_type);
      }
    }
    ctx_.unpin();
  }

  void directive(const record& rec) {
    const auto& t = rec.toks;
    const auto d = t[0].raw;
    if (chars::iequals(d, "$ORIGIN")) {
      if (t.size() < 2) {
        ctx_.parse_error(t[0].offset, "$ORIGIN needs a domain name");
        return;
      }
      std::string o(t[1].raw);
      if (!o.ends_with('.')) o += "." + origin_;  // relative to the current origin
      origin_ = o;
    } else if (chars::iequals(d, "$TTL")) {
      if (t.size() < 2 || !is_ttl(t[1].raw))
        ctx_.parse_error(t[0].offset, "$TTL needs a time value");
    } else if (chars::iequals(d, "$INCLUDE") || chars::iequals(d, "$GENERATE")) {
      // $INCLUDE'd files are linted on their own when they are in the tree.
    } else {
      ctx_.parse_error(t[0].offset, "unknown directive '" + std::string(d) + "' (only $ORIGIN, $INCLUDE, $TTL)");
    }
  }

  void srv_owner(const std::string& owner, const std::vector<raw_label>& l, std::size_t pi,
                 std::size_t off) {
    if (pi != std::string_view::npos) {
      if (pi == 1) ctx_.check_type(owner, off);           // _sip._tcp.example.com.
      else ctx_.check_instance_name(owner, off);          // Instance._ipp._tcp.local.
      return;
    }
    // RFC 2782 also allows transports other than TCP and UDP (_sip._tls, _x._sctp).
    if (l.size() >= 2 && l[0].text.starts_with('_') && l[1].text.starts_with('_')) {
      // The transport is not one the registry records for DNS-SD (_tls is TLS over TCP):
      // check the name with no transport.
      ctx_.check_bare(l[0].text.substr(1), off + l[0].offset + 1, "", false);
      return;
    }
    ctx_.add(diag_code::lint_srv_owner, off, std::max<std::size_t>(l.empty() ? 1 : l[0].text.size(), 1),
             "'" + owner + "'");
  }

  void ptr(const std::vector<raw_label>& owner, bool meta, std::size_t pi, const token& target) {
    if (meta) {
      if (is_label(owner[0].text, "_services")) {
        ctx_.check_type(target.raw, target.offset);  // RFC 6763 §9: service type enumeration
      }
      // b, db, r, dr, lb (§11): the target is a browse domain, not a service name.
      return;
    }
    if (pi == std::string_view::npos) return;  // reverse mapping or other PTR: not DNS-SD
    ctx_.check_instance_name(target.raw, target.offset);
    // RFC 6763 §4.1: the PTR for _name._proto points to <Instance>._name._proto.
    const auto tl = raw_labels(target.raw);
    const auto tpi = proto_index(tl);
    if (tpi == std::string_view::npos) return;
    if (!is_label(tl[tpi - 1].text, owner[pi - 1].text) || !is_label(tl[tpi].text, owner[pi].text)) {
      const auto off = target.offset + tl[tpi - 1].offset;
      const auto len = tl[tpi].offset + tl[tpi].text.size() - tl[tpi - 1].offset;
      ctx_.add(diag_code::lint_ptr_type_mismatch, off, len,
               "owner type " + std::string(owner[pi - 1].text) + "." + std::string(owner[pi].text) +
                   ", target type " + std::string(target.raw.substr(tl[tpi - 1].offset, len)));
    }
  }

  void txt(const std::vector<token>& rdata, std::string_view service_type) {
    std::vector<txt_string> rec;
    for (const auto& s : rdata) {
      auto v = s.raw;
      std::size_t off = s.offset;
      if (s.quoted && v.size() >= 2) {
        v = v.substr(1, v.size() - 2);
        ++off;
      }
      if (v.find('\\') != std::string_view::npos) v = unescape(v);
      rec.push_back(txt_string{v, static_cast<std::uint32_t>(off)});
    }
    if (!rec.empty()) ctx_.check_txt(rec, service_type);
  }

  /// RFC 1035 §5.1 escapes in a character-string: \DDD is a byte, \X is X. The result
  /// lives as long as the reader.
  std::string_view unescape(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] != '\\' || i + 1 >= v.size()) {
        out += v[i];
      } else if (i + 3 < v.size() && chars::is_digit(v[i + 1]) && chars::is_digit(v[i + 2]) &&
                 chars::is_digit(v[i + 3])) {
        const int n = (v[i + 1] - '0') * 100 + (v[i + 2] - '0') * 10 + (v[i + 3] - '0');
        out += static_cast<char>(static_cast<unsigned char>(n & 0xFF));
        i += 3;
      } else {
        out += v[++i];
      }
    }
    unescaped_.push_back(std::move(out));
    return unescaped_.back();
  }

  file_ctx& ctx_;
  std::deque<std::string> unescaped_;
  std::string_view text_;
  std::string origin_ = ".";
  std::string last_owner_;
  bool have_owner_ = false;
  std::unordered_set<std::string> checked_owners_;
};

}  // namespace

void read_zone(file_ctx& ctx) { zone_reader(ctx).run(); }

}  // namespace svcname::lint::detail
