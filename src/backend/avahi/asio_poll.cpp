// AvahiPoll on Boost.Asio. See asio_poll.h.
#include "backend/avahi/asio_poll.h"

#include <utility>  // before any Asio header (Boost 1.74 with -std=c++23)

#include <avahi-common/watch.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/time.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <unordered_set>

namespace svcname::detail {
namespace asio = boost::asio;
struct watch_state;
struct timeout_state;
}  // namespace svcname::detail

// The opaque types of avahi-common/watch.h are the API provider's to define.
struct AvahiWatch {
  std::shared_ptr<svcname::detail::watch_state> s;
};
struct AvahiTimeout {
  std::shared_ptr<svcname::detail::timeout_state> s;
};

namespace svcname::detail {

struct watch_state {
  // libdbus makes two watches for one socket (readable, writable). Two Asio descriptors on
  // one fd would be two EPOLL_CTL_ADDs of the same fd (EEXIST), so each watch waits on its
  // own dup(): same open file, same readiness. The dup is ours and closed with the watch.
  watch_state(asio::io_context& ctx, int f) : sd(ctx), fd(f) {
    boost::system::error_code ec;
    const int d = ::fcntl(f, F_DUPFD_CLOEXEC, 0);
    if (d < 0) return;
    sd.assign(d, ec);
    if (ec) ::close(d);
  }
  asio_avahi_poll::impl* owner = nullptr;
  asio::posix::stream_descriptor sd;  // owns a dup of fd
  int fd;                             // libdbus's descriptor, passed back to the callback
  AvahiWatch* self = nullptr;
  int wanted = 0;    // AVAHI_WATCH_* bits
  int happened = 0;  // what the last dispatch saw (watch_get_events)
  AvahiWatchCallback cb = nullptr;
  void* userdata = nullptr;
  bool reading = false, writing = false;
  bool dead = false;
};

struct timeout_state {
  explicit timeout_state(asio::io_context& ctx) : timer(ctx) {}
  asio_avahi_poll::impl* owner = nullptr;
  asio::steady_timer timer;
  AvahiTimeout* self = nullptr;
  AvahiTimeoutCallback cb = nullptr;
  void* userdata = nullptr;
  bool dead = false;
  std::uint64_t generation = 0;  // bumped by every update so a stale expiry is ignored
};

struct asio_avahi_poll::impl {
  asio::io_context& io;
  AvahiPoll vtable{};
  std::unordered_set<AvahiWatch*> watches;
  std::unordered_set<AvahiTimeout*> timeouts;
  explicit impl(asio::io_context& ctx) : io(ctx) {}
};

namespace {

asio_avahi_poll::impl* owner(const AvahiPoll* api) {
  return static_cast<asio_avahi_poll::impl*>(api->userdata);
}

// Which AVAHI_WATCH_* events fd has right now (level), limited to @p wanted plus ERR/HUP.
int poll_now(int fd, int wanted) {
  pollfd p{fd, static_cast<short>(wanted), 0};
  if (::poll(&p, 1, 0) <= 0) return 0;
  return p.revents & (wanted | AVAHI_WATCH_ERR | AVAHI_WATCH_HUP);
}

void arm(const std::shared_ptr<watch_state>& s);

void dispatch(const std::shared_ptr<watch_state>& s) {
  if (s->dead) return;
  const int ev = poll_now(s->fd, s->wanted);
  if (ev != 0) {
    s->happened = ev;
    // The callback may call watch_update or watch_free on this very watch (allowed by
    // avahi-common/watch.h); `s` keeps the state alive until we return.
    s->cb(s->self, s->fd, static_cast<AvahiWatchEvent>(ev), s->userdata);
    s->happened = 0;
  }
  arm(s);
}

void arm(const std::shared_ptr<watch_state>& s) {
  if (s->dead || !s->sd.is_open()) return;
  // Asio re-evaluates readiness (EPOLL_CTL_MOD) each time a wait starts, so a D-Bus socket
  // that still holds unread bytes completes the next wait at once: level-triggered in effect.
  if ((s->wanted & (AVAHI_WATCH_IN | AVAHI_WATCH_ERR | AVAHI_WATCH_HUP)) != 0 && !s->reading) {
    s->reading = true;
    s->sd.async_wait(asio::posix::stream_descriptor::wait_read,
                     [s](const boost::system::error_code& ec) {
                       s->reading = false;
                       if (ec == asio::error::operation_aborted) {
                         arm(s);  // cancelled by watch_update: wait again if still wanted
                         return;
                       }
                       if (s->dead) return;
                       dispatch(s);
                     });
  }
  if ((s->wanted & AVAHI_WATCH_OUT) != 0 && !s->writing) {
    s->writing = true;
    s->sd.async_wait(asio::posix::stream_descriptor::wait_write,
                     [s](const boost::system::error_code& ec) {
                       s->writing = false;
                       if (ec == asio::error::operation_aborted) {
                         arm(s);
                         return;
                       }
                       if (s->dead) return;
                       dispatch(s);
                     });
  }
}

AvahiWatch* watch_new(const AvahiPoll* api, int fd, AvahiWatchEvent event, AvahiWatchCallback cb,
                      void* userdata) {
  auto* o = owner(api);
  auto* w = new AvahiWatch{std::make_shared<watch_state>(o->io, fd)};
  w->s->self = w;
  w->s->owner = o;
  w->s->wanted = event;
  w->s->cb = cb;
  w->s->userdata = userdata;
  o->watches.insert(w);
  arm(w->s);
  return w;
}

void watch_update(AvahiWatch* w, AvahiWatchEvent event) {
  auto& s = w->s;
  const int old = s->wanted;
  s->wanted = event;
  // Drop waits no longer wanted (their handlers see operation_aborted and return).
  if (((old & AVAHI_WATCH_OUT) != 0 && (event & AVAHI_WATCH_OUT) == 0) ||
      ((old & AVAHI_WATCH_IN) != 0 && (event & AVAHI_WATCH_IN) == 0)) {
    boost::system::error_code ec;
    s->sd.cancel(ec);  // the aborted handlers clear reading/writing
  }
  arm(s);
}

AvahiWatchEvent watch_get_events(AvahiWatch* w) { return static_cast<AvahiWatchEvent>(w->s->happened); }

void free_watch_state(watch_state& s) {
  s.dead = true;
  boost::system::error_code ec;
  s.sd.cancel(ec);
  s.sd.close(ec);  // our dup only; libdbus's fd stays open
}

void watch_free(AvahiWatch* w) {
  w->s->owner->watches.erase(w);
  free_watch_state(*w->s);
  w->s->self = nullptr;
  delete w;
}

std::chrono::steady_clock::duration until(const timeval* tv) {
  // Avahi passes absolute wall-clock times (avahi_elapse_time() uses gettimeofday()).
  timeval now{};
  gettimeofday(&now, nullptr);
  const auto delta = std::chrono::seconds(tv->tv_sec - now.tv_sec) +
                     std::chrono::microseconds(tv->tv_usec - now.tv_usec);
  if (delta.count() < 0) return std::chrono::steady_clock::duration::zero();
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(delta);
}

void timeout_set(const std::shared_ptr<timeout_state>& s, const timeval* tv) {
  ++s->generation;
  s->timer.cancel();
  if (tv == nullptr) return;  // disabled
  s->timer.expires_after(until(tv));
  s->timer.async_wait([s, gen = s->generation](const boost::system::error_code& e) {
    if (e || s->dead || gen != s->generation) return;
    ++s->generation;  // fired: disabled until the next update (watch.h)
    s->cb(s->self, s->userdata);
  });
}

AvahiTimeout* timeout_new(const AvahiPoll* api, const timeval* tv, AvahiTimeoutCallback cb,
                          void* userdata) {
  auto* o = owner(api);
  auto* t = new AvahiTimeout{std::make_shared<timeout_state>(o->io)};
  t->s->self = t;
  t->s->owner = o;
  t->s->cb = cb;
  t->s->userdata = userdata;
  o->timeouts.insert(t);
  timeout_set(t->s, tv);
  return t;
}

void timeout_update(AvahiTimeout* t, const timeval* tv) { timeout_set(t->s, tv); }

void timeout_free(AvahiTimeout* t) {
  t->s->owner->timeouts.erase(t);
  t->s->dead = true;
  t->s->timer.cancel();
  t->s->self = nullptr;
  delete t;
}

}  // namespace

asio_avahi_poll::asio_avahi_poll(asio::io_context& io) : p_(std::make_unique<impl>(io)) {
  p_->vtable.userdata = p_.get();
  p_->vtable.watch_new = &watch_new;
  p_->vtable.watch_update = &watch_update;
  p_->vtable.watch_get_events = &watch_get_events;
  p_->vtable.watch_free = &watch_free;
  p_->vtable.timeout_new = &timeout_new;
  p_->vtable.timeout_update = &timeout_update;
  p_->vtable.timeout_free = &timeout_free;
}

asio_avahi_poll::~asio_avahi_poll() {
  // Normally empty: avahi_client_free() frees everything it created.
  for (AvahiWatch* w : std::unordered_set<AvahiWatch*>(p_->watches)) watch_free(w);
  for (AvahiTimeout* t : std::unordered_set<AvahiTimeout*>(p_->timeouts)) timeout_free(t);
}

const AvahiPoll* asio_avahi_poll::get() const noexcept { return &p_->vtable; }

std::size_t asio_avahi_poll::live_watches() const noexcept { return p_->watches.size(); }
std::size_t asio_avahi_poll::live_timeouts() const noexcept { return p_->timeouts.size(); }

}  // namespace svcname::detail
