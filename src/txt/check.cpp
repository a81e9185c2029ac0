// Grading TXT records: RFC 6763 §6, one finding per rule, plus conformance to the service's
// documented keys. The TXT rule table (codes 200-299) lives here, with check_record().
#include "svcname/txt/check.h"

#include <array>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include "svcname/chars.h"
#include "svcname/dnssd_name.h"
#include "txt/byte_reader.h"
#include "txt/pattern.h"

namespace svcname::txt {
namespace {

constexpr std::string_view u61 = "https://www.rfc-editor.org/rfc/rfc6763#section-6.1";
constexpr std::string_view u62 = "https://www.rfc-editor.org/rfc/rfc6763#section-6.2";
constexpr std::string_view u64 = "https://www.rfc-editor.org/rfc/rfc6763#section-6.4";
constexpr std::string_view u65 = "https://www.rfc-editor.org/rfc/rfc6763#section-6.5";
constexpr std::string_view u67 = "https://www.rfc-editor.org/rfc/rfc6763#section-6.7";
constexpr std::string_view u6 = "https://www.rfc-editor.org/rfc/rfc6763#section-6";
constexpr std::string_view catalog_doc = "registry/txt-keys/README.md";

// clang-format off
constexpr std::array txt_rules{
  rule_info{diag_code::txt_empty_rdata, "txt-empty-rdata", severity::error, "RFC 6763 §6.1", u61,
    "zero-length TXT RDATA: an empty TXT record containing zero strings is not allowed",
    "publish a single zero byte (one empty string) when the service has no TXT data"},
  rule_info{diag_code::txt_truncated, "txt-truncated", severity::error, "RFC 6763 §6.1", u61,
    "malformed TXT RDATA: a string's length byte runs past the end of the record",
    "every string is one length byte followed by exactly that many bytes (RFC 1035 §3.3.14)"},
  rule_info{diag_code::txt_string_too_long, "txt-string-too-long", severity::error, "RFC 6763 §6.1", u61,
    "a TXT string is longer than 255 bytes and cannot be encoded",
    "shorten the value, or split the data over several keys"},
  rule_info{diag_code::txt_key_missing, "txt-key-missing", severity::error, "RFC 6763 §6.4", u64,
    "string begins with '=': the key is missing, and clients MUST silently ignore the string",
    "put a key of at least one character before the '='"},
  rule_info{diag_code::txt_key_empty, "txt-key-empty", severity::error, "RFC 6763 §6.4", u64,
    "empty string among other strings: a key MUST be at least one character",
    "remove the empty string (only a record with no data is a single empty string)"},
  rule_info{diag_code::txt_key_bad_char, "txt-key-bad-char", severity::error, "RFC 6763 §6.4", u64,
    "key contains a byte that is not printable US-ASCII (0x20-0x7E)",
    "use only printable US-ASCII characters other than '=' in keys; put binary data in the value"},
  rule_info{diag_code::txt_key_long, "txt-key-long", severity::warning, "RFC 6763 §6.4", u64,
    "key is longer than nine characters (keys SHOULD be no more than nine characters)",
    "use a shorter key: TXT records should stay small"},
  rule_info{diag_code::txt_duplicate_key, "txt-duplicate-key", severity::warning, "RFC 6763 §6.4", u64,
    "key appears more than once (compared case-insensitively); clients use only the first",
    "publish each key once; a key SHOULD NOT appear more than once in a TXT record"},
  rule_info{diag_code::txt_size_over_200, "txt-size-over-200", severity::note, "RFC 6763 §6.2", u62,
    "TXT record is larger than 200 bytes, the size a typical DNS-SD TXT record is meant to stay under",
    "drop keys clients do not need"},
  rule_info{diag_code::txt_size_over_400, "txt-size-over-400", severity::note, "RFC 6763 §6.2", u62,
    "TXT record is larger than 400 bytes and may not fit in a single 512-byte DNS message",
    "keep the record under 400 bytes where possible"},
  rule_info{diag_code::txt_size_over_1300, "txt-size-over-1300", severity::warning, "RFC 6763 §6.2", u62,
    "TXT record is larger than 1300 bytes: NOT RECOMMENDED, it may not fit in one 1500-byte Ethernet packet",
    "move bulky data out of the TXT record (e.g. behind a URL the client fetches)"},
  rule_info{diag_code::txt_txtvers_not_first, "txt-txtvers-not-first", severity::warning, "RFC 6763 §6.7", u67,
    "txtvers is present but is not the first string of the record",
    "put txtvers=<n> first so clients can check the version before reading other keys"},
  rule_info{diag_code::txt_txtvers_not_decimal, "txt-txtvers-not-decimal", severity::warning, "RFC 6763 §6.7", u67,
    "txtvers value is not a decimal version number",
    "write the version as decimal digits, e.g. txtvers=1"},
  rule_info{diag_code::txt_value_binary, "txt-value-binary", severity::note, "RFC 6763 §6.5", u65,
    "value is not UTF-8 text (values are opaque binary data; shown with \\xHH escapes)", ""},
  rule_info{diag_code::txt_rdata_too_large, "txt-rdata-too-large", severity::error, "RFC 1035 §3.2.1",
    "https://www.rfc-editor.org/rfc/rfc1035#section-3.2.1",
    "TXT record is larger than 65,535 bytes and cannot be carried in one resource record",
    "shrink the record drastically (RFC 6763 §6.2 recommends 200 bytes or less)"},
  rule_info{diag_code::txt_empty_record, "txt-empty-record", severity::note, "RFC 6763 §6", u6,
    "TXT record holds no data (a single zero byte): correct for a service with nothing to say", ""},
  rule_info{diag_code::txt_spec_missing_required, "txt-spec-missing-required", severity::warning,
    "documented TXT keys", catalog_doc,
    "a key the service's documentation requires is absent", "add the key (see the service's key list)"},
  rule_info{diag_code::txt_spec_unknown_key, "txt-spec-unknown-key", severity::warning,
    "documented TXT keys", catalog_doc,
    "key is not among the documented keys of this service",
    "check the spelling against the documented keys (clients SHOULD ignore unknown keys)"},
  rule_info{diag_code::txt_spec_bad_value, "txt-spec-bad-value", severity::warning,
    "documented TXT keys", catalog_doc,
    "value does not match the documented value or format for this key",
    "use one of the documented values or the documented format"},
  rule_info{diag_code::txt_spec_key_case, "txt-spec-key-case", severity::warning, "RFC 6763 §6.4", u64,
    "key differs only in case from the documented spelling (keys compare case-insensitively, but "
    "some clients do not)",
    "use the documented spelling"},
  rule_info{diag_code::txt_spec_unknown_service, "txt-spec-unknown-service", severity::note,
    "documented TXT keys", catalog_doc,
    "no documented TXT keys are known for this service; only RFC 6763 §6 rules were checked",
    "add a catalog file for it (svcname txt check --catalog DIR, or $XDG_CONFIG_HOME/svcname/txt-keys)"},
  rule_info{diag_code::txt_spec_no_keys_defined, "txt-spec-no-keys-defined", severity::note,
    "documented TXT keys", catalog_doc,
    "the service's registration says it defines no TXT keys, yet the record carries keys", ""},
};
// clang-format on
static const rule_table_registration reg{txt_rules};

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

std::string where_text(std::size_t index, std::size_t offset) {
  return "string " + std::to_string(index) + " at byte " + std::to_string(offset);
}

std::string quoted(std::string_view bytes) { return "'" + escape(bytes) + "'"; }

bool is_decimal(std::string_view v) {
  if (v.empty()) return false;
  for (const char c : v)
    if (!chars::is_digit(c)) return false;
  return true;
}

// The §6 rules; @p truncated_at suppresses the zero-length check when the RDATA was malformed.
report grade(const record& r, const check_options& opt, bool malformed) {
  report rep;
  // RFC 6763 §6.1: "An empty TXT record containing zero strings is not allowed"; the record of
  // a service with no data is a single zero byte.
  if (r.strings.empty()) {
    if (!malformed)
      rep.add(diag_code::txt_empty_rdata, {0, 0}, "RDATA has 0 bytes",
              "send the single byte 00 (one empty string)");
    return rep;
  }
  if (r.strings.size() == 1 && r.strings[0].bytes.empty() && !malformed) {
    rep.add(diag_code::txt_empty_record, {0, 1});
    return rep;
  }
  // RFC 1035 §3.2.1: RDLENGTH is 16 bits.
  const std::size_t total = r.wire_size();
  if (total > max_rdata_octets)
    rep.add(diag_code::txt_rdata_too_large, {0, u32(total)}, std::to_string(total) + " bytes");

  std::vector<std::pair<std::string, std::size_t>> seen;  // lower-case key -> first index
  for (std::size_t i = 0; i < r.strings.size(); ++i) {
    const auto& s = r.strings[i];
    const auto kv = r.at(i);
    const std::size_t off = s.offset;
    // RFC 6763 §6.1 / RFC 1035 §3.3.14: a string is one length byte and 0-255 bytes.
    if (s.bytes.size() > max_string_octets)
      rep.add(diag_code::txt_string_too_long, {u32(off), u32(1 + s.bytes.size())},
              where_text(i, off) + ": " + std::to_string(s.bytes.size()) + " bytes, " +
                  std::to_string(s.bytes.size() - max_string_octets) + " over");
    if (s.bytes.empty()) {
      // RFC 6763 §6.4: "The key MUST be at least one character."
      rep.add(diag_code::txt_key_empty, {u32(off), 1}, where_text(i, off));
      continue;
    }
    if (kv.key.empty()) {
      // RFC 6763 §6.4: strings beginning with '=' (key missing) MUST be silently ignored.
      rep.add(diag_code::txt_key_missing, {u32(off + 1), 1},
              where_text(i, off) + ": " + quoted(s.bytes) + " is ignored by clients");
      continue;
    }
    // RFC 6763 §6.4: key characters MUST be printable US-ASCII 0x20-0x7E, excluding '='.
    std::size_t bad = 0, first_bad = 0;
    for (std::size_t j = 0; j < kv.key.size(); ++j) {
      const auto c = static_cast<unsigned char>(kv.key[j]);
      if (c < 0x20 || c > 0x7E) {
        if (bad++ == 0) first_bad = j;
      }
    }
    if (bad) {
      static constexpr char hx[] = "0123456789ABCDEF";
      const auto c = static_cast<unsigned char>(kv.key[first_bad]);
      std::string byte = "0x";
      byte += hx[c >> 4];
      byte += hx[c & 15];
      rep.add(diag_code::txt_key_bad_char, {u32(off + 1 + first_bad), 1},
              where_text(i, off) + ": key " + quoted(kv.key) + " has byte " + byte +
                  " at key position " + std::to_string(first_bad) +
                  (bad > 1 ? " (" + std::to_string(bad) + " such bytes)" : std::string()));
    }
    // RFC 6763 §6.4: "The key SHOULD be no more than nine characters long."
    if (kv.key.size() > 9)
      rep.add(diag_code::txt_key_long, {u32(off + 1), u32(kv.key.size())},
              where_text(i, off) + ": key " + quoted(kv.key) + " has " +
                  std::to_string(kv.key.size()) + " characters");
    // RFC 6763 §6.4: case is ignored; a key SHOULD NOT appear more than once, and clients
    // MUST silently ignore all but the first occurrence.
    const std::string lk = chars::lower(kv.key);
    bool dup = false;
    for (const auto& [k, first] : seen) {
      if (k != lk) continue;
      dup = true;
      const auto fk = r.at(first).key;
      rep.add(diag_code::txt_duplicate_key, {u32(off + 1), u32(kv.key.size())},
              where_text(i, off) + ": key " + quoted(kv.key) + " repeats " + quoted(fk) +
                  " of string " + std::to_string(first) + "; clients use string " +
                  std::to_string(first) + " and ignore string " + std::to_string(i),
              "remove string " + std::to_string(i) + " (" + quoted(s.bytes) + ")");
      break;
    }
    if (!dup) seen.emplace_back(lk, i);
    // RFC 6763 §6.7: txtvers=<decimal> should come first.
    if (!dup && lk == "txtvers") {
      if (i != 0)
        rep.add(diag_code::txt_txtvers_not_first, {u32(off + 1), u32(kv.key.size())},
                where_text(i, off) + ": txtvers is string " + std::to_string(i),
                "move " + quoted(s.bytes) + " to the front");
      if (!is_decimal(kv.value))
        rep.add(diag_code::txt_txtvers_not_decimal,
                {u32(off + 1 + kv.key.size()), u32(s.bytes.size() - kv.key.size())},
                where_text(i, off) + ": txtvers " +
                    (kv.state == key_state::value ? "is " + quoted(kv.value)
                                                  : std::string("has no value")));
    }
    // RFC 6763 §6.5: values are opaque binary data; say so when they are not text.
    if (opt.note_binary_values && kv.state == key_state::value && !is_valid_utf8(kv.value))
      rep.add(diag_code::txt_value_binary, {u32(off + 2 + kv.key.size()), u32(kv.value.size())},
              where_text(i, off) + ": " + quoted(kv.key) + " = " + quoted(kv.value));
  }
  // RFC 6763 §6.2: 200 bytes or less is typical, under 400 fits a 512-byte message, over 1300
  // is NOT RECOMMENDED. Only the largest limit crossed is reported.
  const auto size_detail = std::to_string(total) + " bytes";
  if (total > 1300)
    rep.add(diag_code::txt_size_over_1300, {0, u32(total)}, size_detail);
  else if (total > 400)
    rep.add(diag_code::txt_size_over_400, {0, u32(total)}, size_detail);
  else if (total > 200)
    rep.add(diag_code::txt_size_over_200, {0, u32(total)}, size_detail);
  return rep;
}

struct match {
  const key_spec* spec = nullptr;
  bool exact_case = true;
};

match find_key(const std::vector<const service_spec*>& specs, std::string_view key) {
  for (bool icase : {false, true})
    for (const auto* s : specs)
      for (const auto& k : s->keys) {
        if (k.pattern) {
          if (detail::full_match(*k.pattern, key, icase)) return {&k, !icase};
        } else if (icase ? chars::iequals(k.key, key) : k.key == key) {
          return {&k, !icase};
        }
      }
  return {};
}

std::string list_values(const key_spec& k) {
  std::string s;
  for (std::size_t i = 0; i < k.values.size(); ++i) {
    if (i) s += ", ";
    s += quoted(k.values[i]);
  }
  return s;
}

}  // namespace

report check_record(const record& r, const check_options& opt) { return grade(r, opt, false); }

report check_wire(std::span<const std::uint8_t> rdata, const check_options& opt) {
  report rep;
  if (rdata.size() > max_rdata_octets) {
    rep.add(diag_code::txt_rdata_too_large, {0, u32(rdata.size())},
            std::to_string(rdata.size()) + " bytes");
    return rep;
  }
  // Read as many whole strings as there are; a length byte running past the end is graded
  // txt-truncated and the strings before it are still checked.
  record r;
  detail::byte_reader rd(rdata);
  bool malformed = false;
  while (!rd.empty()) {
    const std::size_t at = rd.position();
    const auto len = rd.u8();
    if (!len) break;
    const auto body = rd.bytes(*len);
    if (!body) {
      rep.add(diag_code::txt_truncated, {u32(at), u32(1 + rd.remaining())},
              where_text(r.strings.size(), at) + ": length byte says " + std::to_string(*len) +
                  " bytes, only " + std::to_string(rd.remaining()) + " remain");
      malformed = true;
      break;
    }
    txt_string s;
    s.offset = u32(at);
    for (const auto b : *body) s.bytes.push_back(static_cast<char>(b));
    r.strings.push_back(std::move(s));
  }
  rep.merge(grade(r, opt, malformed));
  return rep;
}

std::string service_of(std::string_view service_type) {
  std::string_view t = service_type;
  while (!t.empty() && t.back() == '.') t.remove_suffix(1);
  if (t.empty()) return {};
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || t[i] == '.') {
      labels.push_back(t.substr(start, i - start));
      start = i + 1;
    }
  }
  if (labels.size() == 1) {
    auto l = labels[0];
    if (!l.empty() && l.front() == '_') l.remove_prefix(1);
    for (const char c : l)  // a service name never holds white space or control bytes
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return {};
    return std::string(l);
  }
  // RFC 6763 §7: <Service> is "_name._tcp" or "_name._udp"; use the last such pair.
  for (std::size_t k = labels.size(); k-- > 1;) {
    if (chars::iequals(labels[k], "_tcp") || chars::iequals(labels[k], "_udp")) {
      auto l = labels[k - 1];
      if (!l.empty() && l.front() == '_') l.remove_prefix(1);
      return std::string(l);
    }
  }
  return {};
}

report check_conformance(const record& r, const service_spec& spec, const catalog* cat) {
  report rep;
  // The spec and the specs it inherits (bounded: at most 4 levels, no cycles).
  std::vector<const service_spec*> specs{&spec};
  std::set<std::string> visited{chars::lower(spec.service)};
  const service_spec* cur = &spec;
  for (int depth = 0; depth < 4 && cur->inherits && cat; ++depth) {
    const auto* parent = cat->find(*cur->inherits);
    if (!parent || !visited.insert(chars::lower(parent->service)).second) break;
    specs.push_back(parent);
    cur = parent;
  }
  bool listed = false, open = false;
  for (const auto* s : specs) {
    if (s->status == spec_status::keys) listed = true;
    if (s->open || s->status == spec_status::undocumented || s->status == spec_status::reference)
      open = true;
  }
  // Name the spec's file, not its whole path ("ipp.json"; "registry" for registry notes).
  const std::string origin = spec.origin.substr(spec.origin.find_last_of('/') + 1);
  const std::string who = "'" + spec.service + "'" + (origin.empty() ? std::string() : " (" + origin + ")");

  std::set<std::string> seen;
  bool any_key = false;
  for (std::size_t i = 0; i < r.strings.size(); ++i) {
    const auto kv = r.at(i);
    if (kv.key.empty()) continue;                        // §6.4: ignored strings
    if (!seen.insert(chars::lower(kv.key)).second) continue;  // §6.4: only the first counts
    any_key = true;
    const std::size_t off = r.strings[i].offset;
    const text_range key_at{u32(off + 1), u32(kv.key.size())};
    if (!listed) continue;
    const auto m = find_key(specs, kv.key);
    if (!m.spec) {
      auto& d = rep.add(diag_code::txt_spec_unknown_key, key_at,
                        where_text(i, off) + ": " + quoted(kv.key) + " is not documented for " +
                            who + (open ? " (its key set is open)" : ""));
      if (open) d.level = severity::note;
      continue;
    }
    const auto& k = *m.spec;
    if (!m.exact_case && !k.pattern)
      rep.add(diag_code::txt_spec_key_case, key_at,
              where_text(i, off) + ": " + quoted(kv.key) + " is documented as " + quoted(k.key),
              "write the key as " + quoted(k.key));
    const text_range val_at{u32(off + 1 + kv.key.size()),
                            u32(r.strings[i].bytes.size() - kv.key.size())};
    if (k.boolean && kv.state != key_state::boolean) {
      rep.add(diag_code::txt_spec_bad_value, val_at,
              where_text(i, off) + ": " + quoted(k.key) + " is documented as a flag without a value");
      continue;
    }
    if (!k.values.empty()) {
      bool ok = false;
      for (const auto& v : k.values) ok = ok || (kv.state == key_state::value && v == kv.value);
      if (!ok)
        rep.add(diag_code::txt_spec_bad_value, val_at,
                where_text(i, off) + ": " + quoted(k.key) + " is " +
                    (kv.state == key_state::value ? quoted(kv.value)
                                                  : std::string(to_string(kv.state))) +
                    (k.values.size() == 1 && !k.enumeration ? "; documented value: "
                                                            : "; documented values: ") +
                    list_values(k));
      continue;
    }
    if (k.value_pattern) {
      const std::string_view v = kv.state == key_state::value ? kv.value : std::string_view();
      if (kv.state == key_state::boolean || !detail::full_match(*k.value_pattern, v, false))
        rep.add(diag_code::txt_spec_bad_value, val_at,
                where_text(i, off) + ": " + quoted(k.key) + " is " +
                    (kv.state == key_state::boolean ? std::string("a flag without a value")
                                                    : quoted(v)) +
                    "; documented format: " + *k.value_pattern);
    }
  }
  if (spec.status == spec_status::none && specs.size() == 1 && any_key)
    rep.add(diag_code::txt_spec_no_keys_defined, {0, 0}, who);
  // Required keys (families with a pattern cannot be required by name).
  for (const auto* s : specs)
    for (const auto& k : s->keys)
      if (k.need == presence::required && !k.pattern && r.state(k.key) == key_state::absent)
        rep.add(diag_code::txt_spec_missing_required, {0, 0},
                quoted(k.key) + " is required by " + who +
                    (k.source.empty() ? std::string() : " [" + k.source + "]"),
                k.meaning.empty() ? std::string()
                                  : "add " + k.key + "=<" + std::string(chars::trim(k.meaning)) + ">");
  return rep;
}

report check_record(const record& r, std::string_view service_type, const catalog* cat,
                    const check_options& opt) {
  report rep = check_record(r, opt);
  if (service_type.empty()) return rep;
  const auto svc = service_of(service_type);
  if (svc.empty() || !cat) return rep;
  if (const auto* spec = cat->find(svc)) {
    rep.merge(check_conformance(r, *spec, cat));
  } else {
    rep.add(diag_code::txt_spec_unknown_service, {0, 0}, "service '" + svc + "'");
  }
  return rep;
}

report check_record(std::span<const std::uint8_t> rdata, std::string_view service_type,
                    const catalog* cat, const check_options& opt) {
  report rep = check_wire(rdata, opt);
  if (service_type.empty()) return rep;
  const auto parsed = parse_wire(rdata);
  const auto svc = service_of(service_type);
  if (!parsed || svc.empty() || !cat) return rep;
  if (const auto* spec = cat->find(svc)) {
    rep.merge(check_conformance(*parsed, *spec, cat));
  } else {
    rep.add(diag_code::txt_spec_unknown_service, {0, 0}, "service '" + svc + "'");
  }
  return rep;
}

}  // namespace svcname::txt
