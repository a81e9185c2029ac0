#pragma once
// Builds link-layer frames around real DNS payloads and writes them as pcap files with
// libpcap's own writer, for the capture tests (unit and CLI).
#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace svcname::test {

using bytes = std::vector<std::uint8_t>;

inline void put16(bytes& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

/// UDP header + payload (checksum 0: "none" for IPv4; the reader does not verify it).
inline bytes udp(const bytes& payload, unsigned sport, unsigned dport) {
  bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<unsigned>(payload.size() + 8));
  put16(b, 0);
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

/// IPv4 header (IHL 5) around @p l4; @p frag is the flags/fragment-offset field.
inline bytes ipv4(const bytes& l4, std::array<std::uint8_t, 4> src, unsigned proto = 17, unsigned frag = 0) {
  bytes b{0x45, 0};
  put16(b, static_cast<unsigned>(l4.size() + 20));
  put16(b, 0x1234);
  put16(b, frag);
  b.push_back(255);
  b.push_back(static_cast<std::uint8_t>(proto));
  put16(b, 0);
  b.insert(b.end(), src.begin(), src.end());
  for (std::uint8_t x : {224, 0, 0, 251}) b.push_back(x);
  b.insert(b.end(), l4.begin(), l4.end());
  return b;
}

/// IPv6 header around @p l4, optionally behind a hop-by-hop options header (8 bytes).
inline bytes ipv6(const bytes& l4, const std::array<std::uint8_t, 16>& src, bool hop_by_hop = false) {
  bytes ext;
  if (hop_by_hop) ext = {17, 0, 1, 4, 0, 0, 0, 0};  // next UDP, length 0 (8 bytes), PadN
  bytes b{0x60, 0, 0, 0};
  put16(b, static_cast<unsigned>(l4.size() + ext.size()));
  b.push_back(hop_by_hop ? 0 : 17);
  b.push_back(255);
  b.insert(b.end(), src.begin(), src.end());
  const std::array<std::uint8_t, 16> dst{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfb};
  b.insert(b.end(), dst.begin(), dst.end());
  b.insert(b.end(), ext.begin(), ext.end());
  b.insert(b.end(), l4.begin(), l4.end());
  return b;
}

/// Ethernet II frame, with an 802.1Q tag when @p vlan.
inline bytes ethernet(const bytes& l3, unsigned ethertype, bool vlan = false) {
  bytes b{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
  if (vlan) {
    put16(b, 0x8100);
    put16(b, 42);
  }
  put16(b, ethertype);
  b.insert(b.end(), l3.begin(), l3.end());
  return b;
}

/// Linux cooked capture v1 (what `tcpdump -i any` writes).
inline bytes sll(const bytes& l3, unsigned ethertype) {
  bytes b;
  put16(b, 0);  // packet type: to us
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);
  for (std::uint8_t x : {2, 0, 0, 0, 0, 2, 0, 0}) b.push_back(x);
  put16(b, ethertype);
  b.insert(b.end(), l3.begin(), l3.end());
  return b;
}

/// Writes @p frames (1 s apart from 2026-01-01T00:00:00Z) to @p path with link type @p dlt.
inline bool write_pcap(const std::string& path, int dlt, const std::vector<bytes>& frames) {
  pcap_t* dead = ::pcap_open_dead(dlt, 65535);
  if (!dead) return false;
  pcap_dumper_t* d = ::pcap_dump_open(dead, path.c_str());
  if (!d) {
    ::pcap_close(dead);
    return false;
  }
  long t = 1767225600;
  for (const auto& f : frames) {
    pcap_pkthdr h{};
    h.ts.tv_sec = t++;
    h.ts.tv_usec = 250000;
    h.caplen = h.len = static_cast<bpf_u_int32>(f.size());
    ::pcap_dump(reinterpret_cast<u_char*>(d), &h, f.data());
  }
  ::pcap_dump_close(d);
  ::pcap_close(dead);
  return true;
}

}  // namespace svcname::test
