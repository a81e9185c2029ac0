// One captured frame -> its UDP payload, when it is DNS. Link layers per the tcpdump.org
// LINKTYPE list; IPv4 per RFC 791, IPv6 per RFC 8200 (extension headers §4), UDP per RFC 768.
// Every read goes through wire::reader, so a short or lying frame can only yield truncated.
#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "svcname/capture.h"
#include "svcname/wire/reader.h"

namespace svcname::capture {
namespace {

// Link types (pcap_datalink() values; LINKTYPE_RAW is 101 in files, DLT_RAW 12 or 14 in memory).
constexpr int link_null = 0, link_ethernet = 1, link_raw_12 = 12, link_raw_14 = 14, link_raw = 101,
              link_loop = 108, link_sll = 113, link_ipv4 = 228, link_ipv6 = 229, link_sll2 = 276;
constexpr std::uint16_t ether_ipv4 = 0x0800, ether_ipv6 = 0x86DD, ether_vlan = 0x8100,
                        ether_qinq = 0x88A8;
constexpr std::uint8_t ip_udp = 17;
constexpr std::uint16_t port_mdns = 5353, port_dns = 53;

frame_result with(frame_status s) { return frame_result{s, {}}; }

std::string address_text(int family, std::span<const std::uint8_t> a) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  if (!::inet_ntop(family, a.data(), buf.data(), buf.size())) return "?";
  return buf.data();
}

// UDP (RFC 768): the datagram must fit in what the IP header says and in what was captured.
frame_result decode_udp(wire::reader r, std::string source) {
  auto sp = r.u16be();
  auto dp = r.u16be();
  auto len = r.u16be();
  if (!sp || !dp || !len || !r.skip(2)) return with(frame_status::truncated);  // + checksum
  if (*sp != port_mdns && *dp != port_mdns && *sp != port_dns && *dp != port_dns)
    return with(frame_status::other_port);
  if (*len < 8) return with(frame_status::malformed);
  auto payload = r.bytes(*len - 8u);
  if (!payload) return with(frame_status::truncated);
  frame_result out{frame_status::dns, {}};
  out.packet.source = std::move(source);
  out.packet.source_port = *sp;
  out.packet.dest_port = *dp;
  out.packet.payload = *payload;
  return out;
}

// IPv4 (RFC 791 §3.1).
frame_result decode_ipv4(wire::reader r) {
  auto vihl = r.u8();
  if (!vihl) return with(frame_status::truncated);
  if ((*vihl >> 4) != 4) return with(frame_status::malformed);
  const std::size_t ihl = (*vihl & 0x0Fu) * 4u;
  if (ihl < 20) return with(frame_status::malformed);
  if (!r.skip(1)) return with(frame_status::truncated);  // type of service
  auto total = r.u16be();
  if (!total || !r.skip(2)) return with(frame_status::truncated);  // identification
  auto frag = r.u16be();
  if (!frag || !r.skip(1)) return with(frame_status::truncated);  // time to live
  auto proto = r.u8();
  if (!proto || !r.skip(2)) return with(frame_status::truncated);  // header checksum
  auto src = r.bytes(4);
  if (!src || !r.skip(4) || !r.skip(ihl - 20)) return with(frame_status::truncated);
  if (*total < ihl) return with(frame_status::malformed);
  if ((*frag & 0x2000u) || (*frag & 0x1FFFu)) return with(frame_status::fragment);  // MF or offset
  if (*proto != ip_udp) return with(frame_status::not_udp);
  // Ethernet pads short frames: the datagram ends where the IP total length says.
  const std::size_t body = std::min<std::size_t>(*total - ihl, r.remaining());
  auto udp = r.sub(body);
  if (!udp) return with(frame_status::truncated);
  return decode_udp(*udp, address_text(AF_INET, *src));
}

// IPv6 (RFC 8200 §3, extension headers §4.3-§4.6); at most 8 extension headers.
frame_result decode_ipv6(wire::reader r) {
  auto vtf = r.u32be();
  if (!vtf) return with(frame_status::truncated);
  auto plen = r.u16be();
  if (!plen) return with(frame_status::truncated);
  auto next = r.u8();
  if (!next || !r.skip(1)) return with(frame_status::truncated);  // hop limit
  if ((*vtf >> 28) != 6) return with(frame_status::malformed);
  auto src = r.bytes(16);
  if (!src || !r.skip(16)) return with(frame_status::truncated);
  const std::size_t body = std::min<std::size_t>(*plen, r.remaining());
  auto p = r.sub(body);
  if (!p) return with(frame_status::truncated);
  std::uint8_t nh = *next;
  for (int i = 0; i < 8; ++i) {
    if (nh == ip_udp) return decode_udp(*p, address_text(AF_INET6, *src));
    if (nh == 44) return with(frame_status::fragment);
    if (nh != 0 && nh != 43 && nh != 60) return with(frame_status::not_udp);  // hop-by-hop, routing, dest opts
    auto n = p->u8();
    if (!n) return with(frame_status::truncated);
    auto len = p->u8();
    if (!len || !p->skip(std::size_t(*len) * 8u + 6u)) return with(frame_status::truncated);
    nh = *n;
  }
  return with(frame_status::malformed);
}

frame_result decode_ethertype(std::uint16_t type, wire::reader r) {
  if (type == ether_ipv4) return decode_ipv4(r);
  if (type == ether_ipv6) return decode_ipv6(r);
  return with(frame_status::not_ip);
}

// Raw IP: the version nibble says which.
frame_result decode_raw_ip(wire::reader r) {
  if (r.empty()) return with(frame_status::truncated);
  const auto v = r.span()[r.position()] >> 4;
  if (v == 4) return decode_ipv4(r);
  if (v == 6) return decode_ipv6(r);
  return with(frame_status::not_ip);
}

}  // namespace

std::string_view to_string(frame_status s) noexcept {
  switch (s) {
    case frame_status::dns: return "dns";
    case frame_status::not_ip: return "not_ip";
    case frame_status::not_udp: return "not_udp";
    case frame_status::other_port: return "other_port";
    case frame_status::fragment: return "fragment";
    case frame_status::truncated: return "truncated";
    case frame_status::malformed: return "malformed";
    case frame_status::unsupported: return "unsupported";
  }
  return "unsupported";
}

bool is_supported_link(int linktype) noexcept {
  for (int t : {link_null, link_ethernet, link_raw_12, link_raw_14, link_raw, link_loop, link_sll, link_ipv4,
                link_ipv6, link_sll2})
    if (linktype == t) return true;
  return false;
}

frame_result decode_frame(int linktype, std::span<const std::uint8_t> frame) noexcept {
  try {
    wire::reader r(frame);
    switch (linktype) {
      case link_ethernet: {  // IEEE 802.3: dst(6) src(6) type(2), VLAN tags (4 each)
        if (!r.skip(12)) return with(frame_status::truncated);
        auto type = r.u16be();
        for (int tags = 0; type && (*type == ether_vlan || *type == ether_qinq) && tags < 2; ++tags) {
          if (!r.skip(2)) return with(frame_status::truncated);  // the tag control information
          type = r.u16be();
        }
        if (!type) return with(frame_status::truncated);
        return decode_ethertype(*type, r);
      }
      case link_sll: {  // Linux cooked v1: type(2) arphrd(2) addrlen(2) addr(8) protocol(2)
        if (!r.skip(14)) return with(frame_status::truncated);
        auto proto = r.u16be();
        if (!proto) return with(frame_status::truncated);
        return decode_ethertype(*proto, r);
      }
      case link_sll2: {  // Linux cooked v2: protocol(2) reserved(2) ifindex(4) ... (20 bytes)
        auto proto = r.u16be();
        if (!proto || !r.skip(18)) return with(frame_status::truncated);
        return decode_ethertype(*proto, r);
      }
      case link_null:
      case link_loop: {  // BSD loopback: 4-byte address family, host (NULL) or network (LOOP) order
        auto fam = r.bytes(4);
        if (!fam) return with(frame_status::truncated);
        return decode_raw_ip(r);  // AF_INET6 differs between BSDs; the IP version nibble does not
      }
      case link_raw_12:
      case link_raw_14:
      case link_raw:
        return decode_raw_ip(r);
      case link_ipv4:
        return decode_ipv4(r);
      case link_ipv6:
        return decode_ipv6(r);
      default:
        return with(frame_status::unsupported);
    }
  } catch (...) {  // only std::bad_alloc from the address string can get here
    return with(frame_status::malformed);
  }
}

}  // namespace svcname::capture
