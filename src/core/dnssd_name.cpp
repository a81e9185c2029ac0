// RFC 6763 DNS-SD names. Sections implemented here:
//   §4.1    Structured Service Instance Names: <Instance>.<Service>.<Domain>
//   §4.1.1  Instance Names: up to 63 octets of UTF-8, no ASCII control characters, SHOULD be NFC
//   §4.1.3  Domain Names: "local." or a conventional unicast domain (no '_' labels)
//   §4.3    Internal Handling of Names: '.' and '\' inside a label are escaped
//   §7      Service Names: "_" + RFC 6335 name, then "_tcp" (TCP) or "_udp" (all others)
//   §7.1    Selective Instance Enumeration (Subtypes): <sub>._sub._name._proto
//   §7.2    Service Name Length Limits (and RFC 1035 §2.3.4: 63-octet labels, 255-octet names)
#include "svcname/dnssd_name.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "svcname/chars.h"
#include "svcname/service_name.h"

namespace svcname {
namespace {

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

bool is_proto(std::string_view l) {
  return chars::iequals(l, "_tcp") || chars::iequals(l, "_udp");
}

text_range span(const name_label& a, const name_label& b) {
  return {a.where.offset, b.where.offset + b.where.length - a.where.offset};
}

void check_domain_label(const name_label& l, report& r) {
  if (l.bytes.size() > max_label_octets)
    r.add(diag_code::label_too_long, l.where,
          std::to_string(l.bytes.size()) + " octets, limit 63");
  // §4.1.3: the <Domain> is "local." or a conventional unicast domain such as "ietf.org.";
  // a '_' label there is a service, protocol or '_sub' label left after the type.
  if (!l.bytes.empty() && l.bytes.front() == '_')
    r.add(diag_code::domain_bad, l.where,
          "'" + escape_label(l.bytes) + "' in the domain part: only the service and protocol "
          "labels begin with '_'",
          "put the labels in the order <instance>.<sub>._sub._name._tcp.<domain>");
}

}  // namespace

std::string_view to_string(transport t) noexcept { return t == transport::tcp ? "tcp" : "udp"; }

std::string_view dnssd_name::service_name() const noexcept {
  std::string_view s = service.bytes;
  if (!s.empty() && s.front() == '_') s.remove_prefix(1);
  return s;
}

std::uint32_t dnssd_name::service_name_offset() const noexcept {
  return service.where.offset + (!service.bytes.empty() && service.bytes.front() == '_' ? 1u : 0u);
}

std::string dnssd_name::type_string() const {
  return service.bytes + "._" + std::string(to_string(proto));
}

std::string dnssd_name::domain_string() const {
  std::string s;
  for (const auto& l : domain) {
    s += escape_label(l.bytes);
    s += '.';
  }
  return s;
}

std::vector<name_label> split_labels(std::string_view text, report& findings, bool& fqdn) {
  std::vector<name_label> labels;
  fqdn = false;
  name_label cur;
  cur.where.offset = 0;
  std::size_t i = 0;
  auto finish = [&](std::size_t end) {
    cur.where.length = u32(end - cur.where.offset);
    labels.push_back(std::move(cur));
    cur = name_label{};
    cur.where.offset = u32(end + 1);
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\\') {  // §4.3 escapes; RFC 1035 §5.1 \X and \DDD
      if (i + 1 >= text.size()) {
        findings.add(diag_code::bad_escape, {u32(i), 1}, "backslash at the end of the name");
        ++i;
        continue;
      }
      const char n = text[i + 1];
      if (chars::is_digit(n)) {
        if (i + 3 < text.size() && chars::is_digit(text[i + 2]) && chars::is_digit(text[i + 3])) {
          const int v = (n - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
          if (v <= 255) {
            cur.bytes.push_back(static_cast<char>(v));
            cur.src.push_back(u32(i));
            i += 4;
            continue;
          }
        }
        std::size_t e = i + 1;
        while (e < text.size() && e < i + 4 && chars::is_digit(text[e])) ++e;
        findings.add(diag_code::bad_escape, {u32(i), u32(e - i)},
                     "\\DDD needs exactly three decimal digits with a value of at most 255");
        i = e;
        continue;
      }
      cur.bytes.push_back(n);
      cur.src.push_back(u32(i));
      i += 2;
      continue;
    }
    if (c == '.') {
      if (cur.bytes.empty() && cur.where.offset == u32(i)) {
        if (i + 1 == text.size() && !labels.empty()) {  // trailing dot: fully qualified
          fqdn = true;
          ++i;
          continue;
        }
        findings.add(diag_code::label_empty, {u32(i), 1});
        cur.where.offset = u32(i + 1);
        ++i;
        continue;
      }
      finish(i);
      if (i + 1 == text.size()) fqdn = true;
      ++i;
      continue;
    }
    cur.bytes.push_back(c);
    cur.src.push_back(u32(i));
    ++i;
  }
  if (!cur.bytes.empty() || (cur.where.offset < text.size())) {
    cur.where.length = u32(text.size() - cur.where.offset);
    if (cur.where.length > 0) labels.push_back(std::move(cur));
  }
  return labels;
}

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1Fu; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0Fu; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07u; }
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
      return false;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

report validate_instance_label(std::string_view bytes, const std::vector<std::uint32_t>& src) {
  report r;
  auto at = [&](std::size_t k) -> std::uint32_t { return k < src.size() ? src[k] : u32(k); };
  const auto whole = [&]() -> text_range {
    if (bytes.empty()) return {at(0), 0};
    return {at(0), at(bytes.size() - 1) + 1 - at(0)};
  };
  if (bytes.empty()) {  // §4.1.1: at least one octet
    r.add(diag_code::instance_empty, {at(0), 0});
    return r;
  }
  if (bytes.size() > max_label_octets)  // §4.1.1: "up to 63 octets"
    r.add(diag_code::instance_too_long, {at(max_label_octets), at(bytes.size() - 1) + 1 - at(max_label_octets)},
          std::to_string(bytes.size()) + " octets, " + std::to_string(bytes.size() - max_label_octets) +
              " over the limit of 63");
  for (std::size_t k = 0; k < bytes.size(); ++k) {  // §4.1.1: MUST NOT contain control characters
    const auto c = static_cast<unsigned char>(bytes[k]);
    if (chars::is_control(c)) {
      r.add(diag_code::instance_control_char, {at(k), 1},
            "byte " + std::to_string(c) + " at octet " + std::to_string(k + 1));
    }
  }
  if (!is_valid_utf8(bytes)) {  // §4.1.1: UTF-8 (Net-Unicode, RFC 5198)
    r.add(diag_code::instance_bad_utf8, whole());
  } else if (!is_nfc(bytes)) {
    // §4.1.1: "the <Instance> portion ... SHOULD be in Normalization Form C" (RFC 5198 §2).
    r.add(diag_code::instance_not_nfc, whole(),
          "the name changes under NFC (it has a decomposed or non-canonical sequence)",
          "normalize it to NFC: '" + escape_label(to_nfc(bytes)) + "'");
  }
  return r;
}

std::string to_nfc(std::string_view bytes) {
  if (!is_valid_utf8(bytes)) return std::string(bytes);
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(bytes.data()),
                              static_cast<utf8proc_ssize_t>(bytes.size()), &out,
                              static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0 || out == nullptr) {
    std::free(out);
    return std::string(bytes);
  }
  std::string r(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  std::free(out);
  return r;
}

bool is_nfc(std::string_view bytes) {
  if (!is_valid_utf8(bytes)) return false;
  // ASCII is always NFC; skip the allocation for the common case.
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return true;
  return to_nfc(bytes) == bytes;
}

std::string escape_label(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  auto ddd = [&](unsigned char c) {
    out += '\\';
    out += static_cast<char>('0' + c / 100);
    out += static_cast<char>('0' + (c / 10) % 10);
    out += static_cast<char>('0' + c % 10);
  };
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '.' || c == '\\') {  // §4.3
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (chars::is_control(c)) {
      ddd(c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      // Keep a valid UTF-8 sequence (it is printable text); escape stray bytes.
      std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (len && i + len <= bytes.size() && is_valid_utf8(bytes.substr(i, len))) {
        // C1 controls U+0080..U+009F are encoded C2 80..C2 9F: escape them too.
        if (len == 2 && c == 0xC2 && static_cast<unsigned char>(bytes[i + 1]) < 0xA0) {
          ddd(c);
          ddd(static_cast<unsigned char>(bytes[i + 1]));
        } else {
          out.append(bytes.substr(i, len));
        }
        i += len;
      } else {
        ddd(c);
        ++i;
      }
    }
  }
  return out;
}

dnssd_parse parse_dnssd_name(std::string_view text) {
  dnssd_parse out;
  report& r = out.findings;
  dnssd_name& nm = out.name;
  auto labels = split_labels(text, r, nm.fully_qualified);

  // Wire length: each label is length byte + octets, plus the root byte (RFC 1035 §2.3.4).
  std::size_t wire = 1;
  for (const auto& l : labels) wire += l.bytes.size() + 1;
  if (wire > max_name_octets)
    r.add(diag_code::name_too_long_wire, {0, u32(text.size())},
          std::to_string(wire) + " octets on the wire, limit 255");

  // Locate the protocol label: the first "_tcp"/"_udp" preceded by an underscore label (§7).
  std::optional<std::size_t> p;
  for (std::size_t i = 1; i < labels.size(); ++i) {
    if (is_proto(labels[i].bytes) && !labels[i - 1].bytes.empty() && labels[i - 1].bytes.front() == '_') {
      p = i;
      break;
    }
  }
  if (!p) {
    // "http._tcp": a transport label after a service label that lacks its '_' (§7: "an
    // underscore character followed by the Service Name").
    for (std::size_t i = 1; i < labels.size(); ++i) {
      if (!is_proto(labels[i].bytes) || labels[i - 1].bytes.empty()) continue;
      const std::string label = escape_label(labels[i - 1].bytes);
      r.add(diag_code::type_missing_underscore, labels[i - 1].where,
            "'" + label + "' has no leading '_'", "write _" + label + "." + chars::lower(labels[i].bytes));
      nm.service = labels[i - 1];
      nm.proto = chars::iequals(labels[i].bytes, "_tcp") ? transport::tcp : transport::udp;
      nm.proto_where = labels[i].where;
      r.merge(validate_service_name(nm.service_name()), nm.service_name_offset());
      return out;
    }
    // "_name._xyz": a service label followed by another underscore label that is not a transport.
    for (std::size_t i = 1; i < labels.size(); ++i) {
      if (!labels[i - 1].bytes.empty() && labels[i - 1].bytes.front() == '_' &&
          !labels[i].bytes.empty() && labels[i].bytes.front() == '_' &&
          !chars::iequals(labels[i - 1].bytes, "_sub") && !chars::iequals(labels[i].bytes, "_sub")) {
        // If a later label is a transport, this is the nested form (_daap._http._tcp) handled below.
        r.add(diag_code::type_bad_protocol, labels[i].where,
              "'" + escape_label(labels[i].bytes) + "' is not _tcp or _udp");
        nm.service = labels[i - 1];
        // The service label is still "_" + an RFC 6335 name (§7): report its errors too.
        r.merge(validate_service_name(nm.service_name()), nm.service_name_offset());
        return out;
      }
    }
    if (labels.size() == 1 && !labels[0].bytes.empty() && labels[0].bytes.front() == '_') {
      r.add(diag_code::type_missing_protocol, labels[0].where);
      nm.service = labels[0];
      r.merge(validate_service_name(nm.service_name()), nm.service_name_offset());
      return out;
    }
    r.add(diag_code::type_missing_protocol, {0, u32(text.size())});
    return out;
  }

  const std::size_t pi = *p;
  nm.proto = chars::iequals(labels[pi].bytes, "_tcp") ? transport::tcp : transport::udp;
  nm.proto_where = labels[pi].where;
  nm.service = labels[pi - 1];
  for (std::size_t i = pi + 1; i < labels.size(); ++i) {
    check_domain_label(labels[i], r);
    nm.domain.push_back(labels[i]);
  }

  // §7: the service label is "_" followed by an RFC 6335 §5.1 service name.
  r.merge(validate_service_name(nm.service_name()), nm.service_name_offset());

  // What stands before the service label decides the kind.
  const std::size_t nprefix = pi - 1;
  if (nprefix == 0) {
    nm.kind = dnssd_kind::service_type;
  } else if (nprefix >= 1 && chars::iequals(labels[pi - 2].bytes, "_sub")) {
    // §7.1: <sub>._sub._name._proto — the subtype is 1-63 arbitrary octets.
    if (nprefix == 1) {
      r.add(diag_code::subtype_missing, labels[pi - 2].where);
      nm.kind = dnssd_kind::invalid;
    } else {
      nm.subtype = labels[pi - 3];
      nm.kind = dnssd_kind::subtype;
      if (nm.subtype->bytes.empty())
        r.add(diag_code::subtype_empty, nm.subtype->where);
      else if (nm.subtype->bytes.size() > max_label_octets)
        r.add(diag_code::subtype_too_long, nm.subtype->where,
              std::to_string(nm.subtype->bytes.size()) + " octets, limit 63");
      if (nprefix > 2)
        r.add(diag_code::instance_extra_labels, span(labels[0], labels[pi - 4]),
              "labels before a subtype type: a subtype is one label");
    }
  } else if (chars::iequals(labels[pi - 1].bytes, "_sub")) {
    // '<sub>._sub._tcp': §7.1 puts the service label between '_sub' and the protocol.
    r.add(diag_code::subtype_missing, labels[pi - 1].where,
          "'_sub' is followed by '_" + std::string(to_string(nm.proto)) + "', not by a service label",
          "write " + escape_label(labels[pi - 2].bytes) + "._sub._<name>._" +
              std::string(to_string(nm.proto)) + ", e.g. _printer._sub._http._tcp");
    nm.kind = dnssd_kind::invalid;
  } else if (labels[pi - 2].bytes.size() > 1 && labels[pi - 2].bytes.front() == '_' &&
             is_valid_service_name(std::string_view(labels[pi - 2].bytes).substr(1))) {
    // _daap._http._tcp: §7 makes <Service> a pair of labels; §7.1 defines only <sub>._sub.
    r.add(diag_code::type_nested_protocol, span(labels[pi - 2], labels[pi - 1]),
          "'" + escape_label(labels[pi - 2].bytes) + "." + escape_label(labels[pi - 1].bytes) +
              "' stacks two service labels",
          "use " + labels[pi - 2].bytes.substr(1) + "._sub." + escape_label(labels[pi - 1].bytes) + "._" +
              std::string(to_string(nm.proto)) + " if it is a subtype, or _" +
              labels[pi - 2].bytes.substr(1) + "._" + std::string(to_string(nm.proto)));
    nm.kind = dnssd_kind::invalid;
  } else {
    // <Instance>.<Service>.<Domain> (§4.1): exactly one instance label.
    nm.instance = labels[pi - 2];
    nm.kind = dnssd_kind::instance;
    r.merge(validate_instance_label(nm.instance->bytes, nm.instance->src));
    if (nprefix > 1)
      r.add(diag_code::instance_extra_labels, span(labels[0], labels[pi - 3]),
            std::to_string(nprefix) + " labels before the service type",
            "an instance name is one label: escape dots inside it as '\\.'");
  }
  return out;
}

}  // namespace svcname
