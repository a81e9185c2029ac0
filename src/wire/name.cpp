// Domain names on the wire: decoding with compression (RFC 1035 §4.1.4) under the limits of
// RFC 1035 §2.3.4, and the presentation form with the escapes of RFC 6763 §4.3.
#include <cstddef>

#include "svcname/chars.h"
#include "svcname/dnssd_name.h"
#include "svcname/wire/message.h"

namespace svcname::wire {

std::string name::to_text() const {
  if (labels.empty()) return ".";
  std::string out;
  for (const auto& l : labels) {
    out += svcname::escape_label(l);  // RFC 6763 §4.3: '.', '\' and unsafe bytes escaped
    out += '.';
  }
  return out;
}

std::size_t name::wire_length() const noexcept {
  std::size_t n = 1;  // root label
  for (const auto& l : labels) n += 1 + l.size();
  return n;
}

bool name::iequals(const name& other) const noexcept {
  if (labels.size() != other.labels.size()) return false;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (!chars::iequals(labels[i], other.labels[i])) return false;
  return true;
}

bool name::ends_with(const name& suffix) const noexcept {
  if (suffix.labels.size() > labels.size()) return false;
  const std::size_t skip = labels.size() - suffix.labels.size();
  for (std::size_t i = 0; i < suffix.labels.size(); ++i)
    if (!chars::iequals(labels[skip + i], suffix.labels[i])) return false;
  return true;
}

name make_name(std::initializer_list<std::string_view> labels) {
  name n;
  for (auto l : labels) n.labels.emplace_back(l);
  return n;
}

result<name, wire_error> name_from_text(std::string_view text) {
  if (text.empty() || text == ".") return name{};
  report r;
  bool fqdn = false;
  auto labels = split_labels(text, r, fqdn);
  if (!r.items.empty()) return fail(wire_error{wire_errc::bad_name, r.items.front().where.offset});
  name n;
  std::size_t total = 1;
  for (auto& l : labels) {
    // RFC 1035 §2.3.4: labels 1..63 octets, names <= 255 octets.
    if (l.bytes.empty() || l.bytes.size() > max_label_octets)
      return fail(wire_error{wire_errc::bad_name, l.where.offset});
    total += 1 + l.bytes.size();
    if (total > max_name_octets) return fail(wire_error{wire_errc::bad_name, l.where.offset});
    n.labels.push_back(std::move(l.bytes));
  }
  return n;
}

result<name, wire_error> parse_name(std::span<const std::uint8_t> whole_message, reader& r) {
  name out;
  std::size_t wire_len = 1;
  std::size_t jumps = 0;
  // Labels are first read from r (confined to its RDATA, if it is a sub-reader); after a
  // compression pointer they are read from the whole message.
  reader jumped(whole_message);
  reader* cur = &r;
  // Start of the labels being read since the last jump: a pointer must point strictly
  // before it (only backward pointers; c-ares ares_dns_name_parse), which also rules out loops.
  std::size_t segment_start = r.offset();
  for (;;) {
    const std::size_t at = cur->offset();
    auto len = cur->u8();
    if (!len) return fail(len.error());
    const std::uint8_t kind = *len & 0xC0u;
    if (kind == 0xC0u) {  // RFC 1035 §4.1.4 compression pointer
      auto lo = cur->u8();
      if (!lo) return fail(lo.error());
      const std::size_t target = (static_cast<std::size_t>(*len & 0x3Fu) << 8) | *lo;
      if (target >= segment_start) return fail(wire_error{wire_errc::bad_pointer, static_cast<std::uint32_t>(at)});
      if (++jumps > max_pointer_jumps)
        return fail(wire_error{wire_errc::bad_pointer, static_cast<std::uint32_t>(at)});
      jumped = reader(whole_message);
      if (auto s = jumped.skip(target); !s)
        return fail(wire_error{wire_errc::bad_pointer, static_cast<std::uint32_t>(at)});
      cur = &jumped;
      segment_start = target;
      continue;
    }
    // RFC 6891 §5 / RFC 2673: 0x40 (extended) and 0x80 (reserved) label types are rejected.
    if (kind != 0) return fail(wire_error{wire_errc::bad_name, static_cast<std::uint32_t>(at)});
    if (*len == 0) break;  // root label
    wire_len += 1u + *len;
    if (wire_len > max_name_octets)  // RFC 1035 §2.3.4: 255 octets, never truncated
      return fail(wire_error{wire_errc::bad_name, static_cast<std::uint32_t>(at)});
    auto bytes = cur->bytes(*len);
    if (!bytes) return fail(bytes.error());
    out.labels.emplace_back(bytes->begin(), bytes->end());
  }
  return out;
}

}  // namespace svcname::wire
