#pragma once
/// @file wire/message.h
/// DNS message model (RFC 1035 §4) with the mDNS class-bit split (RFC 6762 §10.2, §5.4) and
/// typed RDATA for what DNS-SD uses: PTR, SRV (RFC 2782), TXT (RFC 6763 §6, raw strings),
/// A, AAAA. Names are kept as byte labels: case and every byte preserved (instance labels
/// may hold '.', spaces and UTF-8, RFC 6763 §4.1.1). Parse and write are a symmetric pair.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "svcname/result.h"
#include "svcname/wire/reader.h"

namespace svcname::wire {

inline constexpr std::size_t max_message_octets = 65535;  ///< rejected above this, up front
inline constexpr std::size_t max_label_octets = 63;       ///< RFC 1035 §2.3.4
inline constexpr std::size_t max_name_octets = 255;       ///< RFC 1035 §2.3.4 (wire form)
inline constexpr std::size_t max_pointer_jumps = 128;     ///< loop bound (c-ares uses the same)

/// A domain name as labels of raw bytes, most specific first, without the root label.
/// {"Büro Drucker 2.OG", "_ipp", "_tcp", "local"}.
struct name {
  std::vector<std::string> labels;

  /// Presentation form with the RFC 6763 §4.3 escapes (svcname::escape_label per label):
  /// '.' -> "\.", '\' -> "\\", control bytes and bytes that are not valid UTF-8 -> \DDD,
  /// spaces and valid UTF-8 kept. Ends with '.' ("." for the root). Safe for a terminal.
  [[nodiscard]] std::string to_text() const;
  /// Octets in wire form (sum of 1+len per label, plus the root octet).
  [[nodiscard]] std::size_t wire_length() const noexcept;
  /// ASCII case-insensitive comparison (RFC 1035 §2.3.3; RFC 6762 §16: other bytes exact).
  [[nodiscard]] bool iequals(const name& other) const noexcept;
  /// True when the last labels of this name equal (case-insensitively) @p suffix's labels.
  [[nodiscard]] bool ends_with(const name& suffix) const noexcept;
  /// Exact byte equality.
  friend bool operator==(const name&, const name&) = default;
};

/// Builds a name from labels given as raw bytes (no escape processing).
[[nodiscard]] name make_name(std::initializer_list<std::string_view> labels);

/// Parses presentation text ("Instance\ Name._ipp._tcp.local." or with `\.`, `\\`, `\DDD`)
/// into labels. Errors: bad_name (empty label, label > 63, name > 255, bad escape).
[[nodiscard]] result<name, wire_error> name_from_text(std::string_view text);

/// RR types svcname knows by name. Any other value is kept as raw RDATA.
namespace rr_type {
inline constexpr std::uint16_t a = 1;
inline constexpr std::uint16_t ns = 2;
inline constexpr std::uint16_t cname = 5;
inline constexpr std::uint16_t ptr = 12;
inline constexpr std::uint16_t txt = 16;
inline constexpr std::uint16_t aaaa = 28;
inline constexpr std::uint16_t srv = 33;
inline constexpr std::uint16_t opt = 41;
inline constexpr std::uint16_t nsec = 47;
inline constexpr std::uint16_t any = 255;
}  // namespace rr_type
/// "PTR", "SRV", ... or "TYPE<n>" (RFC 3597).
[[nodiscard]] std::string type_to_string(std::uint16_t type);

inline constexpr std::uint16_t class_in = 1;

/// Question (RFC 1035 §4.1.2). In mDNS the top bit of QCLASS is the unicast-response
/// ("QU") bit (RFC 6762 §5.4); it is split out into `unicast_response`.
struct question {
  name qname;
  std::uint16_t qtype = rr_type::ptr;
  std::uint16_t qclass = class_in;  ///< without the top bit
  bool unicast_response = false;
  friend bool operator==(const question&, const question&) = default;
};

/// PTR (RFC 1035 §3.3.12); DNS-SD browse answers (RFC 6763 §4.1). Also holds the single
/// name of NS and CNAME records.
struct ptr_rdata {
  name target;
  friend bool operator==(const ptr_rdata&, const ptr_rdata&) = default;
};
/// SRV (RFC 2782).
struct srv_rdata {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  name target;
  friend bool operator==(const srv_rdata&, const srv_rdata&) = default;
};
/// TXT (RFC 1035 §3.3.14, RFC 6763 §6): the character-strings as raw bytes, empty strings
/// and binary values kept. Zero strings means RDLENGTH 0 (RFC 6763 §6.1 says a TXT record
/// holds at least one string; a checker reports it, the parser keeps it).
struct txt_rdata {
  std::vector<std::string> strings;
  friend bool operator==(const txt_rdata&, const txt_rdata&) = default;
};
/// A (RFC 1035 §3.4.1).
struct a_rdata {
  std::array<std::uint8_t, 4> address{};
  friend bool operator==(const a_rdata&, const a_rdata&) = default;
};
/// AAAA (RFC 3596 §2.2).
struct aaaa_rdata {
  std::array<std::uint8_t, 16> address{};
  friend bool operator==(const aaaa_rdata&, const aaaa_rdata&) = default;
};
/// Any other type: the RDATA bytes as received (names inside are not decompressed).
struct raw_rdata {
  std::vector<std::uint8_t> bytes;
  friend bool operator==(const raw_rdata&, const raw_rdata&) = default;
};

using rdata = std::variant<raw_rdata, ptr_rdata, srv_rdata, txt_rdata, a_rdata, aaaa_rdata>;

/// Resource record (RFC 1035 §4.1.3). In mDNS the top bit of CLASS is the cache-flush bit
/// (RFC 6762 §10.2); it is split out into `cache_flush`.
struct resource_record {
  name owner;
  std::uint16_t type = rr_type::a;
  std::uint16_t rclass = class_in;  ///< without the top bit
  bool cache_flush = false;
  std::uint32_t ttl = 0;
  rdata data;
  friend bool operator==(const resource_record&, const resource_record&) = default;
};

/// Header (RFC 1035 §4.1.1). Counts are implied by the section vectors.
struct header {
  std::uint16_t id = 0;
  std::uint16_t flags = 0;  ///< QR, OPCODE, AA, TC, RD, RA, Z, AD, CD, RCODE as on the wire

  [[nodiscard]] bool qr() const noexcept { return (flags & 0x8000u) != 0; }
  [[nodiscard]] std::uint8_t opcode() const noexcept {
    return static_cast<std::uint8_t>((flags >> 11) & 0xFu);
  }
  [[nodiscard]] bool aa() const noexcept { return (flags & 0x0400u) != 0; }
  [[nodiscard]] bool tc() const noexcept { return (flags & 0x0200u) != 0; }
  [[nodiscard]] std::uint8_t rcode() const noexcept { return static_cast<std::uint8_t>(flags & 0xFu); }
  friend bool operator==(const header&, const header&) = default;
};
inline constexpr std::uint16_t flag_qr = 0x8000;
inline constexpr std::uint16_t flag_aa = 0x0400;
inline constexpr std::uint16_t flag_tc = 0x0200;
inline constexpr std::uint16_t flag_rd = 0x0100;

/// A whole DNS message.
struct message {
  header hdr;
  std::vector<question> questions;
  std::vector<resource_record> answers;
  std::vector<resource_record> authorities;
  std::vector<resource_record> additionals;
  friend bool operator==(const message&, const message&) = default;
};

struct parse_options {
  /// Split the top CLASS bit into cache_flush / unicast_response (RFC 6762 §10.2, §5.4).
  /// Off for unicast DNS, where the class is kept whole.
  bool mdns_class_bits = true;
  /// Fail with trailing_data when octets follow the last section (default: ignore them).
  bool reject_trailing_data = false;
};

/// Parses a message. Rejects: > 65,535 octets (too_large), any field past the end
/// (truncated), names breaking RFC 1035 §2.3.4 or using label types 0x40/0x80 (bad_name),
/// forward, self or looping compression pointers or more than 128 jumps (bad_pointer),
/// malformed typed RDATA (bad_rdata), section counts that cannot fit (bad_count), and with
/// reject_trailing_data octets after the last section (trailing_data).
/// @param bytes the whole message (UDP payload, or a TCP message without its length prefix)
[[nodiscard]] result<message, wire_error> parse_message(std::span<const std::uint8_t> bytes,
                                                        const parse_options& opt = {});

/// Decodes one name at @p r's position; pointers are resolved inside @p whole_message
/// (r must read from a part of it, with a matching base offset). Advances @p r past the
/// name's own octets (up to and including the first pointer or the root label).
[[nodiscard]] result<name, wire_error> parse_name(std::span<const std::uint8_t> whole_message,
                                                  reader& r);

struct write_options {
  /// Use compression pointers for owner names and for names in PTR/SRV/NS/CNAME RDATA
  /// (RFC 1035 §4.1.4; RFC 6762 §18.14 allows it in SRV for mDNS).
  bool compress = true;
  /// Write cache_flush / unicast_response into the top CLASS bit.
  bool mdns_class_bits = true;
};

/// Writes a message. Errors: bad_name (a label > 63 or empty, or a name > 255 octets),
/// bad_rdata (a TXT string > 255 octets), too_large (the result would exceed 65,535 octets
/// or a section has more than 65,535 entries).
[[nodiscard]] result<std::vector<std::uint8_t>, wire_error> write_message(
    const message& m, const write_options& opt = {});

}  // namespace svcname::wire
