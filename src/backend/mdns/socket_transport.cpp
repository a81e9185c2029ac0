// UDP sockets for the querier. Asio owns the descriptors and tells us when they are
// readable; reading uses recvmsg() so the arrival interface (IP_PKTINFO) is known.
#include "backend/mdns/socket_transport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <cerrno>
#include <cstring>
#include <set>

namespace svcname::mdns {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;

constexpr std::uint16_t mdns_port = 5353;                       // RFC 6762 §3
constexpr std::array<std::uint8_t, 4> group4{224, 0, 0, 251};   // RFC 6762 §3
constexpr std::array<std::uint8_t, 16> group6{0xff, 0x02, 0, 0, 0, 0, 0, 0,
                                              0,    0,    0, 0, 0, 0, 0, 0xfb};
constexpr int multicast_ttl = 255;  // RFC 6762 §11; Avahi socket.c, mDNSResponder do the same
constexpr std::size_t max_datagram = 65536;
constexpr int max_reads_per_wakeup = 512;  // bound the work done per readiness event

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

struct sock {
  explicit sock(asio::io_context& io) : s(io) {}
  udp::socket s;
  bool v6 = false;
  bool shared = false;
  bool reading = false;
};

class socket_transport final : public transport {
 public:
  socket_transport(asio::io_context& io, std::vector<netif> ifs)
      : io_(io), ifs_(std::move(ifs)), alive_(std::make_shared<bool>(true)), buf_(max_datagram) {}
  ~socket_transport() override {
    alive_.reset();
    for (auto* k : {&one4_, &one6_, &sh4_, &sh6_})
      if (*k) {
        boost::system::error_code ec;
        (*k)->s.close(ec);
      }
  }

  std::string open(send_mode mode, std::span<const link> links) override {
    for (const auto& l : links) {
      auto& slot = slot_for(l.proto, mode);
      if (!slot) {
        auto err = open_socket(slot, l.proto == ip_protocol::v6, mode == send_mode::shared);
        if (!err.empty()) {
          slot.reset();
          return err;
        }
      }
      if (mode == send_mode::shared) {
        if (auto err = join(*slot, l); !err.empty()) return err;
      }
    }
    return {};
  }

  std::string send(const link& l, send_mode mode, std::span<const std::uint8_t> bytes) override {
    auto& slot = slot_for(l.proto, mode);
    if (!slot) return "socket not open";
    const int fd = slot->s.native_handle();
    const netif* nif = find(l.ifindex);
    if (!nif) return "interface " + std::to_string(l.ifindex) + " is gone";
    if (l.proto == ip_protocol::v4) {
      ip_mreqn m{};
      m.imr_ifindex = static_cast<int>(l.ifindex);
      if (!nif->v4.empty()) std::memcpy(&m.imr_address, nif->v4.front().addr.bytes.data(), 4);
      if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m) != 0)
        return errno_text(("IP_MULTICAST_IF " + nif->name).c_str());
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_port = htons(mdns_port);
      std::memcpy(&to.sin_addr, group4.data(), 4);
      if (sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0)
        return errno_text(("sendto 224.0.0.251 on " + nif->name).c_str());
    } else {
      const unsigned idx = l.ifindex;
      if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx, sizeof idx) != 0)
        return errno_text(("IPV6_MULTICAST_IF " + nif->name).c_str());
      sockaddr_in6 to{};
      to.sin6_family = AF_INET6;
      to.sin6_port = htons(mdns_port);
      std::memcpy(&to.sin6_addr, group6.data(), 16);
      to.sin6_scope_id = l.ifindex;
      if (sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0)
        return errno_text(("sendto ff02::fb on " + nif->name).c_str());
    }
    return {};
  }

 private:
  std::unique_ptr<sock>& slot_for(ip_protocol p, send_mode m) {
    const bool v6 = p == ip_protocol::v6;
    if (m == send_mode::shared) return v6 ? sh6_ : sh4_;
    return v6 ? one6_ : one4_;
  }
  const netif* find(std::uint32_t idx) const {
    for (const auto& n : ifs_)
      if (n.index == idx) return &n;
    return nullptr;
  }

  std::string open_socket(std::unique_ptr<sock>& slot, bool v6, bool shared) {
    slot = std::make_unique<sock>(io_);
    slot->v6 = v6;
    slot->shared = shared;
    boost::system::error_code ec;
    slot->s.open(v6 ? udp::v6() : udp::v4(), ec);
    if (ec) return "socket(" + std::string(v6 ? "IPv6" : "IPv4") + "): " + ec.message();
    const int fd = slot->s.native_handle();
    const int one = 1;
    if (shared) {  // share 5353 with avahi-daemon / other stacks (TESTBED §3)
      if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
          setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
        return errno_text("SO_REUSEADDR/SO_REUSEPORT");
    }
    // A large receive buffer: 2,000 services answer in a burst of ~120 datagrams.
    const int rcvbuf = 4 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0)
      (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (v6) {
      if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0 ||
          setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof one) != 0 ||
          setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &multicast_ttl, sizeof multicast_ttl) != 0 ||
          setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &one, sizeof one) != 0)
        return errno_text("IPv6 socket options");
    } else {
      const unsigned char ttl = multicast_ttl, loop = 1;
      if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) != 0 ||
          setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) != 0 ||
          setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) != 0)
        return errno_text("IPv4 socket options");
    }
    const std::uint16_t port = shared ? mdns_port : 0;  // 0: ephemeral (RFC 6762 §6.7 legacy)
    if (v6)
      slot->s.bind(udp::endpoint(asio::ip::address_v6::any(), port), ec);
    else
      slot->s.bind(udp::endpoint(asio::ip::address_v4::any(), port), ec);
    if (ec)
      return "bind " + std::string(v6 ? "[::]" : "0.0.0.0") + ":" + std::to_string(port) + ": " +
             ec.message() +
             (shared ? " (another mDNS stack may hold port 5353 exclusively, e.g. avahi-daemon "
                       "with disallow-other-stacks=yes)"
                     : "");
    slot->s.non_blocking(true, ec);
    start_read(*slot);
    return {};
  }

  std::string join(sock& k, const link& l) {
    if (!joined_.insert({l.ifindex, k.v6}).second) return {};
    const netif* nif = find(l.ifindex);
    if (!nif) return "interface " + std::to_string(l.ifindex) + " is gone";
    const int fd = k.s.native_handle();
    if (k.v6) {
      ipv6_mreq m{};
      std::memcpy(&m.ipv6mr_multiaddr, group6.data(), 16);
      m.ipv6mr_interface = l.ifindex;
      if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m, sizeof m) != 0 && errno != EADDRINUSE)
        return errno_text(("IPV6_JOIN_GROUP ff02::fb on " + nif->name).c_str());
    } else {
      ip_mreqn m{};  // with the interface address: TESTBED §1 (avahi ignores 0.0.0.0 sources)
      std::memcpy(&m.imr_multiaddr, group4.data(), 4);
      if (!nif->v4.empty()) std::memcpy(&m.imr_address, nif->v4.front().addr.bytes.data(), 4);
      m.imr_ifindex = static_cast<int>(l.ifindex);
      if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) != 0 && errno != EADDRINUSE)
        return errno_text(("IP_ADD_MEMBERSHIP 224.0.0.251 on " + nif->name).c_str());
    }
    return {};
  }

  void start_read(sock& k) {
    std::weak_ptr<bool> alive = alive_;
    k.s.async_wait(udp::socket::wait_read, [this, &k, alive](const boost::system::error_code& ec) {
      if (alive.expired() || ec) return;
      drain(k);
      if (!alive.expired()) start_read(k);
    });
  }

  void drain(sock& k) {
    std::weak_ptr<bool> alive = alive_;
    for (int i = 0; i < max_reads_per_wakeup; ++i) {
      sockaddr_storage from{};
      iovec iov{buf_.data(), buf_.size()};
      alignas(cmsghdr) std::array<char, 256> ctrl{};
      msghdr mh{};
      mh.msg_name = &from;
      mh.msg_namelen = sizeof from;
      mh.msg_iov = &iov;
      mh.msg_iovlen = 1;
      mh.msg_control = ctrl.data();
      mh.msg_controllen = ctrl.size();
      const ssize_t n = recvmsg(k.s.native_handle(), &mh, MSG_DONTWAIT);
      if (n < 0) return;  // EAGAIN: drained (other errors: try again on the next wakeup)
      if ((mh.msg_flags & MSG_TRUNC) != 0) continue;  // never parse a cut datagram
      received r;
      r.bytes = std::span<const std::uint8_t>(buf_.data(), static_cast<std::size_t>(n));
      r.shared_socket = k.shared;
      r.on.proto = k.v6 ? ip_protocol::v6 : ip_protocol::v4;
      for (cmsghdr* c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
          in_pktinfo pi{};
          std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
          r.on.ifindex = static_cast<std::uint32_t>(pi.ipi_ifindex);
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
          in6_pktinfo pi{};
          std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
          r.on.ifindex = pi.ipi6_ifindex;
        }
      }
      if (from.ss_family == AF_INET) {
        sockaddr_in sin{};
        std::memcpy(&sin, &from, sizeof sin);
        std::array<std::uint8_t, 4> b{};
        std::memcpy(b.data(), &sin.sin_addr, 4);
        r.source = ip_address::v4(b);
        r.source_port = ntohs(sin.sin_port);
      } else if (from.ss_family == AF_INET6) {
        sockaddr_in6 sin6{};
        std::memcpy(&sin6, &from, sizeof sin6);
        std::array<std::uint8_t, 16> b{};
        std::memcpy(b.data(), &sin6.sin6_addr, 16);
        r.source = ip_address::v6(b, sin6.sin6_scope_id);
        r.source_port = ntohs(sin6.sin6_port);
      } else {
        continue;
      }
      if (on_receive) on_receive(r);
      if (alive.expired()) return;  // the callback destroyed us
    }
  }

  asio::io_context& io_;
  std::vector<netif> ifs_;
  std::shared_ptr<bool> alive_;
  std::vector<std::uint8_t> buf_;
  std::unique_ptr<sock> one4_, one6_, sh4_, sh6_;
  std::set<std::pair<std::uint32_t, bool>> joined_;
};

}  // namespace

std::unique_ptr<transport> make_socket_transport(asio::io_context& io, std::vector<netif> interfaces) {
  return std::make_unique<socket_transport>(io, std::move(interfaces));
}

}  // namespace svcname::mdns
