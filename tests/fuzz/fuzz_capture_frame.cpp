// libFuzzer target: capture::decode_frame. The first byte picks the link type; the rest is
// the frame. A DNS result's payload must lie inside the frame.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "svcname/capture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<int, 11> links{0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147};
  const int link = links[data[0] % links.size()];
  const std::span<const std::uint8_t> frame(data + 1, size - 1);
  const auto r = svcname::capture::decode_frame(link, frame);
  if (r.status == svcname::capture::frame_status::dns) {
    const auto* p = r.packet.payload.data();
    if (!r.packet.payload.empty() &&
        (p < frame.data() || p + r.packet.payload.size() > frame.data() + frame.size()))
      std::abort();
    if (r.packet.source.empty()) std::abort();
  }
  return 0;
}
