// "Flattened" text pasted from IANA's web page: one record per line, columns separated by a
// single space, empty columns dropped:
//   sztp tcp This service name is used ... [IESG] [IETF_Chair] 2019-01-17 [RFC8572] This protocol ...
//   7492-7499 Unassigned Known Unauthorized Use on port 7499
// then "Contact Information" and "ID Name Organization Contact URI Last Updated" rows:
//   [IETF_Chair] IETF Chair IETF mailto:chair&ietf.org
// Fields are recovered from their shapes (shapes::flat_cells + assign_cells); every placement
// that is not certain becomes a load_note with its line.
#include "shapes.h"
#include "svcname/chars.h"
#include "svcname/registry/formats.h"

namespace svcname::registry {
namespace {

constexpr std::string_view records_header =
    "Service Name Port Number Transport Protocol Description";
constexpr std::string_view people_header = "ID Name Organization Contact URI";

load_error err(std::string_view file, std::size_t line, std::string msg) {
  return load_error{std::string(file), static_cast<std::uint32_t>(line), 1, std::move(msg)};
}

bool parse_person_line(std::string_view l, std::uint32_t line, person& p,
                       std::vector<load_note>& notes) {
  std::vector<std::string> in;
  const auto sp = l.find(' ');
  const auto id = l.substr(0, sp);
  if (!shapes::split_brackets(id, in) || in.size() != 1) return false;
  p = person{};
  p.id = in[0];
  std::string_view rest = sp == std::string_view::npos ? std::string_view{} : chars::trim(l.substr(sp));
  // Last Updated: a trailing date.
  if (const auto last = rest.rfind(' ');
      shapes::is_date(last == std::string_view::npos ? rest : rest.substr(last + 1))) {
    p.updated = std::string(last == std::string_view::npos ? rest : rest.substr(last + 1));
    rest = last == std::string_view::npos ? std::string_view{} : chars::trim(rest.substr(0, last));
  }
  // Contact URI: the first mailto:/http(s): token; name and organisation come before it.
  std::size_t u = std::string_view::npos;
  for (std::string_view pre : {"mailto:", "http://", "https://"}) {
    auto at = rest.find(pre);
    while (at != std::string_view::npos && at != 0 && rest[at - 1] != ' ')
      at = rest.find(pre, at + 1);
    if (at < u) u = at;
  }
  std::string_view who = rest;
  if (u != std::string_view::npos) {
    auto e = rest.find(' ', u);
    p.uri = std::string(rest.substr(u, e == std::string_view::npos ? rest.size() - u : e - u));
    if (e != std::string_view::npos)
      notes.push_back({line, "text after the contact URI ignored: " +
                                 std::string(chars::trim(rest.substr(e)))});
    who = chars::trim(rest.substr(0, u));
  }
  if (!shapes::split_name_org(p.id, who, p.name, p.org) && !who.empty())
    notes.push_back({line, "could not split \"" + std::string(who) +
                               "\" into name and organisation (no word prefix matches the id): "
                               "all taken as the name"});
  return true;
}

}  // namespace

int sniff_flat_text(std::string_view bytes) noexcept {
  return shapes::sniff_by_header(bytes, [](std::string_view l) { return l.starts_with(records_header); });
}

result<snapshot, load_error> parse_flat_text(std::string_view bytes, std::string_view file) {
  std::vector<load_note> notes;
  return parse_flat_text(bytes, file, notes);
}

result<snapshot, load_error> parse_flat_text(std::string_view bytes, std::string_view file,
                                             std::vector<load_note>& notes) {
  const auto lines = shapes::split_lines(bytes);
  snapshot snap;
  snap.format = "flat-text";
  snap.updated = shapes::find_updated(lines);

  std::size_t rec_head = lines.size(), people_head = lines.size(), rec_end = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto l = chars::trim(lines[i]);
    if (rec_head == lines.size()) {
      if (l.starts_with(records_header)) rec_head = i;
      continue;
    }
    if (rec_end == lines.size() && l == "Contact Information") rec_end = i;
    if (l.starts_with(people_header)) {
      people_head = i;
      if (rec_end == lines.size()) rec_end = i;
      break;
    }
  }
  if (rec_head == lines.size())
    return fail(err(file, 1, "no flattened records table: expected a header line \"" +
                                 std::string(records_header) + " ...\""));

  shapes::person_ids ids;
  for (std::size_t i = people_head + 1; i < lines.size(); ++i) {
    const auto l = chars::trim(lines[i]);
    if (l.empty()) continue;
    person p;
    if (!parse_person_line(l, static_cast<std::uint32_t>(i + 1), p, notes))
      return fail(err(file, i + 1, "people table line does not start with a [Person_Id]"));
    ids.ids.insert(p.id);
    snap.people.push_back(std::move(p));
  }

  for (std::size_t i = rec_head + 1; i < rec_end; ++i) {
    const auto l = chars::trim(lines[i]);
    if (l.empty()) continue;
    record r;
    std::string why;
    if (!shapes::assign_cells(shapes::flat_cells(l, ids), ids, static_cast<std::uint32_t>(i + 1), r,
                              notes, why))
      return fail(err(file, i + 1, "line is not a registry record: " + why));
    snap.records.push_back(std::move(r));
  }
  if (snap.records.empty()) return fail(err(file, rec_head + 1, "the records table has no rows"));
  shapes::note_people_by_shape(snap, ids, notes);
  return snap;
}

}  // namespace svcname::registry
