#pragma once
// Field shapes shared by the readers of the pasted renderings (markdown, flattened text) and
// IANA's plain-text page: what a port, a protocol, a date, a [Person_Id] or a [RFCnnnn] look
// like, and how a row whose empty cells were dropped maps back onto the 12 IANA columns.
// src/ only, not installed.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/registry/formats.h"
#include "svcname/registry/model.h"
#include "../text_util.h"

namespace svcname::registry::shapes {

/// 1-based line of a byte offset; cheap for increasing offsets.
class line_finder {
 public:
  explicit line_finder(std::string_view text) : text_(text) {}
  std::uint32_t line_at(std::ptrdiff_t offset) {
    const auto off = offset < 0 ? std::size_t{0} : static_cast<std::size_t>(offset);
    if (off < pos_) pos_ = 0, line_ = 1;
    for (; pos_ < off && pos_ < text_.size(); ++pos_)
      if (text_[pos_] == '\n') ++line_;
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
};

/// Sniff score for text that is not recognisably a registry: 1 (worth trying, so that a file in
/// no known format gets this reader's reason and line) for non-empty text without NUL bytes,
/// else 0.
int maybe_text(std::string_view bytes) noexcept;

/// The sniff score of a line-oriented reader: 100 when a line in the first 64 KiB satisfies
/// @p is_header (the reader's own records header), else maybe_text().
template <class Pred>
int sniff_by_header(std::string_view bytes, Pred&& is_header) noexcept {
  const auto head = bytes.substr(0, 1 << 16);
  std::size_t b = 0;
  while (b < head.size()) {
    auto e = head.find('\n', b);
    if (e == std::string_view::npos) e = head.size();
    if (is_header(head.substr(b, e - b))) return 100;
    b = e + 1;
  }
  return maybe_text(bytes);
}

/// Lines of a text, without their line terminators ("\n" or "\r\n").
std::vector<std::string_view> split_lines(std::string_view text);

/// "80" or "6000-6063" (0-65535, first <= last).
bool parse_port_range(std::string_view s, port_range& out);
/// "tcp", "udp", "sctp", "dccp" (lower case, as IANA writes them).
bool is_protocol(std::string_view s);
/// "YYYY-MM" or "YYYY-MM-DD".
bool is_date(std::string_view s);
/// Splits "[A]" or "[A][B]" into {"A","B"}; false if @p s is not only bracket groups.
bool split_brackets(std::string_view s, std::vector<std::string>& inner);
/// Shape of a person id: letters, digits, '_', '-', '.', '\'' (no spaces), not an RFC/draft.
bool is_person_id_shape(std::string_view s);
/// True when @p inner ("RFC6335", "draft-ietf-...", "RFC-ietf-...", "http://...") names a
/// document rather than a person.
bool is_document_ref(std::string_view inner);
/// Builds the xref for a bracketed reference as the XML would have it ("RFC6335" -> rfc/rfc6335).
xref make_reference(std::string_view inner);
/// Every white-space run becomes one space; ends trimmed (the one in text_util.h).
using detail::fold_space;

/// Set of person ids (from the file's own people table) used to tell [Person_Id] from text.
struct person_ids {
  std::set<std::string, std::less<>> ids;
  /// In the table when there is one; else by shape.
  [[nodiscard]] bool is_person(std::string_view inner) const;
};

/// Column indexes of the IANA table (the CSV header order).
enum column : int {
  col_name, col_port, col_protocol, col_description, col_assignee, col_contact, col_registered,
  col_modified, col_reference, col_service_code, col_unauthorized, col_notes, col_count
};

/// Maps the non-empty cells of one row, in column order, onto a record by their shapes.
/// @param cells  cell texts (already trimmed, empties dropped)
/// @param line   source line, for notes and record.line
/// @return false (with @p why) when the row cannot be a record at all.
bool assign_cells(const std::vector<std::string>& cells, const person_ids& people,
                  std::uint32_t line, record& out, std::vector<load_note>& notes, std::string& why);

/// Splits flattened text (single spaces between columns) into cells by token shape, so that
/// assign_cells() can place them. Bracket groups with spaces ("[Default Data]") stay one token.
std::vector<std::string> flat_cells(std::string_view line, const person_ids& people);

/// Splits "Anders Brandt Sigma Designs, Inc." into name and organisation using the id
/// ("Anders_Brandt_2"): the name is the shortest word prefix whose letters start with the
/// id's letters. @return false when no prefix matched (then name = whole text, org empty).
bool split_name_org(std::string_view id, std::string_view text, std::string& name, std::string& org);

/// The registry's "Last Updated" date: the first YYYY-MM-DD on the lines after one reading
/// "Last Updated" (list markers "- " and "* " ignored). Empty when absent.
std::string find_updated(const std::vector<std::string_view>& lines);

/// With no people table (@p ids empty), notes once, at the first record that has assignees or
/// contacts, that its [Person_Id] references were recognised by their shape only.
void note_people_by_shape(const snapshot& snap, const person_ids& ids, std::vector<load_note>& notes);

/// Applies the CSV convention the XML reader mirrors: no assignee -> assignee = contact.
void finish_record(record& r);

}  // namespace svcname::registry::shapes
