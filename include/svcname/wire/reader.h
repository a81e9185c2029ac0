#pragma once
/// @file wire/reader.h
/// Bounds-checked access to untrusted DNS bytes. Every read of a packet goes through
/// `reader`; nothing casts a struct onto packet bytes or walks a raw pointer.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "svcname/result.h"

namespace svcname::wire {

/// Why a message could not be parsed or written.
enum class wire_errc : std::uint8_t {
  truncated,       ///< a field runs past the end of the message (or of its RDATA)
  bad_name,        ///< label > 63 octets, name > 255 octets, or reserved label type 0x40/0x80
  bad_pointer,     ///< compression pointer not strictly backward, out of range, or > 128 jumps
  bad_rdata,       ///< RDATA does not match its type (A not 4 octets, trailing bytes, ...)
  too_large,       ///< message over 65,535 octets (RFC 1035 §4.2.1/§4.2.2 length limits)
  bad_count,       ///< a section count that cannot fit in the remaining octets
  trailing_data,   ///< octets left over after the last section
};

/// Stable lower-case id, e.g. "bad_pointer".
[[nodiscard]] std::string_view to_string(wire_errc c) noexcept;

/// An error and the byte offset in the message where it was found.
struct wire_error {
  wire_errc code{};
  std::uint32_t offset = 0;
  friend bool operator==(const wire_error&, const wire_error&) = default;
};

/// Non-owning cursor over a byte span. Never reads past its end; every read either
/// returns the value and advances, or returns `truncated` with the offset and does not move.
/// Offsets reported are relative to the start of the *whole* message (a sub-reader keeps
/// its base offset), so errors point at the right byte.
class reader {
 public:
  /// @param bytes the message (or a part of it)
  /// @param base  offset of bytes[0] in the whole message (for error offsets)
  explicit reader(std::span<const std::uint8_t> bytes, std::size_t base = 0) noexcept
      : bytes_(bytes), base_(base) {}

  /// One octet.
  [[nodiscard]] result<std::uint8_t, wire_error> u8() noexcept;
  /// Two octets, network order.
  [[nodiscard]] result<std::uint16_t, wire_error> u16be() noexcept;
  /// Four octets, network order.
  [[nodiscard]] result<std::uint32_t, wire_error> u32be() noexcept;
  /// @p n octets as a view into the message.
  [[nodiscard]] result<std::span<const std::uint8_t>, wire_error> bytes(std::size_t n) noexcept;
  /// A reader confined to the next @p n octets (e.g. RDATA confined to RDLENGTH); advances past them.
  [[nodiscard]] result<reader, wire_error> sub(std::size_t n) noexcept;
  /// Skips @p n octets.
  [[nodiscard]] result<void, wire_error> skip(std::size_t n) noexcept;

  /// Position relative to the start of this reader's span.
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  /// Position relative to the whole message (base + position).
  [[nodiscard]] std::size_t offset() const noexcept { return base_ + pos_; }
  /// Octets left.
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  /// True when nothing is left.
  [[nodiscard]] bool empty() const noexcept { return pos_ == bytes_.size(); }
  /// The whole span this reader covers.
  [[nodiscard]] std::span<const std::uint8_t> span() const noexcept { return bytes_; }
  /// An error of kind @p c at the current offset.
  [[nodiscard]] wire_error error(wire_errc c) const noexcept {
    return wire_error{c, static_cast<std::uint32_t>(offset())};
  }

  /// RAII: restores the reader's position on scope exit unless commit() was called.
  class checkpoint {
   public:
    explicit checkpoint(reader& r) noexcept : r_(r), saved_(r.pos_) {}
    ~checkpoint() {
      if (!committed_) r_.pos_ = saved_;
    }
    checkpoint(const checkpoint&) = delete;
    checkpoint& operator=(const checkpoint&) = delete;
    /// Keeps the new position.
    void commit() noexcept { committed_ = true; }

   private:
    reader& r_;
    std::size_t saved_;
    bool committed_ = false;
  };

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t base_ = 0;
  std::size_t pos_ = 0;
};

}  // namespace svcname::wire
