#pragma once
// A small builder of raw DNS messages for tests (in the spirit of c-ares dns-proto.h).
// It writes bytes by hand, independently of wire::write_message, so that parser tests do
// not depend on the writer. Pointers and odd label types can be written on purpose.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace svcname::test {

class packet_builder {
 public:
  std::vector<std::uint8_t> bytes;

  packet_builder& u8(std::uint8_t v) {
    bytes.push_back(v);
    return *this;
  }
  packet_builder& u16(std::uint16_t v) {
    bytes.push_back(static_cast<std::uint8_t>(v >> 8));
    bytes.push_back(static_cast<std::uint8_t>(v & 0xFF));
    return *this;
  }
  packet_builder& u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    return u16(static_cast<std::uint16_t>(v & 0xFFFF));
  }
  packet_builder& raw(std::string_view s) {
    for (char c : s) bytes.push_back(static_cast<std::uint8_t>(c));
    return *this;
  }
  /// Header with the four section counts.
  packet_builder& header(std::uint16_t id, std::uint16_t flags, std::uint16_t qd, std::uint16_t an,
                         std::uint16_t ns, std::uint16_t ar) {
    return u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }
  /// Labels then the root octet (no compression).
  packet_builder& name(std::initializer_list<std::string_view> labels) {
    for (auto l : labels) u8(static_cast<std::uint8_t>(l.size())).raw(l);
    return u8(0);
  }
  /// Labels followed by a compression pointer to @p target.
  packet_builder& name_ptr(std::initializer_list<std::string_view> labels, std::uint16_t target) {
    for (auto l : labels) u8(static_cast<std::uint8_t>(l.size())).raw(l);
    return pointer(target);
  }
  packet_builder& pointer(std::uint16_t target) { return u16(static_cast<std::uint16_t>(0xC000 | target)); }
  packet_builder& question_tail(std::uint16_t type, std::uint16_t cls) { return u16(type).u16(cls); }
  /// Type, class, TTL; then the caller writes RDLENGTH via rdata().
  packet_builder& rr_tail(std::uint16_t type, std::uint16_t cls, std::uint32_t ttl) {
    return u16(type).u16(cls).u32(ttl);
  }
  /// Starts RDATA: writes a placeholder length; end_rdata() patches it.
  packet_builder& begin_rdata() {
    rdlen_at_ = bytes.size();
    return u16(0);
  }
  packet_builder& end_rdata() {
    const auto len = bytes.size() - rdlen_at_ - 2;
    bytes[rdlen_at_] = static_cast<std::uint8_t>(len >> 8);
    bytes[rdlen_at_ + 1] = static_cast<std::uint8_t>(len & 0xFF);
    return *this;
  }
  /// TXT character-strings.
  packet_builder& txt(std::initializer_list<std::string_view> strings) {
    for (auto s : strings) u8(static_cast<std::uint8_t>(s.size())).raw(s);
    return *this;
  }
  std::size_t size() const { return bytes.size(); }

 private:
  std::size_t rdlen_at_ = 0;
};

/// The hand-built packets shared by the unit tests and the fuzz seed corpus
/// (tests/fuzz/corpus/message/<name>.bin must equal these bytes; see message.test.cpp).
struct named_packet {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

inline constexpr std::string_view label63 =
    "A 63-octet instance label, exactly the RFC 6763 4.1.1 limit.xyz";  // 63 octets

/// An mDNS response as Avahi sends it for a printer: PTR, SRV (cache-flush, compressed
/// target), TXT (binary value, empty string), A and AAAA in the additional section.
inline std::vector<std::uint8_t> printer_response() {
  packet_builder b;
  b.header(0, 0x8400, 0, 1, 0, 4);
  // answer: _ipp._tcp.local PTR "Büro Drucker 2.OG"._ipp._tcp.local   (owner at offset 12)
  b.name({"_ipp", "_tcp", "local"}).rr_tail(12, 1, 4500).begin_rdata();
  const auto inst = static_cast<std::uint16_t>(b.size());
  b.name_ptr({"B\xC3\xBCro Drucker 2.OG"}, 12).end_rdata();
  // additional: SRV, cache-flush, target hosta.local (compressed)
  b.pointer(inst).rr_tail(33, 0x8001, 120).begin_rdata().u16(0).u16(0).u16(631);
  const auto host = static_cast<std::uint16_t>(b.size());
  b.name_ptr({"hosta"}, 22).end_rdata();  // 22 = offset of "local" in the first name
  // TXT with a binary value and an empty string
  b.pointer(inst).rr_tail(16, 0x8001, 4500).begin_rdata();
  b.txt({"txtvers=1", std::string_view("bin=\x00\x01\xff", 7), "", "rp=printers/buero"}).end_rdata();
  b.pointer(host).rr_tail(1, 0x8001, 120).begin_rdata().u8(198).u8(18).u8(77).u8(1).end_rdata();
  b.pointer(host).rr_tail(28, 0x8001, 120).begin_rdata().u16(0xfe80);
  for (int i = 0; i < 5; ++i) b.u16(0);
  b.u16(0x1).u16(0x2).end_rdata();
  return b.bytes;
}

/// A browse query with the QU bit and one known answer (RFC 6762 §5.4, §7.1).
inline std::vector<std::uint8_t> query_with_known_answer() {
  packet_builder b;
  b.header(0, 0, 1, 1, 0, 0);
  b.name({"_http", "_tcp", "local"}).question_tail(12, 0x8001);
  b.pointer(12).rr_tail(12, 1, 4000).begin_rdata().name_ptr({"Web Server v1.2"}, 12).end_rdata();
  return b.bytes;
}

/// Instance names with a 63-octet label, UTF-8, and a goodbye (TTL 0).
inline std::vector<std::uint8_t> long_label_goodbye() {
  packet_builder b;
  b.header(0, 0x8400, 0, 2, 0, 0);
  b.name({"_http", "_tcp", "local"}).rr_tail(12, 1, 0).begin_rdata().name_ptr({label63}, 12).end_rdata();
  b.pointer(12).rr_tail(12, 1, 4500).begin_rdata().name_ptr({"Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF" "code"}, 12).end_rdata();
  return b.bytes;
}

/// A unicast DNS-SD answer (as BIND sends it): question echoed, SRV/TXT, rcode 0.
inline std::vector<std::uint8_t> unicast_answer() {
  packet_builder b;
  b.header(0x1234, 0x8500, 1, 1, 0, 0);
  b.name({"Web Server v1.2", "_http", "_tcp", "example", "test"}).question_tail(33, 1);
  b.pointer(12).rr_tail(33, 1, 3600).begin_rdata().u16(10).u16(5).u16(8443);
  b.name({"web2", "example", "test"}).end_rdata();
  return b.bytes;
}

inline std::vector<named_packet> seed_packets() {
  return {{"printer_response", printer_response()},
          {"query_known_answer", query_with_known_answer()},
          {"long_label_goodbye", long_label_goodbye()},
          {"unicast_answer", unicast_answer()}};
}

}  // namespace svcname::test
