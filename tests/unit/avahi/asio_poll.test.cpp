// AvahiPoll on Asio without a daemon: watches on a pipe, timeouts, freeing from callbacks.
#include <catch2/catch.hpp>

#include <utility>  // before Asio (Boost 1.74, -std=c++23)

#include <avahi-common/timeval.h>
#include <avahi-common/watch.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "backend/avahi/asio_poll.h"
#include "browse/event_loop_impl.h"
#include "svcname/backend/avahi.h"

using namespace svcname;

namespace {
struct pipe_fds {
  int r = -1, w = -1;
  pipe_fds() {
    int p[2];
    REQUIRE(::pipe(p) == 0);
    r = p[0];
    w = p[1];
  }
  ~pipe_fds() {
    ::close(r);
    ::close(w);
  }
};

struct watch_log {
  int calls = 0;
  int last_events = 0;
  int fd = -1;
  bool free_on_call = false;
  bool drain = true;
  const AvahiPoll* api = nullptr;
};

void on_watch(AvahiWatch* w, int fd, AvahiWatchEvent ev, void* ud) {
  auto* log = static_cast<watch_log*>(ud);
  ++log->calls;
  log->last_events = ev;
  log->fd = fd;
  CHECK(log->api->watch_get_events(w) == ev);
  if (log->drain) {
    char buf[64];
    CHECK(::read(fd, buf, sizeof buf) > 0);
  }
  if (log->free_on_call) log->api->watch_free(w);  // allowed inside the callback (watch.h)
}

void on_timeout(AvahiTimeout*, void* ud) { ++*static_cast<int*>(ud); }
}  // namespace

TEST_CASE("asio AvahiPoll: watches fire on readiness, level-triggered, and can be freed", "[avahi]") {
  event_loop loop;
  detail::asio_avahi_poll poll(io_context_of(loop));
  const AvahiPoll* api = poll.get();
  pipe_fds p;
  watch_log log;
  log.api = api;
  AvahiWatch* w = api->watch_new(api, p.r, AVAHI_WATCH_IN, &on_watch, &log);
  REQUIRE(w != nullptr);
  CHECK(poll.live_watches() == 1);
  loop.run_for(std::chrono::milliseconds(50));
  CHECK(log.calls == 0);  // nothing to read yet

  REQUIRE(::write(p.w, "x", 1) == 1);
  loop.restart();
  loop.run_for(std::chrono::milliseconds(50));
  CHECK(log.calls == 1);
  CHECK(log.fd == p.r);
  CHECK((log.last_events & AVAHI_WATCH_IN) != 0);

  // Data left unread is reported again (libdbus may read only part of what is there).
  log.drain = false;
  REQUIRE(::write(p.w, "y", 1) == 1);
  loop.restart();
  loop.run_for(std::chrono::milliseconds(30));
  CHECK(log.calls >= 3);
  // Switching the watch off stops the calls even though data is still there.
  api->watch_update(w, static_cast<AvahiWatchEvent>(0));
  const int before = log.calls;
  loop.restart();
  loop.run_for(std::chrono::milliseconds(30));
  CHECK(log.calls == before);
  // Back on, and freed from inside its own callback.
  log.drain = true;
  log.free_on_call = true;
  api->watch_update(w, AVAHI_WATCH_IN);
  loop.restart();
  loop.run_for(std::chrono::milliseconds(30));
  CHECK(log.calls == before + 1);
  CHECK(poll.live_watches() == 0);
  // The descriptor was not closed by the adapter: it still works.
  REQUIRE(::write(p.w, "z", 1) == 1);
  char c = 0;
  CHECK(::read(p.r, &c, 1) == 1);
  CHECK(c == 'z');
}

TEST_CASE("asio AvahiPoll: timeouts use absolute times and can be re-armed", "[avahi]") {
  event_loop loop;
  detail::asio_avahi_poll poll(io_context_of(loop));
  const AvahiPoll* api = poll.get();
  int fired = 0;
  timeval tv{};
  avahi_elapse_time(&tv, 20, 0);  // 20 ms from now, wall clock (as avahi-client does)
  AvahiTimeout* t = api->timeout_new(api, &tv, &on_timeout, &fired);
  const auto start = std::chrono::steady_clock::now();
  loop.run_for(std::chrono::milliseconds(200));
  CHECK(fired == 1);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(15));
  // Fired timeouts stay disabled until updated.
  loop.restart();
  loop.run_for(std::chrono::milliseconds(30));
  CHECK(fired == 1);
  avahi_elapse_time(&tv, 0, 0);  // in the past/now: fires at once
  api->timeout_update(t, &tv);
  loop.restart();
  loop.run_for(std::chrono::milliseconds(30));
  CHECK(fired == 2);
  // NULL disables.
  avahi_elapse_time(&tv, 10, 0);
  api->timeout_update(t, &tv);
  api->timeout_update(t, nullptr);
  loop.restart();
  loop.run_for(std::chrono::milliseconds(40));
  CHECK(fired == 2);
  CHECK(poll.live_timeouts() == 1);
  api->timeout_free(t);
  CHECK(poll.live_timeouts() == 0);
}

TEST_CASE("Avahi backend: no daemon is a clear setup error", "[avahi]") {
  // A bus address where nothing listens: avahi_client_new() fails at once.
  const char* old = std::getenv("DBUS_SYSTEM_BUS_ADDRESS");
  std::string saved = old != nullptr ? old : "";
  ::setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/svcname-test-bus", 1);
  event_loop loop;
  auto be = make_avahi_backend(loop, backend_options{});
  if (old != nullptr) ::setenv("DBUS_SYSTEM_BUS_ADDRESS", saved.c_str(), 1); else ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
  REQUIRE_FALSE(be);
  CHECK(be.error().code == browse_errc::backend_unavailable);
  CHECK_THAT(be.error().message, Catch::Contains("avahi-daemon") && Catch::Contains("DBUS_SYSTEM_BUS_ADDRESS"));
  CHECK(find_backend("avahi") != nullptr);
}
