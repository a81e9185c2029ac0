// IANA registry, CSV form (RFC 4180: quoted fields may hold commas, "" and line breaks).
// Written by hand: the format is small and we need exact line numbers for every error,
// which the CSV libraries in Debian do not report for multi-line fields.
#include <array>
#include <string>

#include "svcname/chars.h"
#include "svcname/registry/readers.h"
#include "text_util.h"

namespace svcname::registry {
namespace {

constexpr std::array<std::string_view, 12> columns{
    "Service Name", "Port Number", "Transport Protocol", "Description",
    "Assignee", "Contact", "Registration Date", "Modification Date",
    "Reference", "Service Code", "Unauthorized Use Reported", "Assignment Notes"};

struct row {
  std::vector<std::string> fields;
  std::uint32_t line = 0;
};

// Splits "[A][B] text" into bracketed tokens; text outside brackets is returned in `rest`.
std::vector<std::string> bracketed(std::string_view s, std::string& rest) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '[') {
      const auto e = s.find(']', i);
      if (e == std::string_view::npos) {
        rest += s.substr(i);
        break;
      }
      out.emplace_back(s.substr(i + 1, e - i - 1));
      i = e + 1;
    } else {
      rest += s[i++];
    }
  }
  rest = std::string(chars::trim(rest));
  return out;
}

// "[RFC6335]" -> {rfc, rfc6335}; "[draft-x]" -> {draft, draft-x}; URLs -> uri; else text.
xref reference_of(const std::string& tok) {
  if (tok.size() > 3 && chars::iequals(std::string_view(tok).substr(0, 3), "rfc"))
    return {"rfc", chars::lower(tok), ""};
  if (tok.rfind("draft-", 0) == 0) return {"draft", tok, ""};
  if (tok.rfind("http://", 0) == 0 || tok.rfind("https://", 0) == 0) return {"uri", tok, ""};
  return {"person", tok, ""};
}

}  // namespace

result<snapshot, load_error> parse_csv(std::string_view bytes, std::string_view file) {
  auto err = [&](std::uint32_t line, std::string msg) {
    return fail(load_error{std::string(file), line, 0, std::move(msg)});
  };
  std::vector<row> rows;
  row cur;
  std::string field;
  std::uint32_t line = 1;
  cur.line = 1;
  std::size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte-order mark
  bool field_started = false;
  while (i < bytes.size()) {
    const char c = bytes[i];
    if (c == '"' && !field_started) {  // quoted field
      const std::uint32_t open_line = line;
      ++i;
      for (;;) {
        if (i >= bytes.size())
          return err(open_line, "unterminated quoted field (is the file truncated?)");
        const char q = bytes[i];
        if (q == '"') {
          if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (q == '\n') ++line;
        if (q != '\r') field += q;
        ++i;
      }
      field_started = true;
      if (i < bytes.size() && bytes[i] != ',' && bytes[i] != '\n' && bytes[i] != '\r')
        return err(line, "unexpected character after a closing quote (RFC 4180 §2)");
      continue;
    }
    if (c == ',') {
      cur.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
      ++i;
      cur.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(cur.fields.size() == 1 && cur.fields[0].empty())) rows.push_back(std::move(cur));
      cur = row{};
      ++line;
      cur.line = line;
      continue;
    }
    if (c == '\0') return err(line, "NUL byte: not a text file");
    field += c;
    field_started = true;
    ++i;
  }
  if (field_started || !cur.fields.empty()) {
    cur.fields.push_back(std::move(field));
    rows.push_back(std::move(cur));
  }

  if (rows.empty()) return err(1, "empty file: expected the CSV header \"Service Name,Port Number,...\"");
  const auto& header = rows.front();
  if (header.fields.size() != columns.size())
    return err(header.line, "header has " + std::to_string(header.fields.size()) +
                                " columns, expected the 12 of IANA's CSV (Service Name, ...)");
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (chars::trim(header.fields[k]) != columns[k])
      return err(header.line, "column " + std::to_string(k + 1) + " is \"" + header.fields[k] +
                                  "\", expected \"" + std::string(columns[k]) + "\"");

  snapshot snap;
  snap.format = "csv";
  for (std::size_t n = 1; n < rows.size(); ++n) {
    const auto& rw = rows[n];
    if (rw.fields.size() != columns.size())
      return err(rw.line, "row has " + std::to_string(rw.fields.size()) + " fields, expected 12" +
                              (rw.fields.size() < columns.size() ? " (is the file truncated?)" : ""));
    const auto& f = rw.fields;
    record r;
    r.line = rw.line;
    r.name = chars::trim(f[0]);
    if (!chars::trim(f[1]).empty()) {
      port_range p;
      if (!detail::parse_ports(f[1], p.first, p.last))
        return err(rw.line, "bad port number \"" + f[1] + "\": expected 0-65535 or a range A-B");
      r.ports = p;
    }
    r.protocol = chars::trim(f[2]);
    r.description = detail::tidy_multiline(f[3]);
    std::string rest;
    for (auto& t : bracketed(f[4], rest)) r.assignee.push_back(t);
    rest.clear();
    for (auto& t : bracketed(f[5], rest)) r.contact.push_back(t);
    r.registered = chars::trim(f[6]);
    r.modified = chars::trim(f[7]);
    rest.clear();
    for (auto& t : bracketed(f[8], rest)) r.references.push_back(reference_of(t));
    if (!rest.empty()) r.references.push_back(xref{"text", "", rest});
    r.service_code = chars::trim(f[9]);
    r.unauthorized = detail::tidy_multiline(f[10]);
    r.notes = detail::tidy_multiline(f[11]);
    if (r.name.empty() && !r.ports)
      return err(rw.line, "row has neither a service name nor a port number");
    snap.records.push_back(std::move(r));
  }
  if (snap.records.empty()) return err(header.line, "no records after the header: empty registry");
  return snap;
}

}  // namespace svcname::registry
