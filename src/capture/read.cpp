// Reading capture files with libpcap (pcap and pcapng; the file format is libpcap's job, the
// frames' contents are ours: frame.cpp).
#include <pcap/pcap.h>

#include <array>
#include <memory>

#include "svcname/capture.h"

namespace svcname::capture {

std::string capture_error::to_string() const { return file + ": " + message; }

namespace {
std::string link_name(int dlt) {
  const char* n = ::pcap_datalink_val_to_name(dlt);
  return n ? std::string(n) + " (" + std::to_string(dlt) + ")" : std::to_string(dlt);
}
}  // namespace

result<capture_stats, capture_error> read_dns_packets(
    const std::string& path, const std::function<void(const dns_packet&)>& on_packet) {
  const std::string shown = path == "-" ? "<stdin>" : path;
  std::array<char, PCAP_ERRBUF_SIZE> err{};
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(
      ::pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, err.data()),
      [](pcap_t* x) { ::pcap_close(x); });
  if (!p) {
    std::string m = err.data();
    if (m.find("unknown file format") != std::string::npos || m.find("bad dump file format") != std::string::npos)
      m += " (not a pcap or pcapng capture; write one with tcpdump -w FILE or Wireshark)";
    return fail(capture_error{shown, m, 0});
  }
  const int dlt = ::pcap_datalink(p.get());
  if (!is_supported_link(dlt))
    return fail(capture_error{shown, "link type " + link_name(dlt) +
                                         " is not supported (Ethernet, Linux cooked as `tcpdump -i any` "
                                         "writes, raw IP and loopback are)", 0});
  capture_stats st;
  for (;;) {
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    const int rc = ::pcap_next_ex(p.get(), &h, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // end of file
    if (rc != 1)
      return fail(capture_error{shown, std::string(::pcap_geterr(p.get())) + " after frame " +
                                           std::to_string(st.frames), st.frames});
    ++st.frames;
    const auto fr = decode_frame(dlt, std::span<const std::uint8_t>(data, h->caplen));
    switch (fr.status) {
      case frame_status::dns: {
        dns_packet pk = fr.packet;
        pk.frame = st.frames;
        pk.time_us = std::int64_t(h->ts.tv_sec) * 1000000 + h->ts.tv_usec;
        ++st.dns;
        on_packet(pk);
        break;
      }
      case frame_status::fragment: ++st.fragments; break;
      case frame_status::truncated:
      case frame_status::malformed: ++st.truncated; break;
      default: ++st.other; break;
    }
  }
  return st;
}

}  // namespace svcname::capture
