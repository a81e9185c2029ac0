// c-ares 1.18 on a Boost.Asio loop. See channel.h.
#include "backend/cares/channel.h"

#include <utility>  // before any Asio header (Boost 1.74 with -std=c++23)

#include <ares.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <span>
#include <unordered_map>

#include "backend/cares/query_name.h"

namespace svcname::detail {

namespace asio = boost::asio;

std::string_view to_string(query_status s) noexcept {
  switch (s) {
    case query_status::ok: return "ok";
    case query_status::nodata: return "nodata";
    case query_status::nxdomain: return "nxdomain";
    case query_status::servfail: return "servfail";
    case query_status::refused: return "refused";
    case query_status::timeout: return "timeout";
    case query_status::connection_refused: return "connection_refused";
    case query_status::bad_response: return "bad_response";
    case query_status::bad_name: return "bad_name";
    case query_status::cancelled: return "cancelled";
    case query_status::other: return "other";
  }
  return "other";
}

namespace {

// ares_library_init() once per process (c-ares 1.18 requires it before ares_init_options).
bool library_ready() {
  static const int rc = ares_library_init(ARES_LIB_INIT_ALL);
  return rc == ARES_SUCCESS;
}

query_status map_status(int st) {
  switch (st) {
    case ARES_SUCCESS: return query_status::ok;
    case ARES_ENODATA: return query_status::nodata;
    case ARES_ENOTFOUND: return query_status::nxdomain;
    case ARES_ESERVFAIL: return query_status::servfail;
    case ARES_EREFUSED: return query_status::refused;
    case ARES_ETIMEOUT: return query_status::timeout;
    case ARES_ECONNREFUSED: return query_status::connection_refused;
    case ARES_EBADRESP: case ARES_EFORMERR: return query_status::bad_response;
    case ARES_EBADNAME: return query_status::bad_name;
    case ARES_EDESTRUCTION: case ARES_ECANCELLED: return query_status::cancelled;
    default: return query_status::other;
  }
}

}  // namespace

struct cares_channel::impl {
  // One socket c-ares asked us to watch. The descriptor does not own the fd: c-ares closes it
  // (after telling us with readable=writable=0, when we release() it).
  struct watch {
    watch(asio::io_context& ctx, ares_socket_t s) : sd(ctx, s), fd(s) {}
    asio::posix::stream_descriptor sd;
    ares_socket_t fd;
    bool want_read = false, want_write = false;
    bool reading = false, writing = false;
    bool alive = true;
  };
  struct waiting {
    std::string name;
    std::uint16_t type;
    callback cb;
  };
  struct in_flight_query {
    impl* self;
    callback cb;
  };

  asio::io_context& io;
  ares_channel ch = nullptr;
  asio::steady_timer timer;
  std::unordered_map<ares_socket_t, std::shared_ptr<watch>> watches;
  std::deque<waiting> queue;
  std::size_t in_flight = 0;
  std::size_t max_in_flight = 256;
  channel_stats st;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  bool destroying = false;
  bool timer_armed_for_any = false;

  explicit impl(asio::io_context& ctx) : io(ctx), timer(ctx) {}

  ~impl() {
    *alive = false;
    destroying = true;
    timer.cancel();
    if (ch != nullptr) ares_destroy(ch);  // runs callbacks with ARES_EDESTRUCTION: ignored
    for (auto& [fd, w] : watches) {
      w->alive = false;
      boost::system::error_code ec;
      w->sd.cancel(ec);
      (void)w->sd.release();
    }
  }

  static void on_sock_state(void* data, ares_socket_t fd, int readable, int writable) {
    auto* self = static_cast<impl*>(data);
    auto it = self->watches.find(fd);
    if (self->destroying || (readable == 0 && writable == 0)) {
      if (it != self->watches.end()) {
        // c-ares is about to close fd (or the channel is going): stop watching it and hand
        // it back untouched.
        it->second->alive = false;
        boost::system::error_code ec;
        it->second->sd.cancel(ec);
        (void)it->second->sd.release();
        self->watches.erase(it);
      }
      return;
    }
    if (it == self->watches.end()) {
      it = self->watches.emplace(fd, std::make_shared<watch>(self->io, fd)).first;
    }
    it->second->want_read = readable != 0;
    it->second->want_write = writable != 0;
    self->arm(it->second);
  }

  void arm(const std::shared_ptr<watch>& w) {
    if (!w->alive) return;
    if (w->want_read && !w->reading) {
      w->reading = true;
      w->sd.async_wait(asio::posix::stream_descriptor::wait_read,
                       [this, w, a = alive](const boost::system::error_code& ec) {
                         w->reading = false;
                         if (!*a || !w->alive || ec) return;
                         ares_process_fd(ch, w->fd, ARES_SOCKET_BAD);
                         after_ares();
                         if (w->alive) arm(w);
                       });
    }
    if (w->want_write && !w->writing) {
      w->writing = true;
      w->sd.async_wait(asio::posix::stream_descriptor::wait_write,
                       [this, w, a = alive](const boost::system::error_code& ec) {
                         w->writing = false;
                         if (!*a || !w->alive || ec) return;
                         ares_process_fd(ch, ARES_SOCKET_BAD, w->fd);
                         after_ares();
                         if (w->alive) arm(w);
                       });
    }
  }

  // After any call into c-ares: start waiting queries, re-arm the timeout timer (ares_timeout()).
  void after_ares() {
    pump();
    rearm_timer();
  }

  void rearm_timer() {
    if (ch == nullptr || destroying) return;
    timeval tv{};
    timeval* next = ares_timeout(ch, nullptr, &tv);
    if (next == nullptr) {
      timer.cancel();
      return;
    }
    const auto delay = std::chrono::seconds(next->tv_sec) + std::chrono::microseconds(next->tv_usec);
    timer.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(delay));
    timer.async_wait([this, a = alive](const boost::system::error_code& ec) {
      if (ec || !*a) return;
      // Both sockets BAD: c-ares only processes timeouts (ares_process.c processfds()).
      ares_process_fd(ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      after_ares();
    });
  }

  void pump() {
    while (!destroying && in_flight < max_in_flight && !queue.empty()) {
      waiting w = std::move(queue.front());
      queue.pop_front();
      ++in_flight;
      ++st.queries;
      st.peak_in_flight = std::max(st.peak_in_flight, in_flight);
      auto* q = new in_flight_query{this, std::move(w.cb)};
      // May call on_answer synchronously (e.g. ARES_EBADNAME): it only posts.
      ares_query(ch, w.name.c_str(), 1 /*C_IN*/, w.type, &impl::on_answer, q);
    }
  }

  void deliver(callback&& cb, query_outcome&& o) {
    asio::post(io, [a = alive, cb = std::move(cb), o = std::move(o)]() mutable {
      if (*a) cb(std::move(o));
    });
  }

  static void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
    std::unique_ptr<in_flight_query> q(static_cast<in_flight_query*>(arg));
    impl* self = q->self;
    if (self->destroying) return;
    --self->in_flight;
    ++self->st.completed;
    query_outcome o;
    o.ares_status = status;
    o.status = map_status(status);
    o.detail = ares_strerror(status);
    // ares_query() hands over the reply bytes for NOERROR, NODATA and NXDOMAIN; parse them with
    // the shared DNS parser (never ares_parse_ptr_reply: it rejects DNS-SD instance names with
    // spaces or UTF-8, TESTBED §4). Unicast DNS: the top CLASS bit is not an mDNS flag.
    if (abuf != nullptr && alen > 0) {
      auto parsed = wire::parse_message(
          std::span<const std::uint8_t>(abuf, static_cast<std::size_t>(alen)),
          wire::parse_options{.mdns_class_bits = false});
      if (parsed) {
        o.reply = std::move(*parsed);
      } else if (o.status == query_status::ok) {
        o.status = query_status::bad_response;
        o.detail = std::string("reply could not be parsed: ") +
                   std::string(wire::to_string(parsed.error().code)) + " at offset " +
                   std::to_string(parsed.error().offset);
      }
    }
    self->deliver(std::move(q->cb), std::move(o));
  }
};

cares_channel::cares_channel(std::unique_ptr<impl> p) : p_(std::move(p)) {}
cares_channel::~cares_channel() = default;

result<std::unique_ptr<cares_channel>, std::string> cares_channel::create(asio::io_context& io,
                                                                          const channel_options& opt) {
  if (!library_ready()) return fail(std::string("c-ares library initialisation failed"));
  auto p = std::make_unique<impl>(io);
  p->max_in_flight = std::max<std::size_t>(1, opt.max_in_flight);
  ares_options o{};
  int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
             ARES_OPT_EDNSPSZ;
  o.sock_state_cb = &impl::on_sock_state;
  o.sock_state_cb_data = p.get();
  // EDNS(0) with a 4096-octet UDP size: fewer TCP retries for big PTR sets. No search list:
  // DNS-SD names are always absolute (RFC 6763 §4.1). A truncated reply is retried over TCP.
  // NOCHECKRESP: hand SERVFAIL/REFUSED replies to us. Without it c-ares 1.18 drops the
  // server's connection on SERVFAIL and reports ARES_ECONNREFUSED, which would tell the user
  // "nothing listens" when the server said "zone not loaded". Failover to the next --server
  // is done by the unicast backend, which keeps one channel per server.
  o.flags = ARES_FLAG_EDNS | ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES | ARES_FLAG_NOCHECKRESP;
  o.ednspsz = 4096;
  o.timeout = static_cast<int>(std::max<std::int64_t>(1, opt.timeout.count()));
  o.tries = std::max(1, opt.tries);
  if (const int rc = ares_init_options(&p->ch, &o, mask); rc != ARES_SUCCESS) {
    p->ch = nullptr;
    return fail(std::string("c-ares channel: ") + ares_strerror(rc));
  }
  if (!opt.servers.empty()) {
    if (const int rc = ares_set_servers_ports_csv(p->ch, opt.servers.c_str()); rc != ARES_SUCCESS) {
      return fail("bad DNS server list '" + opt.servers + "': " + ares_strerror(rc) +
                  " (expected IP[:PORT], e.g. 127.0.0.1:5300 or [::1]:53)");
    }
  }
  return std::unique_ptr<cares_channel>(new cares_channel(std::move(p)));
}

void cares_channel::query(const wire::name& qname, std::uint16_t qtype, callback cb, bool urgent) {
  auto text = to_ares_name(qname);
  if (!text) {
    query_outcome o;
    o.status = query_status::bad_name;
    o.ares_status = ARES_EBADNAME;
    o.detail = text.error() == ares_name_errc::nul_byte
                   ? "the name holds a NUL octet, which c-ares cannot put in a query"
                   : "the name has an empty label";
    p_->deliver(std::move(cb), std::move(o));
    return;
  }
  if (urgent)
    p_->queue.push_front(impl::waiting{std::move(*text), qtype, std::move(cb)});
  else
    p_->queue.push_back(impl::waiting{std::move(*text), qtype, std::move(cb)});
  p_->after_ares();
}

std::size_t cares_channel::pending() const noexcept { return p_->in_flight + p_->queue.size(); }
channel_stats cares_channel::stats() const noexcept { return p_->st; }

}  // namespace svcname::detail
