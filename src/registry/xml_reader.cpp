// IANA registry, XML form (the authoritative one): every field of every <record> and the
// <people> table. pugixml parses; we map elements to the record model and report the first
// offending line on anything unexpected.
#include <pugixml.hpp>

#include <string>

#include "svcname/chars.h"
#include "svcname/registry/readers.h"
#include "formats/shapes.h"
#include "text_util.h"

namespace svcname::registry {
namespace {

// Text of an element as IANA means it: <br/> and <paragraph> are line breaks, inline
// <xref> is written the way the CSV writes references ("[RFC6335]", "[Person_Id]").
void append_text(const pugi::xml_node& n, std::string& out) {
  bool after_br = false;  // "<br/>\n": the source line break after a <br/> is the same break
  for (auto c = n.first_child(); c; c = c.next_sibling()) {
    const bool was_br = after_br;
    after_br = false;
    switch (c.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata: {
        std::string_view v = c.value();
        if (was_br && !v.empty() && v.front() == '\n') v.remove_prefix(1);
        out += v;
        break;
      }
      case pugi::node_element: {
        const std::string_view tag = c.name();
        if (tag == "br") {
          out += '\n';
          after_br = true;
        } else if (tag == "paragraph") {
          if (!out.empty() && out.back() != '\n') out += '\n';
          append_text(c, out);
          out += '\n';
        } else if (tag == "xref") {
          std::string data = c.attribute("data").value();
          const std::string_view type = c.attribute("type").value();
          if (type == "rfc" && data.size() > 3 && chars::iequals(data.substr(0, 3), "rfc"))
            data = "RFC" + data.substr(3);
          if (!data.empty()) out += "[" + data + "]";
          else append_text(c, out);
        } else {
          append_text(c, out);
        }
        break;
      }
      default: break;
    }
  }
}

std::string text_of(const pugi::xml_node& n) {
  std::string s;
  append_text(n, s);
  return detail::tidy_multiline(s);
}

load_error make_error(std::string_view file, detail::line_counter& lc, std::string_view text,
                      std::ptrdiff_t offset, std::string msg) {
  const auto off = offset < 0 ? std::size_t{0} : static_cast<std::size_t>(offset);
  return load_error{std::string(file), lc.line_at(off), lc.column_at(off), std::move(msg)};
  (void)text;
}

}  // namespace

std::string load_error::to_string() const {
  std::string s = file;
  if (line) {
    s += ":" + std::to_string(line);
    if (column) s += ":" + std::to_string(column);
  }
  s += ": " + message;
  return s;
}

result<snapshot, load_error> parse_xml(std::string_view bytes, std::string_view file) {
  detail::line_counter lc(bytes);
  pugi::xml_document doc;
  const auto pr = doc.load_buffer(bytes.data(), bytes.size(),
                                  pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!pr) {
    std::string why = pr.description();
    if (pr.status == pugi::status_end_element_mismatch || pr.status == pugi::status_bad_end_element ||
        static_cast<std::size_t>(pr.offset) >= bytes.size())
      why += " (is the file truncated?)";
    return fail(make_error(file, lc, bytes, pr.offset, "XML error: " + why));
  }
  const auto root = doc.document_element();
  if (std::string_view(root.name()) != "registry")
    return fail(make_error(file, lc, bytes, root.offset_debug(),
                           std::string("not an IANA registry: the root element is <") + root.name() +
                               ">, expected <registry id=\"service-names-port-numbers\">"));
  const std::string_view id = root.attribute("id").value();
  if (id != "service-names-port-numbers")
    return fail(make_error(file, lc, bytes, root.offset_debug(),
                           "not the service-name registry: <registry id=\"" + std::string(id) +
                               "\">, expected id=\"service-names-port-numbers\""));

  snapshot snap;
  snap.format = "xml";
  snap.updated = chars::trim(root.child_value("updated"));
  // The snapshot's date names it in every message and orders snapshots in diffs: a present
  // but malformed <updated> is a damaged file, not a date to carry along.
  if (!snap.updated.empty() && !shapes::is_date(snap.updated)) {
    std::string shown;  // at most 40 bytes, printable ASCII only: it goes to a terminal
    for (const char c : std::string_view(snap.updated).substr(0, 40))
      shown += (c >= 0x20 && c < 0x7F) ? c : '?';
    return fail(make_error(file, lc, bytes, root.child("updated").offset_debug(),
                           "bad <updated> \"" + shown + "\": expected a date YYYY-MM-DD"));
  }
  for (auto rec = root.child("record"); rec; rec = rec.next_sibling("record")) {
    record r;
    r.line = lc.line_at(static_cast<std::size_t>(rec.offset_debug()));
    r.registered = rec.attribute("date").value();
    r.modified = rec.attribute("updated").value();
    for (auto c = rec.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view tag = c.name();
      if (tag == "name") {
        r.name = chars::trim(c.child_value());
      } else if (tag == "protocol") {
        r.protocol = chars::trim(c.child_value());
      } else if (tag == "description") {
        r.description = text_of(c);
      } else if (tag == "number") {
        port_range p;
        if (!detail::parse_ports(c.child_value(), p.first, p.last))
          return fail(make_error(file, lc, bytes, c.offset_debug(),
                                 "bad <number> \"" + std::string(c.child_value()) +
                                     "\": expected a port 0-65535 or a range A-B"));
        r.ports = p;
      } else if (tag == "assignee") {
        for (auto x = c.child("xref"); x; x = x.next_sibling("xref"))
          r.assignee.emplace_back(x.attribute("data").value());
      } else if (tag == "contact") {
        for (auto x = c.child("xref"); x; x = x.next_sibling("xref"))
          r.contact.emplace_back(x.attribute("data").value());
      } else if (tag == "xref") {
        const std::string type = c.attribute("type").value();
        if (type == "person")
          r.contact.emplace_back(c.attribute("data").value());
        else
          r.references.push_back(xref{type, c.attribute("data").value(), text_of(c)});
      } else if (tag == "sc") {
        r.service_code = chars::trim(c.child_value());
      } else if (tag == "unauthorized") {
        r.unauthorized = text_of(c);
      } else if (tag == "note") {
        if (!r.notes.empty()) r.notes += '\n';
        r.notes += text_of(c);
      } else {
        return fail(make_error(file, lc, bytes, c.offset_debug(),
                               "unexpected element <" + std::string(tag) + "> in <record>"));
      }
    }
    if (r.name.empty() && !r.ports)
      return fail(make_error(file, lc, bytes, rec.offset_debug(),
                             "<record> has neither <name> nor <number>"));
    // XML 1.0 forbids U+0000, but a character reference (&#0;) can still smuggle one in.
    auto has_nul = [](std::string_view v) { return v.find('\0') != std::string_view::npos; };
    bool nul = has_nul(r.name) || has_nul(r.protocol) || has_nul(r.description) ||
               has_nul(r.registered) || has_nul(r.modified) || has_nul(r.service_code) ||
               has_nul(r.unauthorized) || has_nul(r.notes);
    for (const auto& v : r.assignee) nul = nul || has_nul(v);
    for (const auto& v : r.contact) nul = nul || has_nul(v);
    for (const auto& x : r.references) nul = nul || has_nul(x.type) || has_nul(x.data) || has_nul(x.text);
    if (nul)
      return fail(make_error(file, lc, bytes, rec.offset_debug(), "NUL character in <record>"));
    // Where IANA lists no separate assignee, its CSV repeats the contact: do the same so
    // every form yields the same record.
    if (r.assignee.empty()) r.assignee = r.contact;
    snap.records.push_back(std::move(r));
  }
  if (snap.records.empty())
    return fail(make_error(file, lc, bytes, root.offset_debug(), "no <record> elements: empty registry"));
  for (auto p = root.child("people").child("person"); p; p = p.next_sibling("person")) {
    person ps;
    ps.id = p.attribute("id").value();
    ps.name = chars::trim(p.child_value("name"));
    ps.org = chars::trim(p.child_value("org"));
    ps.uri = chars::trim(p.child_value("uri"));
    ps.updated = chars::trim(p.child_value("updated"));
    snap.people.push_back(std::move(ps));
  }
  return snap;
}

}  // namespace svcname::registry
