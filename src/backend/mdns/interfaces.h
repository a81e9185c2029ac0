#pragma once
// Network interfaces as the querier sees them (getifaddrs), and the on-link test of
// RFC 6762 §11.
#include <cstdint>
#include <string>
#include <vector>

#include "svcname/browse.h"

namespace svcname::mdns {

/// An address with its prefix length on an interface.
struct if_address {
  ip_address addr;
  unsigned prefix = 0;
};

struct netif {
  std::string name;
  std::uint32_t index = 0;
  bool up = false;
  bool multicast = false;
  bool loopback = false;
  std::vector<if_address> v4;
  std::vector<if_address> v6;

  /// True if this interface can carry mDNS over @p p (RFC 6762 §3: multicast on the link).
  [[nodiscard]] bool usable(ip_protocol p) const noexcept;
};

/// Every interface (reads getifaddrs). Empty on failure.
[[nodiscard]] std::vector<netif> list_interfaces();

/// RFC 6762 §11: is @p source on the link of @p nif (link-local, or inside a prefix of one of
/// the interface's addresses of the same family)?
[[nodiscard]] bool on_link(const netif& nif, const ip_address& source) noexcept;

/// True when @p a lies in prefix @p net/@p prefix.
[[nodiscard]] bool in_prefix(const ip_address& a, const ip_address& net, unsigned prefix) noexcept;

}  // namespace svcname::mdns
