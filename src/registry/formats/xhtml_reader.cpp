// IANA's XHTML page (service-names-port-numbers.xhtml): the records table
// (<table id="table-service-names-port-numbers">, 12 <td> per row in the CSV's column order)
// and the people table (the <table> after <h1 class="people">: ID, Name, Organization,
// Contact URI, Last Updated). pugixml parses (the page is well-formed XHTML); cell text is
// mapped to the record model the way parse_xml() maps elements.
#include <pugixml.hpp>

#include "shapes.h"
#include "svcname/chars.h"
#include "svcname/registry/formats.h"

namespace svcname::registry {
namespace {

void append_text(const pugi::xml_node& n, std::string& out) {
  for (auto c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    else if (c.type() == pugi::node_element) {
      if (std::string_view(c.name()) == "br") out += '\n';
      else append_text(c, out);
    }
  }
}

// Cell text: <br/> is a line break; each line's white space folded; surrounding blank lines gone.
std::string cell_text(const pugi::xml_node& td) {
  std::string raw;
  append_text(td, raw);
  std::string out;
  std::size_t b = 0;
  while (b <= raw.size()) {
    auto e = raw.find('\n', b);
    if (e == std::string::npos) e = raw.size();
    const auto l = shapes::fold_space(std::string_view(raw).substr(b, e - b));
    if (!out.empty() || !l.empty()) out += l + "\n";
    b = e + 1;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

pugi::xml_node find_table(const pugi::xml_node& root, bool people) {
  for (auto t : root.select_nodes(".//*[local-name()='table']")) {
    const auto n = t.node();
    if (!people && std::string_view(n.attribute("id").value()) == "table-service-names-port-numbers")
      return n;
    if (people) {
      const auto th = n.select_node(".//*[local-name()='th']").node();
      if (th && chars::trim(th.child_value()) == "ID") return n;
    }
  }
  return {};
}

std::vector<pugi::xml_node> rows_of(const pugi::xml_node& table) {
  std::vector<pugi::xml_node> rows;
  for (auto tr : table.select_nodes(".//*[local-name()='tr']")) {
    if (tr.node().select_node("./*[local-name()='td']")) rows.push_back(tr.node());
  }
  return rows;
}

std::vector<pugi::xml_node> cells_of(const pugi::xml_node& tr) {
  std::vector<pugi::xml_node> tds;
  for (auto c = tr.first_child(); c; c = c.next_sibling())
    if (std::string_view(c.name()) == "td") tds.push_back(c);
  return tds;
}

}  // namespace

int sniff_xhtml(std::string_view bytes) noexcept {
  const auto head = bytes.substr(0, 1 << 16);
  if (head.find("<html") == std::string_view::npos)
    return head.find('<') != std::string_view::npos ? 1 : 0;  // markup: worth trying, for its error
  if (bytes.find("table-service-names-port-numbers") != std::string_view::npos) return 100;
  return head.find("Service Name") != std::string_view::npos ? 20 : 1;
}

result<snapshot, load_error> parse_xhtml(std::string_view bytes, std::string_view file) {
  std::vector<load_note> notes;
  return parse_xhtml(bytes, file, notes);
}

result<snapshot, load_error> parse_xhtml(std::string_view bytes, std::string_view file,
                                         std::vector<load_note>& notes) {
  shapes::line_finder lf(bytes);
  auto err = [&](std::ptrdiff_t off, std::string msg) {
    return fail(load_error{std::string(file), lf.line_at(off), 0, std::move(msg)});
  };
  pugi::xml_document doc;
  const auto pr = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default);
  if (!pr) return err(pr.offset, std::string("XHTML is not well-formed: ") + pr.description());
  const auto root = doc.document_element();
  if (std::string_view(root.name()) != "html")
    return err(root.offset_debug(), std::string("not an XHTML page: the root element is <") +
                                        root.name() + ">, expected <html>");
  snapshot snap;
  snap.format = "xhtml";
  // <dt>Last Updated</dt><dd>2015-03-16</dd>
  for (auto dt : root.select_nodes(".//*[local-name()='dt']")) {
    if (chars::trim(dt.node().child_value()) != "Last Updated") continue;
    auto dd = dt.node().next_sibling("dd");
    if (dd) snap.updated = std::string(chars::trim(dd.child_value()));
    break;
  }
  const auto rec_table = find_table(root, false);
  if (!rec_table)
    return err(root.offset_debug(),
               "no records table: expected <table id=\"table-service-names-port-numbers\">");

  // People first, so [Person_Id] cells can be told from bracketed text.
  shapes::person_ids ids;
  if (const auto pt = find_table(root, true)) {
    for (const auto& tr : rows_of(pt)) {
      const auto tds = cells_of(tr);
      if (tds.size() != 5)
        return err(tr.offset_debug(), "people row has " + std::to_string(tds.size()) +
                                          " cells, expected 5 (ID, Name, Organization, Contact URI, "
                                          "Last Updated)");
      std::vector<std::string> in;
      if (!shapes::split_brackets(cell_text(tds[0]), in) || in.size() != 1)
        return err(tds[0].offset_debug(), "people row does not start with a [Person_Id] cell");
      person p{in[0], cell_text(tds[1]), cell_text(tds[2]), cell_text(tds[3]), cell_text(tds[4])};
      ids.ids.insert(p.id);
      snap.people.push_back(std::move(p));
    }
  }

  for (const auto& tr : rows_of(rec_table)) {
    const auto tds = cells_of(tr);
    const auto line = lf.line_at(tr.offset_debug());
    if (tds.size() != 12)
      return err(tr.offset_debug(), "records row has " + std::to_string(tds.size()) +
                                        " cells, expected 12 (the CSV's columns)");
    record r;
    r.line = line;
    r.name = cell_text(tds[0]);
    if (const auto p = cell_text(tds[1]); !p.empty()) {
      port_range pr2;
      if (!shapes::parse_port_range(p, pr2))
        return err(tds[1].offset_debug(),
                   "bad Port Number \"" + p + "\": expected a port 0-65535 or a range A-B");
      r.ports = pr2;
    }
    r.protocol = cell_text(tds[2]);
    r.description = cell_text(tds[3]);
    std::vector<std::string> in;
    for (int k : {4, 5}) {
      const auto t = cell_text(tds[static_cast<std::size_t>(k)]);
      if (t.empty()) continue;
      if (!shapes::split_brackets(t, in))
        return err(tds[static_cast<std::size_t>(k)].offset_debug(),
                   std::string(k == 4 ? "Assignee" : "Contact") + " cell \"" + t +
                       "\" is not a list of [Person_Id]");
      auto& dst = k == 4 ? r.assignee : r.contact;
      dst.insert(dst.end(), in.begin(), in.end());
      for (const auto& i : in)
        if (!ids.ids.empty() && !ids.ids.contains(i))
          notes.push_back({line, "person [" + i + "] is not in the people table"});
    }
    r.registered = cell_text(tds[6]);
    r.modified = cell_text(tds[7]);
    if (const auto t = shapes::fold_space(cell_text(tds[8])); !t.empty()) {
      if (shapes::split_brackets(t, in)) {
        for (const auto& i : in) r.references.push_back(shapes::make_reference(i));
      } else {
        notes.push_back({line, "Reference cell \"" + t + "\" is not bracketed: kept as text"});
        r.references.push_back(xref{"text", "", t});
      }
    }
    r.service_code = cell_text(tds[9]);
    r.unauthorized = cell_text(tds[10]);
    r.notes = cell_text(tds[11]);
    if (r.name.empty() && !r.ports)
      return err(tr.offset_debug(), "records row has neither a service name nor a port number");
    shapes::finish_record(r);
    snap.records.push_back(std::move(r));
  }
  if (snap.records.empty()) return err(rec_table.offset_debug(), "the records table has no rows");
  return snap;
}

}  // namespace svcname::registry
