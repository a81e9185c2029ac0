// DNS messages: parse and write (RFC 1035 §4), mDNS class bits (RFC 6762 §10.2 cache-flush,
// §5.4 unicast-response), typed RDATA for PTR/SRV/TXT/A/AAAA. Every byte is read through
// wire::reader; writing validates the same limits that parsing enforces.
#include <string>
#include <unordered_map>

#include "svcname/wire/message.h"

namespace svcname::wire {
namespace {

constexpr std::uint16_t class_top_bit = 0x8000;

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

result<rdata, wire_error> parse_rdata(std::span<const std::uint8_t> whole, std::uint16_t type,
                                      reader rd) {
  const auto bad = [&] { return fail(rd.error(wire_errc::bad_rdata)); };
  switch (type) {
    case rr_type::a: {  // RFC 1035 §3.4.1: exactly 4 octets
      if (rd.remaining() != 4) return bad();
      a_rdata a;
      auto b = rd.bytes(4);
      std::copy(b->begin(), b->end(), a.address.begin());
      return a;
    }
    case rr_type::aaaa: {  // RFC 3596 §2.2: exactly 16 octets
      if (rd.remaining() != 16) return bad();
      aaaa_rdata a;
      auto b = rd.bytes(16);
      std::copy(b->begin(), b->end(), a.address.begin());
      return a;
    }
    case rr_type::ptr:
    case rr_type::ns:
    case rr_type::cname: {  // one name filling RDLENGTH exactly
      auto n = parse_name(whole, rd);
      if (!n) return fail(n.error());
      if (!rd.empty()) return bad();
      return ptr_rdata{std::move(*n)};
    }
    case rr_type::srv: {  // RFC 2782: priority, weight, port, target
      srv_rdata s;
      auto p = rd.u16be();
      if (!p) return fail(p.error());
      auto w = rd.u16be();
      if (!w) return fail(w.error());
      auto port = rd.u16be();
      if (!port) return fail(port.error());
      auto t = parse_name(whole, rd);
      if (!t) return fail(t.error());
      if (!rd.empty()) return bad();
      s.priority = *p;
      s.weight = *w;
      s.port = *port;
      s.target = std::move(*t);
      return s;
    }
    case rr_type::txt: {  // RFC 1035 §3.3.14 / RFC 6763 §6: <length><bytes>... to RDLENGTH
      txt_rdata t;
      while (!rd.empty()) {
        auto len = rd.u8();
        auto b = rd.bytes(*len);
        if (!b) return fail(wire_error{wire_errc::bad_rdata, b.error().offset});
        t.strings.emplace_back(b->begin(), b->end());
      }
      return t;
    }
    default: {
      auto b = rd.bytes(rd.remaining());
      return raw_rdata{std::vector<std::uint8_t>(b->begin(), b->end())};
    }
  }
}

result<resource_record, wire_error> parse_rr(std::span<const std::uint8_t> whole, reader& r,
                                             const parse_options& opt) {
  resource_record rr;
  auto owner = parse_name(whole, r);
  if (!owner) return fail(owner.error());
  rr.owner = std::move(*owner);
  auto type = r.u16be();
  if (!type) return fail(type.error());
  auto cls = r.u16be();
  if (!cls) return fail(cls.error());
  auto ttl = r.u32be();
  if (!ttl) return fail(ttl.error());
  auto rdlen = r.u16be();
  if (!rdlen) return fail(rdlen.error());
  auto rd = r.sub(*rdlen);
  if (!rd) return fail(rd.error());
  rr.type = *type;
  rr.rclass = *cls;
  if (opt.mdns_class_bits) {  // RFC 6762 §10.2: top bit of rrclass is the cache-flush bit
    rr.cache_flush = (*cls & class_top_bit) != 0;
    rr.rclass = static_cast<std::uint16_t>(*cls & ~class_top_bit);
  }
  rr.ttl = *ttl;
  auto data = parse_rdata(whole, rr.type, *rd);
  if (!data) return fail(data.error());
  rr.data = std::move(*data);
  return rr;
}

}  // namespace

std::string type_to_string(std::uint16_t type) {
  switch (type) {
    case rr_type::a: return "A";
    case rr_type::ns: return "NS";
    case rr_type::cname: return "CNAME";
    case rr_type::ptr: return "PTR";
    case rr_type::txt: return "TXT";
    case rr_type::aaaa: return "AAAA";
    case rr_type::srv: return "SRV";
    case rr_type::opt: return "OPT";
    case rr_type::nsec: return "NSEC";
    case rr_type::any: return "ANY";
    default: return "TYPE" + std::to_string(type);  // RFC 3597 §5
  }
}

result<message, wire_error> parse_message(std::span<const std::uint8_t> bytes,
                                          const parse_options& opt) {
  // Reject oversized input up front (c-ares fuzzer, systemd DNS_PACKET_SIZE_MAX).
  if (bytes.size() > max_message_octets) return fail(wire_error{wire_errc::too_large, 0});
  reader r(bytes);
  message m;
  std::uint16_t counts[4] = {};
  auto id = r.u16be();
  if (!id) return fail(id.error());
  auto flags = r.u16be();
  if (!flags) return fail(flags.error());
  for (auto& c : counts) {
    auto v = r.u16be();
    if (!v) return fail(v.error());
    c = *v;
  }
  m.hdr.id = *id;
  m.hdr.flags = *flags;
  // A question takes at least 5 octets, a record at least 11: counts that cannot fit are
  // rejected before anything is reserved.
  const std::size_t min_needed = std::size_t{counts[0]} * 5 +
                                 (std::size_t{counts[1]} + counts[2] + counts[3]) * 11;
  if (min_needed > r.remaining()) return fail(wire_error{wire_errc::bad_count, 4});

  m.questions.reserve(counts[0]);
  for (std::size_t i = 0; i < counts[0]; ++i) {
    question q;
    auto n = parse_name(bytes, r);
    if (!n) return fail(n.error());
    auto t = r.u16be();
    if (!t) return fail(t.error());
    auto c = r.u16be();
    if (!c) return fail(c.error());
    q.qname = std::move(*n);
    q.qtype = *t;
    q.qclass = *c;
    if (opt.mdns_class_bits) {  // RFC 6762 §5.4: top bit of qclass is the QU bit
      q.unicast_response = (*c & class_top_bit) != 0;
      q.qclass = static_cast<std::uint16_t>(*c & ~class_top_bit);
    }
    m.questions.push_back(std::move(q));
  }
  std::vector<resource_record>* sections[3] = {&m.answers, &m.authorities, &m.additionals};
  for (std::size_t s = 0; s < 3; ++s) {
    sections[s]->reserve(counts[s + 1]);
    for (std::size_t i = 0; i < counts[s + 1]; ++i) {
      auto rr = parse_rr(bytes, r, opt);
      if (!rr) return fail(rr.error());
      sections[s]->push_back(std::move(*rr));
    }
  }
  if (opt.reject_trailing_data && !r.empty()) return fail(r.error(wire_errc::trailing_data));
  return m;
}

// ---------------------------------------------------------------------------------------
// Writing

namespace {

class writer {
 public:
  writer() = default;

  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v & 0xFFu));
  }
  void u32(std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
      out_.push_back(static_cast<std::uint8_t>((v >> shift) & 0xFFu));
  }
  void raw(std::span<const std::uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void raw(std::string_view b) {
    for (char c : b) out_.push_back(static_cast<std::uint8_t>(c));
  }
  [[nodiscard]] std::size_t size() const noexcept { return out_.size(); }
  void patch16(std::size_t at, std::uint16_t v) {
    out_.at(at) = static_cast<std::uint8_t>(v >> 8);
    out_.at(at + 1) = static_cast<std::uint8_t>(v & 0xFFu);
  }
  [[nodiscard]] wire_error error(wire_errc c) const { return wire_error{c, ::svcname::wire::u32(out_.size())}; }

  /// Writes @p n, compressed against earlier names when @p compress (RFC 1035 §4.1.4):
  /// the longest already-written suffix becomes a pointer. Keys are exact bytes, so case is kept.
  result<void, wire_error> name(const wire::name& n, bool compress) {
    if (n.wire_length() > max_name_octets) return fail(error(wire_errc::bad_name));
    for (const auto& l : n.labels)
      if (l.empty() || l.size() > max_label_octets) return fail(error(wire_errc::bad_name));
    std::string key;  // wire form of the suffix starting at label i
    for (std::size_t i = 0; i < n.labels.size(); ++i) {
      key.clear();
      for (std::size_t j = i; j < n.labels.size(); ++j) {
        key += static_cast<char>(n.labels[j].size());
        key += n.labels[j];
      }
      if (compress) {
        if (auto it = suffixes_.find(key); it != suffixes_.end()) {
          u16(static_cast<std::uint16_t>(0xC000u | it->second));
          return {};
        }
        if (out_.size() < 0x3FFF) suffixes_.emplace(key, static_cast<std::uint16_t>(out_.size()));
      }
      u8(static_cast<std::uint8_t>(n.labels[i].size()));
      raw(std::string_view(n.labels[i]));
    }
    u8(0);
    return {};
  }

  std::vector<std::uint8_t> take() { return std::move(out_); }

 private:
  std::vector<std::uint8_t> out_;
  std::unordered_map<std::string, std::uint16_t> suffixes_;
};

result<void, wire_error> write_rdata(writer& w, const resource_record& rr, bool compress) {
  struct visitor {
    writer& w;
    bool compress;
    result<void, wire_error> operator()(const raw_rdata& r) {
      w.raw(std::span<const std::uint8_t>(r.bytes));
      return {};
    }
    result<void, wire_error> operator()(const ptr_rdata& p) { return w.name(p.target, compress); }
    result<void, wire_error> operator()(const srv_rdata& s) {
      w.u16(s.priority);
      w.u16(s.weight);
      w.u16(s.port);
      return w.name(s.target, compress);
    }
    result<void, wire_error> operator()(const txt_rdata& t) {
      for (const auto& s : t.strings) {
        if (s.size() > 255) return fail(w.error(wire_errc::bad_rdata));  // one length octet
        w.u8(static_cast<std::uint8_t>(s.size()));
        w.raw(std::string_view(s));
      }
      return {};
    }
    result<void, wire_error> operator()(const a_rdata& a) {
      w.raw(std::span<const std::uint8_t>(a.address));
      return {};
    }
    result<void, wire_error> operator()(const aaaa_rdata& a) {
      w.raw(std::span<const std::uint8_t>(a.address));
      return {};
    }
  };
  return std::visit(visitor{w, compress}, rr.data);
}

}  // namespace

result<std::vector<std::uint8_t>, wire_error> write_message(const message& m,
                                                            const write_options& opt) {
  writer w;
  if (m.questions.size() > 0xFFFF || m.answers.size() > 0xFFFF || m.authorities.size() > 0xFFFF ||
      m.additionals.size() > 0xFFFF)
    return fail(wire_error{wire_errc::too_large, 0});
  w.u16(m.hdr.id);
  w.u16(m.hdr.flags);
  w.u16(static_cast<std::uint16_t>(m.questions.size()));
  w.u16(static_cast<std::uint16_t>(m.answers.size()));
  w.u16(static_cast<std::uint16_t>(m.authorities.size()));
  w.u16(static_cast<std::uint16_t>(m.additionals.size()));
  for (const auto& q : m.questions) {
    if (auto r = w.name(q.qname, opt.compress); !r) return fail(r.error());
    w.u16(q.qtype);
    w.u16(opt.mdns_class_bits && q.unicast_response
              ? static_cast<std::uint16_t>(q.qclass | class_top_bit)  // RFC 6762 §5.4
              : q.qclass);
    if (w.size() > max_message_octets) return fail(w.error(wire_errc::too_large));
  }
  for (const auto* section : {&m.answers, &m.authorities, &m.additionals}) {
    for (const auto& rr : *section) {
      if (auto r = w.name(rr.owner, opt.compress); !r) return fail(r.error());
      w.u16(rr.type);
      w.u16(opt.mdns_class_bits && rr.cache_flush
                ? static_cast<std::uint16_t>(rr.rclass | class_top_bit)  // RFC 6762 §10.2
                : rr.rclass);
      w.u32(rr.ttl);
      const std::size_t len_at = w.size();
      w.u16(0);
      // RFC 2782 forbids compressing the SRV target in unicast DNS; RFC 6762 §18.14 allows it.
      const bool compress_rdata =
          opt.compress && (rr.type != rr_type::srv || opt.mdns_class_bits);
      if (auto r = write_rdata(w, rr, compress_rdata); !r) return fail(r.error());
      const std::size_t len = w.size() - len_at - 2;
      if (len > 0xFFFF) return fail(w.error(wire_errc::too_large));
      w.patch16(len_at, static_cast<std::uint16_t>(len));
      if (w.size() > max_message_octets) return fail(w.error(wire_errc::too_large));
    }
  }
  return w.take();
}

}  // namespace svcname::wire
