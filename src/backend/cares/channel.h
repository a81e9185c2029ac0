#pragma once
// A c-ares 1.18 channel driven by a Boost.Asio io_context: c-ares tells us which sockets to
// watch (ARES_OPT_SOCK_STATE_CB), Asio waits on them, and ares_process_fd() runs on
// readiness or when the ares_timeout() timer fires. No second thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "svcname/result.h"
#include "svcname/wire/message.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace svcname::detail {

/// How a query ended.
enum class query_status : std::uint8_t {
  ok,                  ///< NOERROR with answers
  nodata,              ///< NOERROR, no answer of that type (RFC 2308 §2.2 "NODATA")
  nxdomain,            ///< RCODE 3: the name does not exist (RFC 1035 §4.1.1)
  servfail,            ///< RCODE 2 (every server)
  refused,             ///< RCODE 5
  timeout,             ///< no answer after every try
  connection_refused,  ///< ICMP port unreachable / TCP RST from every server
  bad_response,        ///< the reply could not be parsed
  bad_name,            ///< the name cannot be put in a query
  cancelled,           ///< channel shut down
  other                ///< any other c-ares status (detail says which)
};

/// Stable id, e.g. "nxdomain".
[[nodiscard]] std::string_view to_string(query_status s) noexcept;

/// One finished query.
struct query_outcome {
  query_status status = query_status::other;
  int ares_status = 0;                ///< the raw c-ares status (ARES_*)
  std::string detail;                 ///< ares_strerror() text or the parse error
  std::optional<wire::message> reply; ///< parsed reply, when bytes came back and parsed
};

/// Channel settings.
struct channel_options {
  /// "IP[:PORT],..." as ares_set_servers_ports_csv() reads it ("[v6]:port" for IPv6).
  /// Empty: the system resolver configuration (/etc/resolv.conf).
  std::string servers;
  std::chrono::milliseconds timeout{2000};  ///< first try; c-ares doubles it per round
  int tries = 2;                            ///< rounds over the server list
  /// Queries handed to c-ares at once; the rest wait in order. 64: BIND 9.18 with one worker
  /// on loopback dropped ~0.3% of UDP queries at 256 in flight (receive-buffer errors, each
  /// then costs a retry timeout); 16..64 lost none and gave the same rate (bench/discovery).
  std::size_t max_in_flight = 64;
};

/// Counters for benchmarks and --verbose output.
struct channel_stats {
  std::uint64_t queries = 0;    ///< ares_query() calls
  std::uint64_t completed = 0;  ///< callbacks delivered
  std::size_t peak_in_flight = 0;
};

/// A c-ares channel on an Asio loop. Not thread-safe: use it from the loop's thread only.
class cares_channel {
 public:
  using callback = std::function<void(query_outcome&&)>;

  /// Creates a channel. Errors are human-readable ("bad --server '1.2.3': ...").
  [[nodiscard]] static result<std::unique_ptr<cares_channel>, std::string> create(
      boost::asio::io_context& io, const channel_options& opt);
  ~cares_channel();
  cares_channel(const cares_channel&) = delete;
  cares_channel& operator=(const cares_channel&) = delete;

  /// Queues a query (class IN). @p cb runs later on the loop thread, never inside query(),
  /// and never after the channel is destroyed. @p urgent queries go ahead of the waiting ones
  /// (used for the last step of a chain, so started resolves finish before new ones start).
  void query(const wire::name& qname, std::uint16_t qtype, callback cb, bool urgent = false);

  /// Queries in c-ares plus queries waiting for a slot.
  [[nodiscard]] std::size_t pending() const noexcept;
  [[nodiscard]] channel_stats stats() const noexcept;

 private:
  struct impl;
  explicit cares_channel(std::unique_ptr<impl> p);
  std::unique_ptr<impl> p_;
};

}  // namespace svcname::detail
