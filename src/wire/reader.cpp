// Bounds-checked reader: the only code that touches packet bytes by index.
#include "svcname/wire/reader.h"

namespace svcname::wire {

std::string_view to_string(wire_errc c) noexcept {
  switch (c) {
    case wire_errc::truncated: return "truncated";
    case wire_errc::bad_name: return "bad_name";
    case wire_errc::bad_pointer: return "bad_pointer";
    case wire_errc::bad_rdata: return "bad_rdata";
    case wire_errc::too_large: return "too_large";
    case wire_errc::bad_count: return "bad_count";
    case wire_errc::trailing_data: return "trailing_data";
  }
  return "unknown";
}

result<std::uint8_t, wire_error> reader::u8() noexcept {
  if (remaining() < 1) return fail(error(wire_errc::truncated));
  return bytes_[pos_++];
}

result<std::uint16_t, wire_error> reader::u16be() noexcept {
  if (remaining() < 2) return fail(error(wire_errc::truncated));
  const auto v = static_cast<std::uint16_t>((bytes_[pos_] << 8) | bytes_[pos_ + 1]);
  pos_ += 2;
  return v;
}

result<std::uint32_t, wire_error> reader::u32be() noexcept {
  if (remaining() < 4) return fail(error(wire_errc::truncated));
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | bytes_[pos_ + i];
  pos_ += 4;
  return v;
}

result<std::span<const std::uint8_t>, wire_error> reader::bytes(std::size_t n) noexcept {
  if (remaining() < n) return fail(error(wire_errc::truncated));
  auto s = bytes_.subspan(pos_, n);
  pos_ += n;
  return s;
}

result<reader, wire_error> reader::sub(std::size_t n) noexcept {
  if (remaining() < n) return fail(error(wire_errc::truncated));
  reader r(bytes_.subspan(pos_, n), base_ + pos_);
  pos_ += n;
  return r;
}

result<void, wire_error> reader::skip(std::size_t n) noexcept {
  if (remaining() < n) return fail(error(wire_errc::truncated));
  pos_ += n;
  return {};
}

}  // namespace svcname::wire
