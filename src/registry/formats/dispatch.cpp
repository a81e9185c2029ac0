// parse_with_notes(): the readers of registry/formats.h by name, with their notes.
#include "svcname/registry/formats.h"

namespace svcname::registry {

result<snapshot, load_error> parse_with_notes(std::string_view format, std::string_view bytes,
                                              std::string_view file, std::vector<load_note>& notes) {
  if (format == "iana-text") return parse_iana_text(bytes, file, notes);
  if (format == "xhtml") return parse_xhtml(bytes, file, notes);
  if (format == "markdown") return parse_markdown(bytes, file, notes);
  if (format == "flat-text") return parse_flat_text(bytes, file, notes);
  return fail(load_error{std::string(file), 0, 0,
                         "unknown format \"" + std::string(format) +
                             "\" (these readers know iana-text, xhtml, markdown, flat-text)"});
}

}  // namespace svcname::registry
