#pragma once
/// @file registry/diff.h
/// Field-by-field comparison of registry records under explicit normalisation rules, the
/// diff between two snapshots (added, removed, de-assigned, changed), and the equivalence
/// figures between two forms of the registry (XML vs CSV vs text vs pasted seeds).
///
/// Normalisation rules (also in the README, "Comparing and diffing snapshots"):
///  1. Text fields (description, notes, unauthorized, service code): every run of white space,
///     line breaks included (XML <br/>, wrapped text lines), becomes one space; ends trimmed.
///  2. References compare by one spelling per reference, case-insensitively, order kept: the
///     text the form displays (XML element text such as "TR-352" or "RFC8765, Section 6.1",
///     which is what the CSV shows), else the data, RFCs spelled "RFC6335" however written
///     ("[RFC6335]", data="rfc6335"); surrounding brackets dropped.
///  3. Assignee/contact compare as id lists; where a form lists no assignee the contact stands
///     in (IANA's CSV convention, which every reader applies).
///  4. Dates compare as written ("2003-11" is not "2003-11-01").
///  5. "Defined TXT keys: ..." inside the notes is compared (and reported) as its own field
///     "txt_keys"; the rest of the notes as "notes".
///  6. Records are matched by (service name case-insensitively, port range, protocol); records
///     sharing that key are matched in file order.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/registry/model.h"

namespace svcname::registry {

/// One field that differs between two records (values shown normalised).
struct field_change {
  std::string field;  ///< "description", "assignee", "contact", "registered", "modified",
                      ///< "references", "service_code", "unauthorized", "notes", "txt_keys",
                      ///< "name" (spelling/case only), "protocol", "ports"
  std::string before;
  std::string after;
};

/// Rule 1: white space folded to single spaces, ends trimmed.
[[nodiscard]] std::string normalise_text(std::string_view s);
/// Rule 2: one spelling per reference ("RFC6335", "TR-352", "draft-ietf-...", "https://...").
[[nodiscard]] std::string reference_spelling(const xref& x);
/// Rule 5: splits notes into (other notes, TXT-key definition); either may be empty.
[[nodiscard]] std::pair<std::string, std::string> split_txt_keys(std::string_view notes);
/// Rule 6: the matching key, e.g. "ipp 631 tcp", "(no name) 4 udp", "ptp-req - -".
[[nodiscard]] std::string record_key(const record& r);
/// "631", "6000-6063" or "-".
[[nodiscard]] std::string ports_text(const record& r);

/// Every field of @p a and @p b that differs after normalisation (empty = equivalent).
[[nodiscard]] std::vector<field_change> compare_records(const record& a, const record& b);

/// One record that changed between snapshots.
struct record_change {
  record before;
  record after;
  std::vector<field_change> fields;
};

/// What changed between two snapshots.
struct snapshot_diff {
  std::string old_updated, new_updated;
  std::vector<record> added;                ///< in the new snapshot only
  std::vector<record> removed;              ///< in the old snapshot only (no replacement)
  std::vector<record_change> deassigned;    ///< named record replaced by an unnamed Reserved/
                                            ///< Unassigned one on the same port and protocol
  std::vector<record_change> assigned;      ///< the reverse: an unnamed Reserved record
                                            ///< replaced by a named one (port taken into use)
  std::vector<record_change> changed;       ///< same key, some field differs
  /// Unnamed "Unassigned" range records that appeared or disappeared (IANA splits and merges
  /// them as ports get assigned): bookkeeping, kept apart from added/removed.
  std::vector<record> unassigned_added, unassigned_removed;
  std::size_t unchanged = 0;
  std::vector<person> people_added, people_removed;
  std::vector<std::pair<person, person>> people_changed;

  [[nodiscard]] bool empty() const noexcept {
    return added.empty() && removed.empty() && deassigned.empty() && assigned.empty() && changed.empty() &&
           unassigned_added.empty() && unassigned_removed.empty() &&
           people_added.empty() && people_removed.empty() && people_changed.empty();
  }
};

/// Diffs @p older against @p newer (rule 6 matches records; rules 1-5 decide "changed").
[[nodiscard]] snapshot_diff diff_snapshots(const snapshot& older, const snapshot& newer);

/// The group a record is reported under: its service name (lower case) or "port N/proto".
[[nodiscard]] std::string group_of(const record& r);

/// Agreement between two forms of the registry, over the records present in both.
struct equivalence {
  std::size_t left_records = 0, right_records = 0;
  std::size_t common = 0;    ///< matched by key and compared
  std::size_t skipped = 0;   ///< matched but excluded (modified after the cutoff)
  std::size_t agreeing = 0;  ///< no field differs
  std::vector<record_change> disagreements;  ///< before = left, after = right
  [[nodiscard]] double percent() const noexcept {
    return common ? 100.0 * static_cast<double>(agreeing) / static_cast<double>(common) : 100.0;
  }
};

/// Compares every record present in both @p left and @p right. When @p cutoff is not empty,
/// records registered or modified after it (in either form) are skipped: "records neither
/// modified in between" when the forms are of different dates.
[[nodiscard]] equivalence measure_equivalence(const snapshot& left, const snapshot& right,
                                              std::string_view cutoff = "");

}  // namespace svcname::registry
