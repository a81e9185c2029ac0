// Markdown pipe tables pasted from IANA's web page:
//   | Service Name | Port Number | Transport Protocol | Description | ... | Assignment Notes |
//   |---|---|...
//   | hyperip | 3919 | tcp | HyperIP | [Network_Executive_Software_Inc] | [Nancy_Golio] | 2003-11 | 2017-01-25 | ||||
// and the people table (| ID | Name | Organization | Contact URI | Last Updated |).
// The paste drops empty cells, so cells are placed by their shapes (shapes::assign_cells).
#include "shapes.h"
#include "svcname/chars.h"
#include "svcname/registry/formats.h"

namespace svcname::registry {
namespace {

// Cells of one "| a | b |" row: trimmed, '\|' unescaped, empties dropped.
std::vector<std::string> row_cells(std::string_view l) {
  std::vector<std::string> cells;
  std::string cur;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l[i] == '\\' && i + 1 < l.size() && l[i + 1] == '|') {
      cur += '|';
      ++i;
    } else if (l[i] == '|') {
      auto t = std::string(chars::trim(cur));
      if (!t.empty()) cells.push_back(std::move(t));
      cur.clear();
    } else {
      cur += l[i];
    }
  }
  auto t = std::string(chars::trim(cur));
  if (!t.empty()) cells.push_back(std::move(t));
  return cells;
}

bool is_separator(std::string_view l) {
  bool dash = false;
  for (char c : l) {
    if (c == '-') dash = true;
    else if (c != '|' && c != ':' && c != ' ') return false;
  }
  return dash;
}

bool is_records_header(std::string_view l) {
  l = chars::trim(l);
  return l.starts_with("|") && l.find("Service Name") != std::string_view::npos &&
         l.find("Port Number") != std::string_view::npos;
}
bool is_people_header(std::string_view l) {
  const auto c = row_cells(l);
  return chars::trim(l).starts_with("|") && c.size() >= 2 && c[0] == "ID" && c[1] == "Name";
}

load_error err(std::string_view file, std::size_t line, std::string msg) {
  return load_error{std::string(file), static_cast<std::uint32_t>(line), 1, std::move(msg)};
}

}  // namespace

int sniff_markdown(std::string_view bytes) noexcept {
  return shapes::sniff_by_header(bytes, [](std::string_view l) { return is_records_header(l); });
}

result<snapshot, load_error> parse_markdown(std::string_view bytes, std::string_view file) {
  std::vector<load_note> notes;
  return parse_markdown(bytes, file, notes);
}

result<snapshot, load_error> parse_markdown(std::string_view bytes, std::string_view file,
                                            std::vector<load_note>& notes) {
  const auto lines = shapes::split_lines(bytes);
  snapshot snap;
  snap.format = "markdown";
  snap.updated = shapes::find_updated(lines);

  std::size_t rec_head = lines.size(), people_head = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (rec_head == lines.size() && is_records_header(lines[i])) rec_head = i;
    else if (rec_head != lines.size() && is_people_header(lines[i])) {
      people_head = i;
      break;
    }
  }
  if (rec_head == lines.size())
    return fail(err(file, 1, "no markdown records table: expected a header row "
                             "\"| Service Name | Port Number | Transport Protocol | ... |\""));

  // People first: their ids tell [Person_Id] from bracketed text in the records.
  shapes::person_ids ids;
  for (std::size_t i = people_head + 1; i < lines.size(); ++i) {
    const auto l = chars::trim(lines[i]);
    if (l.empty()) continue;
    if (!l.starts_with("|")) break;
    if (is_separator(l)) continue;
    auto cells = row_cells(l);
    std::vector<std::string> in;
    if (cells.empty() || !shapes::split_brackets(cells[0], in) || in.size() != 1)
      return fail(err(file, i + 1, "people table row does not start with a [Person_Id] cell"));
    person p;
    p.id = in[0];
    int free = 0;
    for (std::size_t k = 1; k < cells.size(); ++k) {
      const auto& c = cells[k];
      if (c.starts_with("mailto:") || c.starts_with("http://") || c.starts_with("https://")) p.uri = c;
      else if (shapes::is_date(c)) p.updated = c;
      else if (free++ == 0) p.name = c;
      else if (free == 2) p.org = c;
      else notes.push_back({static_cast<std::uint32_t>(i + 1), "extra people cell ignored: " + c});
    }
    ids.ids.insert(p.id);
    snap.people.push_back(std::move(p));
  }

  for (std::size_t i = rec_head + 1; i < people_head; ++i) {
    const auto l = chars::trim(lines[i]);
    if (l.empty()) continue;
    if (!l.starts_with("|")) {
      // Text between the tables ("Contact Information") ends the records table.
      if (!snap.records.empty()) break;
      return fail(err(file, i + 1, "expected a table row starting with '|'"));
    }
    if (is_separator(l)) continue;
    record r;
    std::string why;
    if (!shapes::assign_cells(row_cells(l), ids, static_cast<std::uint32_t>(i + 1), r, notes, why))
      return fail(err(file, i + 1, "row is not a registry record: " + why));
    snap.records.push_back(std::move(r));
  }
  if (snap.records.empty()) return fail(err(file, rec_head + 1, "the records table has no rows"));
  shapes::note_people_by_shape(snap, ids, notes);
  return snap;
}

}  // namespace svcname::registry
