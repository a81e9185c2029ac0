#pragma once
// Avahi's abstract main-loop API (AvahiPoll, avahi-common/watch.h) implemented on a
// Boost.Asio io_context: watches are Asio descriptor waits, timeouts are steady_timers.
// avahi-client then runs on the same thread as everything else; no avahi threaded poll.
#include <cstddef>
#include <memory>

struct AvahiPoll;

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace svcname::detail {

/// Owns an AvahiPoll whose callbacks run on @p io's thread. It must outlive every
/// AvahiClient created with get(); its destructor frees watches/timeouts still open.
class asio_avahi_poll {
 public:
  explicit asio_avahi_poll(boost::asio::io_context& io);
  ~asio_avahi_poll();
  asio_avahi_poll(const asio_avahi_poll&) = delete;
  asio_avahi_poll& operator=(const asio_avahi_poll&) = delete;

  /// The vtable to pass to avahi_client_new().
  [[nodiscard]] const AvahiPoll* get() const noexcept;
  /// Live watches and timeouts (for tests: everything freed after the client is freed).
  [[nodiscard]] std::size_t live_watches() const noexcept;
  [[nodiscard]] std::size_t live_timeouts() const noexcept;

  struct impl;  ///< opaque; public only so the C callbacks in the .cpp can name it

 private:
  std::unique_ptr<impl> p_;
};

}  // namespace svcname::detail
