// Captures: frames decoded down to DNS (every link type, IPv4/IPv6, fragments, short frames)
// and whole pcap files written by libpcap around real responder packets.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>

#include "pcap_writer.h"
#include "svcname/capture.h"
#include "svcname/wire/message.h"
#include "test_paths.h"

using namespace svcname;
using namespace svcname::capture;
namespace t = svcname::test;

namespace {
t::bytes payload(const std::string& file) {
  const auto s = t::slurp(t::data("packets/" + file));
  REQUIRE_FALSE(s.empty());
  return t::bytes(s.begin(), s.end());
}
const std::array<std::uint8_t, 4> host_a{198, 18, 77, 2};
const std::array<std::uint8_t, 16> host_b6{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b};

// Decodes from an exactly-sized heap copy, so ASan sees any read past the frame. The copies
// live until the end of the run: a result's payload points into its frame.
frame_result decode(int dlt, const t::bytes& f) {
  static std::vector<std::unique_ptr<std::uint8_t[]>> frames;
  frames.push_back(std::make_unique<std::uint8_t[]>(f.size()));
  std::copy(f.begin(), f.end(), frames.back().get());
  return decode_frame(dlt, std::span<const std::uint8_t>(frames.back().get(), f.size()));
}
}  // namespace

TEST_CASE("a frame is decoded to its DNS payload on every supported link type", "[capture]") {
  const auto dns = payload("avahi_legacy_http.bin");
  const auto u = t::udp(dns, 5353, 40000);
  struct form {
    const char* what;
    int dlt;
    t::bytes frame;
    const char* source;
  };
  const std::vector<form> forms{
      {"Ethernet, IPv4", DLT_EN10MB, t::ethernet(t::ipv4(u, host_a), 0x0800), "198.18.77.2"},
      {"Ethernet, 802.1Q, IPv4", DLT_EN10MB, t::ethernet(t::ipv4(u, host_a), 0x0800, true), "198.18.77.2"},
      {"Ethernet, IPv6", DLT_EN10MB, t::ethernet(t::ipv6(u, host_b6), 0x86DD), "fe80::b"},
      {"Ethernet, IPv6 + hop-by-hop", DLT_EN10MB, t::ethernet(t::ipv6(u, host_b6, true), 0x86DD), "fe80::b"},
      {"Linux cooked, IPv4", DLT_LINUX_SLL, t::sll(t::ipv4(u, host_a), 0x0800), "198.18.77.2"},
      {"raw IPv6", DLT_RAW, t::ipv6(u, host_b6), "fe80::b"},
      {"LINKTYPE_RAW (file value)", 101, t::ipv4(u, host_a), "198.18.77.2"},
  };
  for (const auto& f : forms) {
    INFO(f.what);
    const auto r = decode(f.dlt, f.frame);
    REQUIRE(r.status == frame_status::dns);
    CHECK(r.packet.source == f.source);
    CHECK(r.packet.source_port == 5353);
    CHECK(r.packet.dest_port == 40000);
    CHECK(t::bytes(r.packet.payload.begin(), r.packet.payload.end()) == dns);
    // Every shorter capture of the same frame (a small snaplen) is truncated, never read past.
    for (std::size_t n = 0; n < f.frame.size(); ++n) {
      const auto cut = decode(f.dlt, t::bytes(f.frame.begin(), f.frame.begin() + static_cast<long>(n)));
      INFO("cut at " << n);
      CHECK(cut.status == frame_status::truncated);
    }
  }
  // Ethernet padding after the IP datagram is not part of the payload.
  auto padded = t::ethernet(t::ipv4(t::udp({1, 2, 3}, 53, 53), host_a), 0x0800);
  padded.resize(padded.size() + 20, 0);
  const auto p = decode(DLT_EN10MB, padded);
  REQUIRE(p.status == frame_status::dns);
  CHECK(p.packet.payload.size() == 3);
}

TEST_CASE("frames that are not DNS say why", "[capture]") {
  const t::bytes dns{0, 1, 2, 3};
  CHECK(decode(DLT_EN10MB, t::ethernet(t::ipv4(t::udp(dns, 1900, 1900), host_a), 0x0800)).status ==
        frame_status::other_port);
  CHECK(decode(DLT_EN10MB, t::ethernet(t::ipv4(t::udp(dns, 5353, 5353), host_a, 6), 0x0800)).status ==
        frame_status::not_udp);
  CHECK(decode(DLT_EN10MB, t::ethernet(t::ipv4(t::udp(dns, 5353, 5353), host_a, 17, 0x2000), 0x0800)).status ==
        frame_status::fragment);  // more fragments
  CHECK(decode(DLT_EN10MB, t::ethernet(t::ipv4(t::udp(dns, 5353, 5353), host_a, 17, 0x0010), 0x0800)).status ==
        frame_status::fragment);  // a later fragment
  CHECK(decode(DLT_EN10MB, t::ethernet({0, 1, 8, 0, 6, 4, 0, 1}, 0x0806)).status == frame_status::not_ip);  // ARP
  CHECK(decode(147, t::bytes{1, 2, 3}).status == frame_status::unsupported);
  // A UDP length below its own header is malformed; one beyond the frame is truncated.
  auto bad = t::ipv4(t::udp(dns, 5353, 5353), host_a);
  bad[24] = 0;
  bad[25] = 4;
  CHECK(decode(DLT_RAW, bad).status == frame_status::malformed);
  bad[25] = 200;
  CHECK(decode(DLT_RAW, bad).status == frame_status::truncated);
}

TEST_CASE("a pcap file of real responder packets is read frame by frame", "[capture]") {
  const auto dir = t::scratch_dir("capture-read");
  const auto avahi = payload("avahi_legacy_http.bin"), zc = payload("zeroconf_legacy_http.bin");
  const std::string file = dir + "/lan.pcap";
  REQUIRE(t::write_pcap(file, DLT_EN10MB,
                        {t::ethernet({0, 1, 8, 0, 6, 4, 0, 1}, 0x0806),
                         t::ethernet(t::ipv4(t::udp(avahi, 5353, 40000), host_a), 0x0800),
                         t::ethernet(t::ipv4(t::udp(avahi, 5353, 5353), host_a, 17, 0x2000), 0x0800),
                         t::ethernet(t::ipv6(t::udp(zc, 5353, 40000), host_b6), 0x86DD)}));
  std::vector<std::pair<std::size_t, std::string>> got;
  auto st = read_dns_packets(file, [&](const dns_packet& p) {
    got.emplace_back(p.frame, p.source);
    auto m = wire::parse_message(p.payload);
    CHECK(m.has_value());
    CHECK(p.time_us == (1767225600LL + static_cast<long long>(p.frame) - 1) * 1000000 + 250000);
  });
  REQUIRE(st.has_value());
  CHECK(st->frames == 4);
  CHECK(st->dns == 2);
  CHECK(st->fragments == 1);
  CHECK(st->other == 1);
  CHECK(got == std::vector<std::pair<std::size_t, std::string>>{{2, "198.18.77.2"}, {4, "fe80::b"}});

  SECTION("a file cut inside a record: the frames before it, then an error") {
    const auto whole = t::slurp(file);
    const std::string cut = dir + "/cut.pcap";
    std::ofstream(cut, std::ios::binary) << whole.substr(0, whole.size() - 10);
    std::size_t delivered = 0;
    auto r = read_dns_packets(cut, [&](const dns_packet&) { ++delivered; });
    REQUIRE_FALSE(r.has_value());
    CHECK(delivered == 1);
    CHECK(r.error().frames == 3);
    CHECK(r.error().to_string() == cut + ": " + r.error().message);
    CHECK(r.error().message.find("after frame 3") != std::string::npos);
  }
  SECTION("not a capture, or no file") {
    const std::string text = dir + "/notes.txt";
    std::ofstream(text) << "hello, this is not a capture\n";
    auto r = read_dns_packets(text, [](const dns_packet&) {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("not a pcap or pcapng capture") != std::string::npos);
    auto none = read_dns_packets(dir + "/missing.pcap", [](const dns_packet&) {});
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().message.find("No such file") != std::string::npos);
  }
  SECTION("an unsupported link type is refused up front") {
    const std::string usb = dir + "/usb.pcap";
    REQUIRE(t::write_pcap(usb, DLT_USB_LINUX, {t::bytes{1, 2, 3}}));
    auto r = read_dns_packets(usb, [](const dns_packet&) {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("is not supported") != std::string::npos);
  }
}
