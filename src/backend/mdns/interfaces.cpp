// Interface enumeration for the querier.
#include "backend/mdns/interfaces.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <span>

namespace svcname::mdns {

bool netif::usable(ip_protocol p) const noexcept {
  if (!up || !multicast) return false;
  if (p == ip_protocol::v4) return !v4.empty();
  if (p == ip_protocol::v6)  // an IPv6 link-local address is what ff02::fb is sent from
    return std::any_of(v6.begin(), v6.end(), [](const if_address& a) { return a.addr.is_link_local(); });
  return usable(ip_protocol::v4) || usable(ip_protocol::v6);
}

namespace {
unsigned prefix_len(std::span<const std::uint8_t> mask) {
  unsigned bits = 0;
  for (std::uint8_t b : mask) {
    for (int k = 7; k >= 0; --k) {
      if ((b >> k) & 1u) ++bits;
      else return bits;
    }
  }
  return bits;
}
}  // namespace

std::vector<netif> list_interfaces() {
  std::vector<netif> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  std::map<std::string, netif> by_name;
  for (ifaddrs* ifa = list; ifa; ifa = ifa->ifa_next) {
    if (!ifa->ifa_name) continue;
    auto& n = by_name[ifa->ifa_name];
    n.name = ifa->ifa_name;
    n.index = if_nametoindex(ifa->ifa_name);
    n.up = (ifa->ifa_flags & IFF_UP) != 0;
    n.multicast = (ifa->ifa_flags & IFF_MULTICAST) != 0;
    n.loopback = (ifa->ifa_flags & IFF_LOOPBACK) != 0;
    if (!ifa->ifa_addr) continue;
    if (ifa->ifa_addr->sa_family == AF_INET) {
      sockaddr_in sin{};
      std::memcpy(&sin, ifa->ifa_addr, sizeof sin);
      std::array<std::uint8_t, 4> b{};
      std::memcpy(b.data(), &sin.sin_addr, 4);
      unsigned prefix = 32;
      if (ifa->ifa_netmask) {
        sockaddr_in m{};
        std::memcpy(&m, ifa->ifa_netmask, sizeof m);
        std::array<std::uint8_t, 4> mb{};
        std::memcpy(mb.data(), &m.sin_addr, 4);
        prefix = prefix_len(mb);
      }
      n.v4.push_back({ip_address::v4(b), prefix});
    } else if (ifa->ifa_addr->sa_family == AF_INET6) {
      sockaddr_in6 sin6{};
      std::memcpy(&sin6, ifa->ifa_addr, sizeof sin6);
      std::array<std::uint8_t, 16> b{};
      std::memcpy(b.data(), &sin6.sin6_addr, 16);
      unsigned prefix = 128;
      if (ifa->ifa_netmask) {
        sockaddr_in6 m{};
        std::memcpy(&m, ifa->ifa_netmask, sizeof m);
        std::array<std::uint8_t, 16> mb{};
        std::memcpy(mb.data(), &m.sin6_addr, 16);
        prefix = prefix_len(mb);
      }
      n.v6.push_back({ip_address::v6(b, sin6.sin6_scope_id), prefix});
    }
  }
  freeifaddrs(list);
  for (auto& [name, n] : by_name) out.push_back(std::move(n));
  std::sort(out.begin(), out.end(), [](const netif& a, const netif& b) { return a.index < b.index; });
  return out;
}

bool in_prefix(const ip_address& a, const ip_address& net, unsigned prefix) noexcept {
  if (a.family != net.family) return false;
  const unsigned total = a.family == ip_protocol::v4 ? 32 : 128;
  prefix = std::min(prefix, total);
  for (unsigned bit = 0; bit < prefix; ++bit) {
    const unsigned byte = bit / 8, shift = 7 - bit % 8;
    if (((a.bytes[byte] >> shift) & 1u) != ((net.bytes[byte] >> shift) & 1u)) return false;
  }
  return true;
}

bool on_link(const netif& nif, const ip_address& source) noexcept {
  // RFC 6762 §11: accept only responses from the local link: link-local sources, or
  // sources inside a prefix configured on the receiving interface.
  if (source.is_link_local()) return true;
  const auto& list = source.family == ip_protocol::v4 ? nif.v4 : nif.v6;
  return std::any_of(list.begin(), list.end(),
                     [&](const if_address& a) { return in_prefix(source, a.addr, a.prefix); });
}

}  // namespace svcname::mdns
