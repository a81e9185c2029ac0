#pragma once
/// @file backend/avahi.h
/// Browsing through the system's avahi-daemon over D-Bus (avahi-client), driven by the
/// svcname event loop. Installed only when the backend is built (SVCNAME_WITH_AVAHI).
/// Registered as "--backend avahi"; "auto" tries it first for "local".
///
/// What it adds to plain avahi-client use:
/// - resolvers in flight are bounded (the daemon allows 1,024 objects per client); when the
///   daemon still answers "Too many objects" or "Timeout reached" (its cache limit), that
///   instance is resolved through the built-in mDNS querier instead, and a notice says so;
/// - when the daemon goes away mid-browse, a notice says so and every running browse and
///   resolve continues on the built-in querier.
/// Like the unicast backend, browse() also accepts "b._dns-sd._udp", "db._dns-sd._udp" and
/// "lb._dns-sd._udp" as the type to list browse domains (RFC 6763 §11).
#include <memory>

#include "svcname/browse.h"

namespace svcname {

/// Limits and counters of the Avahi backend (for tests, benchmarks and --verbose).
struct avahi_backend_stats {
  std::size_t resolves_started = 0;       ///< avahi resolvers created
  std::size_t peak_in_flight = 0;         ///< most resolvers open at once
  std::size_t too_many_objects = 0;       ///< "Too many objects" from the daemon
  std::size_t daemon_timeouts = 0;        ///< "Timeout reached" from the daemon
  std::size_t completed_by_fallback = 0;  ///< resolves handed to the built-in querier
  bool disconnected = false;              ///< the daemon connection was lost
};

/// Creates the Avahi backend. Fails with backend_unavailable ("avahi-daemon is not running
/// ...") when no daemon answers on the D-Bus system bus ($DBUS_SYSTEM_BUS_ADDRESS).
/// @param max_resolvers resolvers open at once (0: the default, 256)
[[nodiscard]] result<std::unique_ptr<backend>, browse_error> make_avahi_backend(
    event_loop& loop, const backend_options& opt, std::size_t max_resolvers = 0);

/// Counters of a backend made by make_avahi_backend() (zeros for any other backend).
[[nodiscard]] avahi_backend_stats avahi_stats(const backend& b) noexcept;

}  // namespace svcname
