// Field shapes for the renderings that lost their column boundaries. Each rule here says what
// a field of IANA's table looks like; assign_cells() walks a row's non-empty cells in column
// order and places each by its shape, noting every placement it cannot be sure of.
#include "shapes.h"

#include "svcname/chars.h"

namespace svcname::registry::shapes {

int maybe_text(std::string_view bytes) noexcept {
  if (bytes.empty() || bytes.substr(0, 1 << 16).find('\0') != std::string_view::npos) return 0;
  return 1;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (b < text.size()) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(b, e - b);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.push_back(l);
    b = e + 1;
  }
  return out;
}

namespace {
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!chars::is_digit(c)) return false;
  return true;
}
bool istarts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && chars::iequals(s.substr(0, p.size()), p);
}
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }
}  // namespace

bool parse_port_range(std::string_view s, port_range& out) {
  const auto r = registry::parse_port_range(s);
  if (r) out = *r;
  return r.has_value();
}

bool is_protocol(std::string_view s) { return s == "tcp" || s == "udp" || s == "sctp" || s == "dccp"; }

bool is_date(std::string_view s) {
  // YYYY-MM or YYYY-MM-DD (IANA's Registration/Modification Date columns).
  if (s.size() != 7 && s.size() != 10) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : !chars::is_digit(s[i])) return false;
  }
  return true;
}

bool split_brackets(std::string_view s, std::vector<std::string>& inner) {
  inner.clear();
  s = chars::trim(s);
  if (s.empty() || s.front() != '[') return false;
  while (!s.empty()) {
    if (s.front() != '[') return false;
    const auto close = s.find(']');
    if (close == std::string_view::npos) return false;
    const auto in = s.substr(1, close - 1);
    if (in.empty() || contains(in, "[")) return false;
    inner.emplace_back(in);
    s.remove_prefix(close + 1);
    s = chars::trim(s);
  }
  return !inner.empty();
}

bool is_document_ref(std::string_view in) {
  if (istarts_with(in, "RFC") && in.size() > 3 && all_digits(in.substr(3))) return true;
  return istarts_with(in, "draft-") || istarts_with(in, "RFC-") || istarts_with(in, "http://") ||
         istarts_with(in, "https://");
}

bool is_person_id_shape(std::string_view s) {
  if (s.empty() || is_document_ref(s)) return false;
  bool letter = false;
  for (char c : s) {
    if (chars::is_alpha(c)) letter = true;
    else if (!chars::is_digit(c) && c != '_' && c != '-' && c != '.' && c != '\'') return false;
  }
  return letter;
}

bool person_ids::is_person(std::string_view inner) const {
  if (!ids.empty()) return ids.contains(inner);
  return is_person_id_shape(inner);
}

xref make_reference(std::string_view in) {
  if (istarts_with(in, "RFC") && in.size() > 3 && all_digits(in.substr(3)))
    return xref{"rfc", chars::lower(in), ""};
  if (istarts_with(in, "draft-") || istarts_with(in, "RFC-")) return xref{"draft", std::string(in), ""};
  if (istarts_with(in, "http://") || istarts_with(in, "https://"))
    return xref{"uri", std::string(in), ""};
  return xref{"text", "", std::string(in)};
}

bool assign_cells(const std::vector<std::string>& cells, const person_ids& people,
                  std::uint32_t line, record& out, std::vector<load_note>& notes, std::string& why) {
  out = record{};
  out.line = line;
  int col = col_name;
  int person_cells = 0;
  int dates = 0;
  std::vector<std::string> in;
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const std::string& c = cells[k];
    port_range pr;
    if (k == 0 && !parse_port_range(c, pr) && !is_protocol(c)) {
      out.name = c;
      col = col_port;
      continue;
    }
    if (col <= col_port && parse_port_range(c, pr)) {
      out.ports = pr;
      col = col_protocol;
      continue;
    }
    if (col <= col_protocol && is_protocol(c)) {
      out.protocol = c;
      col = col_description;
      continue;
    }
    if (split_brackets(c, in)) {
      bool persons = true, docs = true;
      for (const auto& i : in) {
        persons = persons && people.is_person(i);
        docs = docs && !people.is_person(i);
      }
      if (persons && col <= col_contact) {
        ++person_cells;
        auto& dst = col <= col_assignee ? out.assignee : out.contact;
        dst.insert(dst.end(), in.begin(), in.end());
        col = col <= col_assignee ? col_contact : col_registered;
        continue;
      }
      if (docs && col <= col_reference && (col > col_description || is_document_ref(in.front()))) {
        for (const auto& i : in) out.references.push_back(make_reference(i));
        col = col_service_code;
        continue;
      }
      if (persons) {
        notes.push_back({line, "person reference " + c + " after the Contact column: kept in notes"});
        if (!out.notes.empty()) out.notes += '\n';
        out.notes += c;
        continue;
      }
      // Not a person and not a document: free text (handled below).
    }
    if (is_date(c) && col <= col_modified) {
      ++dates;
      if (col <= col_registered) {
        out.registered = c;
        col = col_modified;
      } else {
        out.modified = c;
        col = col_reference;
      }
      continue;
    }
    if (all_digits(c) && col > col_description && col <= col_service_code &&
        (out.protocol == "sctp" || out.protocol == "dccp")) {
      out.service_code = c;
      col = col_unauthorized;
      continue;
    }
    // Free text.
    if (col <= col_description) {
      out.description = c;
      col = col_assignee;
    } else if (col <= col_unauthorized && (contains(c, "nauthorized") || contains(c, "unofficially"))) {
      out.unauthorized = c;
      col = col_notes;
    } else {
      if (!out.notes.empty()) out.notes += '\n';
      out.notes += c;
      col = col_notes;
    }
  }
  if (out.name.empty() && !out.ports) {
    why = "neither a service name nor a port number";
    return false;
  }
  // One date: the columns cannot tell which. In IANA's registry a named record with one date
  // almost always has only a Registration Date (4438 of 4690 in 2026-02-26), a record without
  // a name (Reserved after a de-assignment) a Modification Date (77 of 88). Noted either way.
  if (dates == 1 && !out.registered.empty()) {
    if (out.name.empty()) {
      out.modified = std::move(out.registered);
      out.registered.clear();
      notes.push_back({line, "one date (" + out.modified +
                                 ") on a record without a service name: taken as the Modification "
                                 "Date (de-assignments); it may be the Registration Date"});
    } else {
      notes.push_back({line, "one date (" + out.registered +
                                 ") taken as the Registration Date; it may be the Modification Date"});
    }
  }
  if (person_cells == 1) {
    notes.push_back({line, "one person reference: taken as both Assignee and Contact"});
    out.contact = out.assignee;
  }
  finish_record(out);
  return true;
}

std::vector<std::string> flat_cells(std::string_view line, const person_ids& people) {
  // Tokens, with bracket groups that contain spaces ("[Default Data]") rejoined.
  std::vector<std::string> tok;
  {
    std::size_t i = 0;
    std::string cur;
    int depth = 0;
    while (i <= line.size()) {
      const bool end = i == line.size();
      const char c = end ? ' ' : line[i];
      if (c == '[') ++depth;
      if (c == ']' && depth > 0) --depth;
      if ((c == ' ' || c == '\t') && (depth == 0 || end)) {
        if (!cur.empty()) tok.push_back(std::move(cur));
        cur.clear();
        if (end) break;
      } else {
        cur += c;
      }
      ++i;
    }
  }
  std::vector<std::string> cells;
  std::size_t i = 0;
  port_range pr;
  if (i < tok.size() && !parse_port_range(tok[i], pr)) cells.push_back(tok[i++]);
  if (i < tok.size() && parse_port_range(tok[i], pr)) cells.push_back(tok[i++]);
  if (i < tok.size() && is_protocol(tok[i])) cells.push_back(tok[i++]);

  std::vector<std::string> in;
  auto structural = [&](std::size_t j) {
    const auto& t = tok[j];
    if (is_date(t)) return true;
    if (split_brackets(t, in)) {
      for (const auto& x : in)
        if (!people.is_person(x) && !is_document_ref(x)) return false;
      return true;
    }
    return false;
  };
  auto starts_notes = [&](std::size_t j) {
    return tok[j] == "Defined" && j + 2 < tok.size() && tok[j + 1] == "TXT" &&
           tok[j + 2].starts_with("key");
  };
  auto starts_unauth = [&](std::size_t j) {
    return (tok[j] == "Known" && j + 1 < tok.size() && tok[j + 1].starts_with("Unauthorized")) ||
           tok[j].starts_with("Unauthorized");
  };
  auto join = [&](std::size_t b, std::size_t e) {
    std::string s;
    for (std::size_t j = b; j < e; ++j) {
      if (!s.empty()) s += ' ';
      s += tok[j];
    }
    return s;
  };
  // Description: up to the first structured token, "Defined TXT keys" or an unauthorized-use text.
  std::size_t b = i;
  while (i < tok.size() && !structural(i) && !starts_notes(i) && !(i > b && starts_unauth(i))) ++i;
  cells.push_back(join(b, i));  // may be empty: keeps the Description slot
  // Structured zone: person refs, dates, references.
  while (i < tok.size() && (structural(i) || (split_brackets(tok[i], in) && !starts_notes(i)))) {
    cells.push_back(tok[i++]);
  }
  // Service code (SCTP/DCCP only): a bare number.
  if (i < tok.size() && all_digits(tok[i]) && cells.size() > 1) cells.push_back(tok[i++]);
  // Rest: unauthorized-use text, then notes.
  b = i;
  if (i < tok.size() && starts_unauth(i)) {
    while (i < tok.size() && !starts_notes(i)) ++i;
    cells.push_back(join(b, i));
    b = i;
  }
  if (b < tok.size()) cells.push_back(join(b, tok.size()));
  return cells;
}

bool split_name_org(std::string_view id, std::string_view text, std::string& name, std::string& org) {
  // The id is the name with '_' for spaces, often with a "_2"-style suffix and truncated.
  std::string key;
  for (char c : id)
    if (chars::is_alnum(c)) key += chars::to_lower(c);
  while (!key.empty() && chars::is_digit(key.back())) key.pop_back();
  std::vector<std::string_view> words;
  for (std::size_t b = 0; b < text.size();) {
    while (b < text.size() && text[b] == ' ') ++b;
    std::size_t e = text.find(' ', b);
    if (e == std::string_view::npos) e = text.size();
    if (e > b) words.push_back(text.substr(b, e - b));
    b = e;
  }
  std::string cum;
  for (std::size_t k = 0; k < words.size() && !key.empty(); ++k) {
    for (char c : words[k])
      if (chars::is_alnum(static_cast<char>(c))) cum += chars::to_lower(c);
    if (cum.size() >= key.size() && cum.starts_with(key)) {
      name.clear();
      for (std::size_t j = 0; j <= k; ++j) name += (j ? " " : "") + std::string(words[j]);
      org.clear();
      for (std::size_t j = k + 1; j < words.size(); ++j) org += (j > k + 1 ? " " : "") + std::string(words[j]);
      return true;
    }
  }
  name = fold_space(text);
  org.clear();
  return false;
}

std::string find_updated(const std::vector<std::string_view>& lines) {
  auto strip = [](std::string_view l) {
    l = chars::trim(l);
    while (!l.empty() && (l.front() == '-' || l.front() == '*')) l = chars::trim(l.substr(1));
    return l;
  };
  for (std::size_t i = 0; i < lines.size() && i < 400; ++i) {
    if (strip(lines[i]) != "Last Updated") continue;
    for (std::size_t j = i + 1; j < lines.size() && j < i + 4; ++j) {
      const auto v = strip(lines[j]);
      if (is_date(v)) return std::string(v);
    }
  }
  return {};
}

void note_people_by_shape(const snapshot& snap, const person_ids& ids, std::vector<load_note>& notes) {
  if (!ids.ids.empty()) return;
  for (const auto& r : snap.records)
    if (!r.assignee.empty() || !r.contact.empty()) {
      notes.push_back({r.line, "the file has no people table: [Person_Id] references were told "
                               "from bracketed text by their shape only"});
      return;
    }
}

void finish_record(record& r) {
  // The CSV repeats the contact as assignee when IANA lists none; parse_xml() does the same.
  if (r.assignee.empty()) r.assignee = r.contact;
}

}  // namespace svcname::registry::shapes
