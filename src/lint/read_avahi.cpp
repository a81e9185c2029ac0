// Avahi service files (avahi.service(5)): <service-group> with one <name> (instance name,
// optionally with the %h wildcard) and <service> elements holding <type>, <subtype>,
// <port> and <txt-record>.
#include <pugixml.hpp>

#include <algorithm>
#include <deque>
#include <optional>
#include <string>

#include "lint/context.h"
#include "svcname/chars.h"
#include "svcname/dnssd_name.h"

namespace svcname::lint::detail {
namespace {

/// An element's text and where it starts in the file. When the text is written without
/// entities or CDATA the offsets inside it are exact; otherwise findings point at its start.
struct located_text {
  std::string value;
  std::size_t offset = 0;
  bool exact = false;
};

located_text text_of(const pugi::xml_node& el, std::string_view file) {
  located_text t;
  t.value = el.child_value();
  const auto child = el.first_child();
  if (child && (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)) {
    const auto off = static_cast<std::size_t>(child.offset_debug());
    if (off < file.size()) {
      t.offset = off;
      t.exact = child.type() == pugi::node_pcdata && file.substr(off, t.value.size()) == t.value;
      return t;
    }
  }
  // Empty element: point at the element itself (offset_debug is just after '<').
  const auto eo = el.offset_debug();
  t.offset = eo > 0 ? static_cast<std::size_t>(eo - 1) : 0;
  return t;
}

/// Leading and trailing white space are not part of the value (Avahi strips them).
std::pair<std::string_view, std::size_t> trimmed(const located_text& t) {
  std::string_view v = t.value;
  std::size_t lead = 0;
  while (!v.empty() && chars::is_space(v.front())) {
    v.remove_prefix(1);
    ++lead;
  }
  while (!v.empty() && chars::is_space(v.back())) v.remove_suffix(1);
  return {v, t.exact ? t.offset + lead : t.offset};
}

/// Runs a check on text that may not be mapped exactly to the file.
template <class F>
void checked(file_ctx& ctx, const located_text& t, F&& f) {
  auto [v, off] = trimmed(t);
  if (!t.exact) ctx.pin(t.offset, 1);
  f(v, off);
  ctx.unpin();
}

/// "_printer._sub._http._tcp" -> "_http._tcp" (empty if there is no "._sub.").
std::string_view base_of_subtype(std::string_view sub) {
  const auto at = sub.find("._sub.");
  if (at == std::string_view::npos) return {};
  return sub.substr(at + 6);
}

}  // namespace

void read_avahi(file_ctx& ctx) {
  const auto text = ctx.text();
  pugi::xml_document doc;
  const auto res = doc.load_buffer(text.data(), text.size(),
                                   pugi::parse_default | pugi::parse_declaration,
                                   pugi::encoding_utf8);
  if (!res) {
    ctx.parse_error(static_cast<std::size_t>(std::max<std::ptrdiff_t>(res.offset, 0)),
                    std::string("XML: ") + res.description());
    return;
  }
  const auto group = doc.child("service-group");
  if (!group) {
    const auto root = doc.document_element();
    ctx.parse_error(root ? static_cast<std::size_t>(std::max<std::ptrdiff_t>(root.offset_debug() - 1, 0)) : 0,
                    "the root element must be <service-group>");
    return;
  }
  const auto name = group.child("name");
  if (!name) {
    ctx.parse_error(static_cast<std::size_t>(std::max<std::ptrdiff_t>(group.offset_debug() - 1, 0)),
                    "<service-group> has no <name>: avahi-daemon refuses the file");
  } else {
    const bool wildcards = name.attribute("replace-wildcards").as_bool(false);
    const auto t = text_of(name, text);
    checked(ctx, t, [&](std::string_view v, std::size_t off) {
      if (!wildcards) {
        ctx.check_instance_label(v, off);
        return;
      }
      // replace-wildcards="yes": "%h" becomes the host name (avahi.service(5)); check the
      // literal part, which is in the published instance name whatever the host is called.
      std::string lit;
      std::vector<std::uint32_t> src;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '%' && i + 1 < v.size() && v[i + 1] == 'h') {
          ++i;
          continue;
        }
        lit += v[i];
        src.push_back(static_cast<std::uint32_t>(i));
      }
      ++ctx.names;
      if (lit.empty()) return;  // the host name alone
      auto r = validate_instance_label(lit, src);
      for (auto& d : r.items) {
        if (d.code == diag_code::instance_empty) continue;
        auto& nd = ctx.add(d.code, off + d.where.offset, d.where.length, d.detail, d.fix);
        nd.level = d.level;
      }
    });
  }

  for (const auto service : group.children("service")) {
    const auto type_el = service.child("type");
    std::string type_value;
    if (!type_el) {
      ctx.add(diag_code::lint_missing_type,
              static_cast<std::size_t>(std::max<std::ptrdiff_t>(service.offset_debug() - 1, 0)), 9,
              "<service> has no <type>");
    } else {
      const auto t = text_of(type_el, text);
      type_value = std::string(trimmed(t).first);
      checked(ctx, t, [&](std::string_view v, std::size_t off) { ctx.check_type(v, off); });
    }
    for (const auto sub : service.children("subtype")) {
      const auto t = text_of(sub, text);
      checked(ctx, t, [&](std::string_view v, std::size_t off) {
        ctx.check_type(v, off);
        // RFC 6763 §7.1: a subtype is <sub>._sub.<type> of the service it is published with.
        const auto base = base_of_subtype(v);
        if (!base.empty() && !type_value.empty() && !chars::iequals(base, type_value))
          ctx.add(diag_code::lint_subtype_type_mismatch, off + (v.size() - base.size()), base.size(),
                  "subtype of '" + std::string(base) + "' under a service of type '" + type_value + "'",
                  "write '" + std::string(v.substr(0, v.size() - base.size())) + type_value + "'");
      });
    }
    const auto port = service.child("port");
    if (!port) {
      ctx.add(diag_code::lint_port_invalid,
              static_cast<std::size_t>(std::max<std::ptrdiff_t>(service.offset_debug() - 1, 0)), 9,
              "<service> has no <port>: avahi-daemon refuses the file");
    } else {
      const auto t = text_of(port, text);
      checked(ctx, t, [&](std::string_view v, std::size_t off) { (void)ctx.check_port(v, off); });
    }
    // TXT strings in order. value-format="text" (the default) is text we can point into;
    // binary-hex and binary-base64 values are decoded as avahi-daemon does, and their findings
    // point at the element's text.
    std::vector<txt_string> record;
    std::deque<std::string> decoded;  // owns decoded strings while the record is checked
    for (const auto txt : service.children("txt-record")) {
      const std::string_view fmt = txt.attribute("value-format").as_string("text");
      const auto t = text_of(txt, text);
      if (fmt == "binary-hex" || fmt == "binary-base64") {
        std::string why;
        auto bytes = fmt == "binary-hex" ? decode_txt_value_hex(t.value, why)
                                         : decode_txt_value_base64(t.value, true, why);
        if (!bytes) {
          ctx.parse_error(t.offset, "<txt-record value-format=\"" + std::string(fmt) + "\">: " + why +
                                        "; avahi-daemon cannot decode it",
                          fmt == "binary-hex" ? "write key=<hex digit pairs>, e.g. key=76616c7565"
                                              : "write key=<base64>, e.g. key=dmFsdWU=");
          continue;
        }
        decoded.push_back(std::move(*bytes));
        record.push_back(txt_string{decoded.back(), static_cast<std::uint32_t>(t.offset)});
        continue;
      }
      if (fmt != "text") {
        ctx.parse_error(static_cast<std::size_t>(std::max<std::ptrdiff_t>(txt.offset_debug() - 1, 0)),
                        "unknown <txt-record value-format=\"" + std::string(fmt) + "\">",
                        "use text (the default), binary-hex or binary-base64 (avahi.service(5))");
        continue;
      }
      // Decoded text (entities undone) lives in the document; offsets inside it are exact
      // only when no entity was used.
      record.push_back(txt_string{t.exact ? text.substr(t.offset, t.value.size())
                                          : std::string_view(txt.child_value()),
                                  static_cast<std::uint32_t>(t.offset)});
    }
    if (!record.empty()) ctx.check_txt(record, type_value);
  }
}

}  // namespace svcname::lint::detail
