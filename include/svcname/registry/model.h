#pragma once
/// @file registry/model.h
/// The record model of the IANA "Service Name and Transport Protocol Port Number Registry".
/// Every reader (XML, CSV, plain text, HTML, markdown) produces this same model.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svcname::registry {

/// A cross reference as IANA writes it: <xref type="rfc" data="rfc6335"/>, [RFC6335] in CSV.
struct xref {
  std::string type;  ///< "rfc", "person", "draft", "uri", "text", "note"
  std::string data;  ///< "rfc6335", a person id, a URL; empty for type "text"
  std::string text;  ///< element text, if any ("TR-352", free text for type "text")
  friend bool operator==(const xref&, const xref&) = default;
};

/// Inclusive port range; a single port has first == last.
struct port_range {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  friend bool operator==(const port_range&, const port_range&) = default;
  [[nodiscard]] bool contains(std::uint16_t p) const noexcept { return p >= first && p <= last; }
};

/// Parses a port number as IANA and users write it: 1-5 decimal digits, 0-65535 (RFC 6335 §6),
/// nothing else (no sign, no white space). nullopt otherwise.
[[nodiscard]] std::optional<std::uint16_t> parse_port(std::string_view s) noexcept;

/// Parses "80" or "6000-6063" (no white space): each side a parse_port(), first <= last.
[[nodiscard]] std::optional<port_range> parse_port_range(std::string_view s) noexcept;

/// One <record>: a (name, port, transport) assignment, a reservation, or an unassigned range.
struct record {
  std::string name;                    ///< service name as registered (may be empty: port-only)
  std::optional<port_range> ports;     ///< absent for DNS-SD-only names
  std::string protocol;                ///< "tcp", "udp", "sctp", "dccp" or empty
  std::string description;             ///< line breaks (<br/>) kept as '\n'
  std::vector<std::string> assignee;   ///< person ids ("IESG")
  std::vector<std::string> contact;    ///< person ids
  std::string registered;              ///< registration date, "YYYY-MM-DD" or "YYYY-MM"
  std::string modified;                ///< modification date
  std::vector<xref> references;        ///< rfc/draft/uri/text/note references
  std::string service_code;            ///< SCTP/DCCP service code (<sc>)
  std::string unauthorized;            ///< "Unauthorized Use Reported"
  std::string notes;                   ///< assignment notes (e.g. "Defined TXT keys: ...")
  std::uint32_t line = 0;              ///< 1-based line in the source file (0 if unknown)

  friend bool operator==(const record& a, const record& b) {
    return a.name == b.name && a.ports == b.ports && a.protocol == b.protocol &&
           a.description == b.description && a.assignee == b.assignee && a.contact == b.contact &&
           a.registered == b.registered && a.modified == b.modified &&
           a.references == b.references && a.service_code == b.service_code &&
           a.unauthorized == b.unauthorized && a.notes == b.notes;
  }
};

/// One entry of the people table (<person id="...">).
struct person {
  std::string id;
  std::string name;
  std::string org;
  std::string uri;      ///< "mailto:..." as IANA writes it ("&" for "@")
  std::string updated;
  friend bool operator==(const person&, const person&) = default;
};

/// A whole registry as read from one file.
struct snapshot {
  std::string updated;              ///< registry "Last Updated" date, "YYYY-MM-DD"
  std::string format;               ///< "xml", "csv", ...
  std::vector<record> records;
  std::vector<person> people;
};

/// Why a file could not be read. Never an empty registry instead.
struct load_error {
  std::string file;
  std::uint32_t line = 0;   ///< 1-based; 0 when not tied to a line
  std::uint32_t column = 0;
  std::string message;
  /// "file:line:col: message"
  [[nodiscard]] std::string to_string() const;
};

}  // namespace svcname::registry
