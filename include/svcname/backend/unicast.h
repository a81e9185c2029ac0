#pragma once
/// @file backend/unicast.h
/// Unicast DNS-SD (RFC 6763 over ordinary DNS, through c-ares). Installed only when the
/// backend is built (SVCNAME_WITH_CARES). Registered as "--backend unicast"; "auto" picks it
/// for any domain other than "local".
///
/// Beyond the neutral API, browse() also accepts the browse-domain enumeration names of
/// RFC 6763 §11 as the type: "b._dns-sd._udp", "db._dns-sd._udp", "lb._dns-sd._udp",
/// "r._dns-sd._udp", "dr._dns-sd._udp". Each `added` event then names a domain in
/// browse_event::domain (instance empty, type = the enumeration name).
#include <cstdint>
#include <memory>

#include "svcname/browse.h"

namespace svcname {

/// Creates the unicast DNS-SD backend on @p loop. opt.servers ("IP[:PORT]", "[v6]:PORT")
/// choose the DNS servers; empty means /etc/resolv.conf. opt.timeout bounds each operation.
/// @return the backend, or backend_unavailable / invalid_request with a message
[[nodiscard]] result<std::unique_ptr<backend>, browse_error> make_unicast_backend(
    event_loop& loop, const backend_options& opt);

/// Counters of a backend made by make_unicast_backend() (zeros for any other backend).
struct unicast_backend_stats {
  std::uint64_t queries = 0;         ///< DNS queries sent (each ares_query() call)
  std::uint64_t answers = 0;         ///< queries finished (answered, failed or timed out)
  std::size_t peak_in_flight = 0;    ///< most queries outstanding in c-ares at once
  std::size_t address_cache = 0;     ///< SRV target hosts whose addresses are cached
  std::uint64_t failovers = 0;       ///< queries handed to the next --server after a failure
};
/// Counters of @p b (zeros unless @p b is the unicast backend).
[[nodiscard]] unicast_backend_stats unicast_stats(const backend& b) noexcept;

/// True for RFC 6763 §11 browse-domain enumeration names ("b._dns-sd._udp", ...).
[[nodiscard]] bool is_domain_enumeration(std::string_view type) noexcept;

}  // namespace svcname
