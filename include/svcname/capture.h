#pragma once
/// @file capture.h
/// DNS traffic from packet captures (pcap and pcapng, as written by tcpdump, Wireshark or
/// dumpcap): every UDP datagram to or from port 5353 (mDNS, RFC 6762) or 53 (unicast DNS),
/// with its frame number, time and source. Frames are decoded link layer -> IPv4/IPv6 -> UDP
/// with the bounds-checked wire::reader; nothing in a frame is trusted.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "svcname/result.h"

namespace svcname::capture {

/// What decode_frame() found in one frame.
enum class frame_status : std::uint8_t {
  dns,          ///< a UDP datagram on port 5353 or 53: payload is set
  not_ip,       ///< ARP, LLDP, ... (not IPv4/IPv6)
  not_udp,      ///< IP, but TCP, ICMP, ...
  other_port,   ///< UDP on other ports
  fragment,     ///< an IP fragment (DNS-SD answers this large are not reassembled)
  truncated,    ///< the frame ends inside a header or the UDP datagram (short snaplen)
  malformed,    ///< a header that cannot be right (IPv4 IHL < 5, UDP length < 8, ...)
  unsupported,  ///< a link type svcname does not decode
};
[[nodiscard]] std::string_view to_string(frame_status s) noexcept;

/// One DNS datagram.
struct dns_packet {
  std::size_t frame = 0;               ///< 1-based frame number in the file (as Wireshark counts)
  std::int64_t time_us = 0;            ///< capture time, microseconds since the epoch
  std::string source;                  ///< source address, "198.18.77.2" or "fe80::1"
  std::uint16_t source_port = 0;
  std::uint16_t dest_port = 0;
  std::span<const std::uint8_t> payload;  ///< the UDP payload; valid during the callback only
};

/// decode_frame()'s answer. For dns, @p packet has source, ports and payload (a view into
/// the frame); frame and time_us are the caller's.
struct frame_result {
  frame_status status = frame_status::unsupported;
  dns_packet packet;
};

/// Decodes one frame of link type @p linktype (the pcap LINKTYPE/DLT value: Ethernet with up
/// to two VLAN tags, Linux cooked v1/v2 as `tcpdump -i any` writes, raw IPv4/IPv6, BSD
/// loopback). Never reads outside @p frame.
[[nodiscard]] frame_result decode_frame(int linktype, std::span<const std::uint8_t> frame) noexcept;

/// True for the link types decode_frame() decodes.
[[nodiscard]] bool is_supported_link(int linktype) noexcept;

/// Counts of what a capture held.
struct capture_stats {
  std::size_t frames = 0;      ///< every frame read
  std::size_t dns = 0;         ///< DNS datagrams handed to the callback
  std::size_t fragments = 0;   ///< IP fragments skipped
  std::size_t truncated = 0;   ///< frames cut short (snaplen) or malformed headers
  std::size_t other = 0;       ///< non-DNS traffic
};

/// Why a capture could not be read: not a pcap/pcapng file, unreadable, an unsupported link
/// type, or a file that ends inside a record (then @p frames says how many were read).
struct capture_error {
  std::string file;
  std::string message;
  std::size_t frames = 0;
  [[nodiscard]] std::string to_string() const;  ///< "file: message"
};

/// Reads @p path ("-" = standard input) and calls @p on_packet for every DNS datagram, in
/// file order. A file truncated mid-record is an error after the callbacks for the complete
/// frames before it, so nothing read is lost.
[[nodiscard]] result<capture_stats, capture_error> read_dns_packets(
    const std::string& path, const std::function<void(const dns_packet&)>& on_packet);

}  // namespace svcname::capture
