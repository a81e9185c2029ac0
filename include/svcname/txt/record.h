#pragma once
/// @file txt/record.h
/// The TXT model (RFC 1035 §3.3.14, RFC 6763 §6): a sequence of strings that keeps every byte.
/// Wire form in and out (parse_wire / write_wire), the text form people type (parse_text_args /
/// parse_text_line / to_text), hex and base64 input, and escaped display of opaque values.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/result.h"

namespace svcname::txt {

inline constexpr std::size_t max_string_octets = 255;   ///< one length byte (RFC 1035 §3.3.14)
inline constexpr std::size_t max_rdata_octets = 65535;  ///< RDLENGTH is 16 bits (RFC 1035 §3.2.1)

/// Why bytes or text could not be turned into a record.
enum class parse_errc : std::uint8_t {
  truncated,       ///< a length byte runs past the end of the RDATA
  too_large,       ///< more than 65,535 bytes of RDATA
  string_too_long, ///< a string has more than 255 bytes and cannot be written
  bad_escape,      ///< text form: '\' not followed by \\, \", \=, \xHH or \DDD
  bad_quote,       ///< text form: unterminated double quote
  bad_hex,         ///< --hex input: odd number of digits or a non-hex character
  bad_base64,      ///< --base64 input: not valid base64
};
/// Stable id ("truncated", ...).
[[nodiscard]] std::string_view to_string(parse_errc e) noexcept;

/// A parse error: what and where (byte offset in the input: RDATA, text or encoded text).
struct parse_error {
  parse_errc code{};
  std::uint32_t offset = 0;
  std::string detail;  ///< e.g. "string 3 declares 40 bytes, 12 remain"
  /// "offset 14: truncated: ..."
  [[nodiscard]] std::string to_string() const;
};

/// One constituent string of a TXT record, bytes as they are on the wire.
struct txt_string {
  std::string bytes;          ///< 0..255 octets after parse_wire; text form may hold more
  std::uint32_t offset = 0;   ///< offset of its length byte in the RDATA (as if written)
  friend bool operator==(const txt_string& a, const txt_string& b) { return a.bytes == b.bytes; }
};

/// RFC 6763 §6.4: the four states of a key.
enum class key_state : std::uint8_t {
  absent,       ///< no string with this key
  boolean,      ///< "key" (no '=')
  empty_value,  ///< "key="
  value,        ///< "key=value"
};
[[nodiscard]] std::string_view to_string(key_state s) noexcept;

/// One key/value view of a string (RFC 6763 §6.3: everything before the first '=' is the key).
struct key_value {
  std::string_view key;       ///< may be empty (string "" or "=...")
  std::string_view value;     ///< empty for boolean and empty_value
  key_state state = key_state::boolean;
  std::size_t index = 0;      ///< index of the string in the record
};

/// A TXT record. An empty `strings` vector is a zero-length RDATA (not allowed, RFC 6763 §6.1);
/// the correct "empty" record is one empty string (a single zero byte).
struct record {
  std::vector<txt_string> strings;

  /// Splits string @p i into key and value (RFC 6763 §6.3-§6.5).
  [[nodiscard]] key_value at(std::size_t i) const noexcept;
  /// First occurrence of @p key, compared case-insensitively (RFC 6763 §6.4: later ones are
  /// ignored). Strings starting with '=' never match. nullopt when absent.
  [[nodiscard]] std::optional<key_value> find(std::string_view key) const noexcept;
  /// State of @p key (RFC 6763 §6.4).
  [[nodiscard]] key_state state(std::string_view key) const noexcept;
  /// Total RDATA size in bytes (sum of 1 + length per string).
  [[nodiscard]] std::size_t wire_size() const noexcept;
  /// Recomputes each string's offset as if written (after editing `strings`).
  void renumber() noexcept;

  friend bool operator==(const record& a, const record& b) { return a.strings == b.strings; }
};

/// Parses TXT RDATA (RFC 1035 §3.3.14): zero or more <length byte, bytes> strings, read with a
/// bounds-checked reader. Zero bytes give a record with no strings (graded by check_record).
/// @return the record, or truncated/too_large with the offset of the offending length byte.
[[nodiscard]] result<record, parse_error> parse_wire(std::span<const std::uint8_t> rdata);
/// Same, for bytes held in a string.
[[nodiscard]] result<record, parse_error> parse_wire(std::string_view rdata);

/// Writes the wire form. Fails with string_too_long (offset = the string's offset) for a
/// string over 255 bytes, and too_large over 65,535 bytes. A record with no strings writes
/// zero bytes (faithful to the model; check_record flags it).
[[nodiscard]] result<std::vector<std::uint8_t>, parse_error> write_wire(const record& r);

/// Decodes one typed string: `\\`, `\"`, `\=`, `\xHH` (two hex digits) and `\DDD` (decimal
/// 000-255) escapes; everything else is literal. Used for argv items, where the shell already
/// removed its quotes. `key` alone is a boolean, `key=` an empty value.
[[nodiscard]] result<std::string, parse_error> unescape(std::string_view text);

/// Builds a record from one argument per string (each passed through unescape()).
/// Error offsets are counted over the arguments joined by one space.
[[nodiscard]] result<record, parse_error> parse_text_args(std::span<const std::string> args);

/// Parses a whole record typed on one line: strings separated by white space, double quotes
/// group a string that holds spaces (`"iTSh Version=1"`), escapes as in unescape().
/// `""` is an empty string. Blank input gives a record with no strings.
[[nodiscard]] result<record, parse_error> parse_text_line(std::string_view line);

/// Escapes bytes for display and for the text form: printable ASCII and well-formed UTF-8 stay
/// as they are; `\` and `"` become `\\` and `\"`; control bytes, DEL and bytes that are not
/// valid UTF-8 become `\xHH`. The output never holds a raw control byte.
[[nodiscard]] std::string escape(std::string_view bytes);

/// The record as one line of text form that parse_text_line() reads back to the same bytes.
/// Strings with spaces or that are empty are quoted.
[[nodiscard]] std::string to_text(const record& r);

/// Decodes hex digits; white space, ':' and '-' between byte pairs are ignored, "0x" prefix ok.
[[nodiscard]] result<std::vector<std::uint8_t>, parse_error> decode_hex(std::string_view text);
/// Decodes standard or URL-safe base64 (padding optional, white space ignored).
[[nodiscard]] result<std::vector<std::uint8_t>, parse_error> decode_base64(std::string_view text);
/// Lower-case hex of @p bytes, no separators.
[[nodiscard]] std::string encode_hex(std::span<const std::uint8_t> bytes);

}  // namespace svcname::txt
