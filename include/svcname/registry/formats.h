#pragma once
/// @file registry/formats.h
/// Readers for the non-XML/CSV renderings of the IANA registry: IANA's plain-text page,
/// the XHTML page, and what people paste from the web page (markdown pipe tables, and
/// "flattened" text whose columns are separated by single spaces). All of them produce the
/// same snapshot/record/person model as parse_xml() (registry/model.h).
///
/// The pasted renderings lose column boundaries, so their readers recover fields from
/// their shapes. Whenever a field could not be placed with certainty the reader says so in
/// a load_note (line + why) instead of guessing silently.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/registry/model.h"
#include "svcname/result.h"

namespace svcname::registry {

/// A line a reader could read but not place with certainty (or skipped).
struct load_note {
  std::uint32_t line = 0;  ///< 1-based line in the source
  std::string message;     ///< what was uncertain and what the reader did
};

/// IANA's plain-text rendering (service-names-port-numbers.txt): fixed-width columns, cells
/// wrapped onto continuation lines (vertically centred on the row's first line), people table
/// at the end. @param bytes the whole file; @param file name used in errors.
[[nodiscard]] result<snapshot, load_error> parse_iana_text(std::string_view bytes,
                                                           std::string_view file);
/// Same, also collecting lines it could not place exactly into @p notes.
[[nodiscard]] result<snapshot, load_error> parse_iana_text(std::string_view bytes,
                                                           std::string_view file,
                                                           std::vector<load_note>& notes);

/// IANA's XHTML page (service-names-port-numbers.xhtml): the records table and the people table.
[[nodiscard]] result<snapshot, load_error> parse_xhtml(std::string_view bytes, std::string_view file);
/// Same, with notes (rows it skipped).
[[nodiscard]] result<snapshot, load_error> parse_xhtml(std::string_view bytes, std::string_view file,
                                                       std::vector<load_note>& notes);

/// Markdown pipe tables as pasted from the web page (`| Service Name | Port Number | ... |`).
/// Empty cells may be missing, so fields are recovered from their shapes.
[[nodiscard]] result<snapshot, load_error> parse_markdown(std::string_view bytes,
                                                          std::string_view file);
/// Same, with notes on cells it could not place with certainty.
[[nodiscard]] result<snapshot, load_error> parse_markdown(std::string_view bytes,
                                                          std::string_view file,
                                                          std::vector<load_note>& notes);

/// Flattened text: one record per line, columns separated by single spaces, empty columns
/// dropped. Fields are recovered from their shapes (protocol tokens, ports and ranges,
/// [Person_Id] references, dates YYYY-MM(-DD), [RFCnnnn], "Defined TXT keys: ...").
[[nodiscard]] result<snapshot, load_error> parse_flat_text(std::string_view bytes,
                                                           std::string_view file);
/// Same, with notes on tokens it could not place with certainty.
[[nodiscard]] result<snapshot, load_error> parse_flat_text(std::string_view bytes,
                                                           std::string_view file,
                                                           std::vector<load_note>& notes);

/// Content sniffers (0 = certainly not; higher = more confident), for known_formats().
[[nodiscard]] int sniff_iana_text(std::string_view bytes) noexcept;
[[nodiscard]] int sniff_xhtml(std::string_view bytes) noexcept;
[[nodiscard]] int sniff_markdown(std::string_view bytes) noexcept;
[[nodiscard]] int sniff_flat_text(std::string_view bytes) noexcept;

/// Reads with the named format ("iana-text", "xhtml", "markdown", "flat-text") and notes.
/// Returns a load_error if @p format is none of these.
[[nodiscard]] result<snapshot, load_error> parse_with_notes(std::string_view format,
                                                            std::string_view bytes,
                                                            std::string_view file,
                                                            std::vector<load_note>& notes);

}  // namespace svcname::registry
