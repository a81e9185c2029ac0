#pragma once
// A small bounds-checked reader over untrusted TXT RDATA (STYLE §4): every access checks
// the remaining length first; there is no raw pointer walking.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace svcname::txt::detail {

class byte_reader {
 public:
  explicit byte_reader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}

  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  [[nodiscard]] bool empty() const noexcept { return pos_ >= bytes_.size(); }

  /// Next byte, or nullopt at the end.
  [[nodiscard]] std::optional<std::uint8_t> u8() noexcept {
    if (remaining() < 1) return std::nullopt;
    return bytes_[pos_++];
  }
  /// Next @p n bytes, or nullopt when fewer remain (the position is then unchanged).
  [[nodiscard]] std::optional<std::span<const std::uint8_t>> bytes(std::size_t n) noexcept {
    if (remaining() < n) return std::nullopt;
    auto s = bytes_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace svcname::txt::detail
