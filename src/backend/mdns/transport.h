#pragma once
// What the querier needs from the network, as an interface so unit tests can inject packets
// (STYLE §6: "backend_mdns talks to a transport interface").
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "svcname/browse.h"

namespace svcname::mdns {

/// One interface and IP version: the unit the querier sends on and receives from.
struct link {
  std::uint32_t ifindex = 0;
  ip_protocol proto = ip_protocol::v4;
  friend bool operator==(const link&, const link&) = default;
};

/// A datagram as received.
struct received {
  std::span<const std::uint8_t> bytes;
  link on;                   ///< interface it arrived on and the socket's family
  ip_address source;
  std::uint16_t source_port = 0;
  bool shared_socket = false;  ///< arrived on the shared port-5353 socket (else the one-shot socket)
};

/// How a query leaves.
enum class send_mode : std::uint8_t {
  one_shot,  ///< from an ephemeral port: answered by unicast (RFC 6762 §5.1, §6.7)
  shared,    ///< from port 5353 (shared with other stacks): answered by multicast (§5.2)
};

class transport {
 public:
  virtual ~transport() = default;
  /// Opens what @p mode needs on @p links (idempotent). Returns an error text or "".
  virtual std::string open(send_mode mode, std::span<const link> links) = 0;
  /// Sends @p bytes to 224.0.0.251 / ff02::fb port 5353 on @p l. Returns an error text or "".
  virtual std::string send(const link& l, send_mode mode, std::span<const std::uint8_t> bytes) = 0;
  /// Where received datagrams go (set by the querier before open()).
  std::function<void(const received&)> on_receive;
};

}  // namespace svcname::mdns
