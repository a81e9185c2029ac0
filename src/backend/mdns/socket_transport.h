#pragma once
// The real transport: UDP sockets on Boost.Asio (internal header; includes Asio).
#include <utility>  // before any Asio header: Boost 1.74 under -std=c++23 needs it

#include <boost/asio/io_context.hpp>
#include <memory>
#include <vector>

#include "backend/mdns/interfaces.h"
#include "backend/mdns/transport.h"

namespace svcname::mdns {

/// Sockets (RFC 6762 §5.1 one-shot from an ephemeral port; §5.2 continuous from a port 5353
/// shared with other stacks through SO_REUSEADDR+SO_REUSEPORT, TESTBED §3). Multicast TTL /
/// hop limit 255 (§11). Received datagrams carry their interface (IP_PKTINFO / IPV6_PKTINFO).
[[nodiscard]] std::unique_ptr<transport> make_socket_transport(boost::asio::io_context& io,
                                                              std::vector<netif> interfaces);

}  // namespace svcname::mdns
