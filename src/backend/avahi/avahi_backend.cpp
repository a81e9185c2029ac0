// The Avahi backend: avahi-client over D-Bus, on the svcname event loop through
// asio_avahi_poll (no avahi threaded poll, no second thread).
//
// Limits of avahi-daemon 0.8 (TESTBED §5): objects-per-client-max=1024 browsers+resolvers
// per client ("Too many objects"), cache-entries-max=4096 records per interface (resolvers
// then end with "Timeout reached"). We bound resolvers in flight and hand every resolve the
// daemon cannot finish to the built-in mDNS querier, saying so through backend_options::notice.
#include <utility>  // before any Asio header (Boost 1.74 with -std=c++23)

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <net/if.h>

#include <algorithm>
#include <cstring>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <set>

#include "backend/avahi/asio_poll.h"
#include "browse/event_loop_impl.h"
#include "svcname/backend/avahi.h"
#include "svcname/chars.h"

extern "C" {
/// Referenced by the backend's CMake (--undefined) so the static registration is linked.
extern const char svcname_backend_avahi_anchor;
const char svcname_backend_avahi_anchor = 0;
}

namespace svcname {

namespace {

namespace asio = boost::asio;

constexpr std::string_view backend_name = "avahi";
constexpr std::size_t default_max_resolvers = 256;
// A service browse that has listed this many instances is near the daemon's cache limit
// (cache-entries-max 4096 records ~ 1,000-1,300 services, TESTBED §5: at 2,000 published,
// avahi listed 1,045): from here on the built-in querier browses alongside to catch what the
// daemon's cache dropped.
constexpr std::size_t cross_check_threshold = 256;

std::string instance_key(std::string_view instance, std::string_view type, std::string_view domain) {
  std::string k;
  k.append(instance).push_back('\x1f');
  for (char c : type) k.push_back(chars::to_lower(c));
  k.push_back('\x1f');
  std::string d = domain.empty() ? std::string("local") : std::string(domain);
  if (d.size() > 1 && d.back() == '.') d.pop_back();
  for (char c : d) k.push_back(chars::to_lower(c));
  return k;
}

std::string strip_dot(std::string s) {
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

std::string interface_name(AvahiIfIndex i) {
  if (i < 0) return {};
  char buf[IF_NAMESIZE] = {};
  if (if_indextoname(static_cast<unsigned>(i), buf) == nullptr) return std::to_string(i);
  return buf;
}

ip_protocol from_avahi(AvahiProtocol p) {
  if (p == AVAHI_PROTO_INET) return ip_protocol::v4;
  if (p == AVAHI_PROTO_INET6) return ip_protocol::v6;
  return ip_protocol::any;
}

AvahiProtocol to_avahi(ip_protocol p) {
  if (p == ip_protocol::v4) return AVAHI_PROTO_INET;
  if (p == ip_protocol::v6) return AVAHI_PROTO_INET6;
  return AVAHI_PROTO_UNSPEC;
}

std::string err_text(int e) { return avahi_strerror(e); }

// Interfaces by name -> indexes; empty -> {AVAHI_IF_UNSPEC}.
result<std::vector<AvahiIfIndex>, browse_error> interfaces_of(const std::vector<std::string>& names) {
  std::vector<AvahiIfIndex> out;
  for (const auto& n : names) {
    const unsigned idx = if_nametoindex(n.c_str());
    if (idx == 0) {
      return fail(browse_error{browse_errc::invalid_request,
                               "no network interface named '" + n + "' (see `ip link`)"});
    }
    out.push_back(static_cast<AvahiIfIndex>(idx));
  }
  if (out.empty()) out.push_back(AVAHI_IF_UNSPEC);
  return out;
}

class avahi_backend;

struct browse_state : std::enable_shared_from_this<browse_state> {
  avahi_backend* be = nullptr;
  browse_request req;
  browse_callback cb;
  std::string avahi_type;  // "_printer._sub._http._tcp" with a subtype
  std::vector<AvahiServiceBrowser*> sbs;
  std::vector<AvahiServiceTypeBrowser*> tbs;
  std::vector<AvahiDomainBrowser*> dbs;
  std::size_t waiting_all_for_now = 0;
  bool all_for_now_sent = false;
  bool cancelled = false;
  std::unique_ptr<asio::steady_timer> deadline;
  browser fallback;  // the same browse on the built-in querier after a disconnect
  // Cross-check by the built-in querier once the daemon nears its cache limit.
  std::set<std::string> seen;   // instance keys the daemon reported
  std::set<std::string> extra;  // instance keys only the built-in querier found
  browser cross;
  bool cross_started = false, cross_done = false, all_for_now_pending = false;
  void free_avahi();
};

struct resolve_state : std::enable_shared_from_this<resolve_state> {
  avahi_backend* be = nullptr;
  resolve_request req;
  resolve_callback cb;
  AvahiServiceResolver* r = nullptr;
  bool queued = false;
  bool cancelled = false;
  bool finished = false;
  std::unique_ptr<asio::steady_timer> deadline;
  resolver fallback;
  void free_avahi();
};

void browse_state::free_avahi() {
  for (auto* b : sbs) avahi_service_browser_free(b);
  for (auto* b : tbs) avahi_service_type_browser_free(b);
  for (auto* b : dbs) avahi_domain_browser_free(b);
  sbs.clear();
  tbs.clear();
  dbs.clear();
}

void resolve_state::free_avahi() {
  if (r != nullptr) avahi_service_resolver_free(r);
  r = nullptr;
}

class avahi_backend final : public backend {
 public:
  avahi_backend(event_loop& loop, const backend_options& opt, std::size_t max_resolvers)
      : loop_(loop), io_(io_context_of(loop)), opt_(opt), poll_(io_context_of(loop)),
        max_in_flight_(max_resolvers == 0 ? default_max_resolvers : max_resolvers) {}

  ~avahi_backend() override {
    *alive_ = false;
    // Handles must be gone already (browse.h); free what is left defensively.
    for (auto* b : browses_) b->free_avahi();
    for (auto* r : resolves_) r->free_avahi();
    if (client_ != nullptr) avahi_client_free(client_);
  }

  // Connects; fails when no daemon answers.
  result<void, browse_error> connect() {
    int err = 0;
    client_ = avahi_client_new(poll_.get(), static_cast<AvahiClientFlags>(0), &avahi_backend::on_client,
                               this, &err);
    if (client_ == nullptr) {
      return fail(browse_error{
          browse_errc::backend_unavailable,
          "avahi-daemon is not reachable: " + err_text(err) +
              " (is avahi-daemon running, and D-Bus at $DBUS_SYSTEM_BUS_ADDRESS or "
              "/run/dbus/system_bus_socket? --backend mdns needs no daemon)"});
    }
    return {};
  }

  [[nodiscard]] std::string_view name() const noexcept override { return backend_name; }

  result<browser, browse_error> browse(const browse_request& req, browse_callback cb) override {
    auto ifs = interfaces_of(req.interfaces.empty() ? opt_.interfaces : req.interfaces);
    if (!ifs) return fail(ifs.error());
    auto s = std::make_shared<browse_state>();
    s->be = this;
    s->req = req;
    if (s->req.protocol == ip_protocol::any) s->req.protocol = opt_.protocol;
    s->cb = std::move(cb);
    if (disconnected_) {
      if (!start_fallback_browse(*s)) {
        return fail(browse_error{browse_errc::disconnected,
                                 "avahi-daemon connection lost and no built-in querier is available"});
      }
      return browser(std::make_unique<op<browse_state>>(s));
    }
    const char* domain = req.domain.empty() ? nullptr : req.domain.c_str();
    const AvahiProtocol proto = to_avahi(s->req.protocol);
    const std::string t = strip_dot(req.type);
    for (const AvahiIfIndex i : *ifs) {
      if (req.enumerate_types) {
        auto* b = avahi_service_type_browser_new(client_, i, proto, domain, static_cast<AvahiLookupFlags>(0),
                                                 &avahi_backend::on_type, s.get());
        if (b == nullptr) return fail(browse_failure("service-type browser"));
        s->tbs.push_back(b);
      } else if (t == "b._dns-sd._udp" || t == "db._dns-sd._udp" || t == "lb._dns-sd._udp") {
        // RFC 6763 §11 browse domains.
        const AvahiDomainBrowserType bt = t[0] == 'b'   ? AVAHI_DOMAIN_BROWSER_BROWSE
                                          : t[0] == 'd' ? AVAHI_DOMAIN_BROWSER_BROWSE_DEFAULT
                                                        : AVAHI_DOMAIN_BROWSER_BROWSE_LEGACY;
        auto* b = avahi_domain_browser_new(client_, i, proto, domain, bt, static_cast<AvahiLookupFlags>(0),
                                           &avahi_backend::on_domain, s.get());
        if (b == nullptr) return fail(browse_failure("domain browser"));
        s->dbs.push_back(b);
      } else {
        // RFC 6763 §7.1: a subtype browse is a browse of <sub>._sub.<type>.
        s->avahi_type = req.subtype.empty() ? t : req.subtype + "._sub." + t;
        auto* b = avahi_service_browser_new(client_, i, proto, s->avahi_type.c_str(), domain,
                                            static_cast<AvahiLookupFlags>(0), &avahi_backend::on_service,
                                            s.get());
        if (b == nullptr) {
          auto e = browse_failure("service browser for " + s->avahi_type);
          s->free_avahi();
          return fail(e);
        }
        s->sbs.push_back(b);
      }
      ++s->waiting_all_for_now;
    }
    // One-shot: all_for_now at the latest after the timeout (browse_request::timeout).
    s->deadline = std::make_unique<asio::steady_timer>(io_);
    s->deadline->expires_after(req.timeout.count() > 0 ? req.timeout : opt_.timeout);
    std::weak_ptr<browse_state> w = s;
    s->deadline->async_wait([w](const boost::system::error_code& ec) {
      auto st = w.lock();
      if (ec || !st || st->cancelled) return;
      st->be->send_all_for_now(st);
    });
    browses_.insert(s.get());
    return browser(std::make_unique<op<browse_state>>(s));
  }

  result<resolver, browse_error> resolve(const resolve_request& req, resolve_callback cb) override {
    auto s = std::make_shared<resolve_state>();
    const bool daemon_missed = fallback_instances_.contains(instance_key(req.instance, req.type, req.domain));
    s->be = this;
    s->req = req;
    s->cb = std::move(cb);
    s->deadline = std::make_unique<asio::steady_timer>(io_);
    s->deadline->expires_after(req.timeout.count() > 0 ? req.timeout : opt_.timeout);
    std::weak_ptr<resolve_state> w = s;
    s->deadline->async_wait([w](const boost::system::error_code& ec) {
      auto st = w.lock();
      if (ec || !st || st->cancelled || st->finished) return;
      // Waiting in our queue or in the daemon for too long: finish on the built-in querier.
      st->be->to_fallback(st, "not resolved by avahi-daemon in time");
    });
    if (disconnected_) {
      to_fallback(s, "avahi-daemon connection lost");
    } else if (daemon_missed) {
      to_fallback(s, "avahi-daemon did not list this instance");
    } else {
      queue_.push_back(s);
      s->queued = true;
      pump();
    }
    resolves_.insert(s.get());
    return resolver(std::make_unique<op<resolve_state>>(s));
  }

  [[nodiscard]] const avahi_backend_stats& stats() const noexcept { return stats_; }

  // ---- called by operations ----
  void forget(browse_state* s) {
    s->free_avahi();
    s->cross.cancel();
    browses_.erase(s);
  }
  void forget(resolve_state* s) {
    if (s->r != nullptr) {
      s->free_avahi();
      --in_flight_;
      post_pump();
    }
    resolves_.erase(s);
    std::erase_if(queue_, [s](const std::weak_ptr<resolve_state>& w) {
      auto p = w.lock();
      return !p || p.get() == s;
    });
  }

 private:
  template <class State>
  class op final : public operation {
   public:
    explicit op(std::shared_ptr<State> s) : s_(std::move(s)) {}
    ~op() override { cancel(); }
    void cancel() noexcept override {
      if (!s_) return;
      s_->cancelled = true;
      s_->cb = nullptr;
      if (s_->deadline) s_->deadline->cancel();
      s_->fallback.cancel();
      s_->be->forget(s_.get());  // frees the daemon objects (and a resolver's slot)
      s_.reset();
    }

   private:
    std::shared_ptr<State> s_;
  };

  browse_error browse_failure(const std::string& what) {
    const int e = avahi_client_errno(client_);
    return browse_error{e == AVAHI_ERR_TOO_MANY_OBJECTS ? browse_errc::too_many_objects
                                                        : browse_errc::backend_unavailable,
                        "avahi-daemon refused a " + what + ": " + err_text(e)};
  }

  void notice(const std::string& text) {
    if (opt_.notice) opt_.notice(text);
  }

  static void emit(browse_state& s, browse_event ev) {
    if (s.cancelled || !s.cb) return;
    ev.backend = std::string(backend_name);
    auto keep = s.shared_from_this();  // the callback may destroy the handle
    s.cb(ev);
  }

  void send_all_for_now(const std::shared_ptr<browse_state>& s) {
    if (s->all_for_now_sent || s->cancelled) return;
    if (s->cross_started && !s->cross_done) {
      s->all_for_now_pending = true;  // after the cross-check's own all_for_now
      return;
    }
    s->all_for_now_sent = true;
    if (s->deadline) s->deadline->cancel();
    browse_event ev;
    ev.kind = browse_event_kind::all_for_now;
    ev.type = s->req.enumerate_types ? std::string() : strip_dot(s->req.type);
    ev.domain = s->req.domain.empty() ? "local" : strip_dot(s->req.domain);
    emit(*s, std::move(ev));
    // One-shot: nothing after all_for_now (browse.h); the daemon's browsers can go.
    if (!s->cancelled && !s->req.watch) s->free_avahi();
  }

  // Common handling of the browser events that carry no name.
  static bool common_event(browse_state& s, AvahiBrowserEvent event, AvahiClient* c) {
    switch (event) {
      case AVAHI_BROWSER_ALL_FOR_NOW:
        if (s.waiting_all_for_now > 0 && --s.waiting_all_for_now == 0)
          s.be->send_all_for_now(s.shared_from_this());
        return true;
      case AVAHI_BROWSER_CACHE_EXHAUSTED:
        return true;
      case AVAHI_BROWSER_FAILURE: {
        const int e = avahi_client_errno(c);
        if (e == AVAHI_ERR_DISCONNECTED) return true;  // on_client() moves us to the fallback
        browse_event ev;
        ev.kind = browse_event_kind::failed;
        ev.type = strip_dot(s.req.type);
        ev.domain = s.req.domain.empty() ? "local" : strip_dot(s.req.domain);
        ev.error = {e == AVAHI_ERR_TOO_MANY_OBJECTS ? browse_errc::too_many_objects : browse_errc::internal,
                    "avahi-daemon: browsing failed: " + err_text(e)};
        emit(s, std::move(ev));
        return true;
      }
      default:
        return false;
    }
  }

  static bool suppressed(const browse_state& s) {
    return s.cancelled || (s.all_for_now_sent && !s.req.watch);
  }

  static void on_service(AvahiServiceBrowser* b, AvahiIfIndex iface, AvahiProtocol proto,
                         AvahiBrowserEvent event, const char* name, const char* type, const char* domain,
                         AvahiLookupResultFlags, void* userdata) {
    auto& s = *static_cast<browse_state*>(userdata);
    if (common_event(s, event, avahi_service_browser_get_client(b)) || suppressed(s)) return;
    browse_event ev;
    ev.kind = event == AVAHI_BROWSER_NEW ? browse_event_kind::added : browse_event_kind::removed;
    ev.interface_index = iface < 0 ? 0u : static_cast<std::uint32_t>(iface);
    ev.interface_name = interface_name(iface);
    ev.protocol = from_avahi(proto);
    ev.instance = name != nullptr ? name : "";  // avahi hands the raw label (UTF-8, dots kept)
    ev.type = type != nullptr ? strip_dot(type) : strip_dot(s.req.type);
    ev.subtype = s.req.subtype;
    if (!s.req.subtype.empty()) ev.type = strip_dot(s.req.type);
    ev.domain = domain != nullptr ? strip_dot(domain) : "local";
    const std::string key = instance_key(ev.instance, ev.type, ev.domain);
    if (ev.kind == browse_event_kind::added) {
      s.seen.insert(key);
      s.extra.erase(key);
    }
    emit(s, std::move(ev));
    if (!s.cancelled && !s.cross_started && s.seen.size() >= cross_check_threshold)
      s.be->start_cross_check(s.shared_from_this());
  }

  // The daemon has listed many instances: browse the same type with the built-in querier too
  // and report what only it finds, so that avahi's cache limit does not silently hide services.
  void start_cross_check(const std::shared_ptr<browse_state>& s) {
    s->cross_started = true;
    backend* fb = fallback();
    if (fb == nullptr) {
      s->cross_done = true;
      return;
    }
    std::weak_ptr<browse_state> w = s;
    browse_request rq = s->req;
    rq.watch = s->req.watch;
    auto h = fb->browse(rq, [w](const browse_event& ev) {
      auto st = w.lock();
      if (!st || st->cancelled) return;
      st->be->on_cross_event(st, ev);
    });
    if (!h) {
      s->cross_done = true;
      return;
    }
    s->cross = std::move(*h);
  }

  void on_cross_event(const std::shared_ptr<browse_state>& s, const browse_event& ev) {
    const std::string key = instance_key(ev.instance, ev.type, ev.domain);
    switch (ev.kind) {
      case browse_event_kind::added:
        if (s->seen.contains(key) || !s->extra.insert(key).second) return;
        fallback_instances_.insert(key);  // resolve these through the built-in querier
        if (!suppressed(*s) && s->cb) {
          auto keep = s;
          s->cb(ev);
        }
        return;
      case browse_event_kind::removed:
        if (s->extra.erase(key) == 0) return;
        if (!suppressed(*s) && s->cb) {
          auto keep = s;
          s->cb(ev);
        }
        return;
      case browse_event_kind::all_for_now:
      case browse_event_kind::failed:
        if (s->cross_done) return;
        s->cross_done = true;
        if (!s->extra.empty()) {
          notice("avahi-daemon listed " + std::to_string(s->seen.size()) + " instances of " +
                 strip_dot(s->req.type) + "; the built-in mDNS querier found " +
                 std::to_string(s->extra.size()) +
                 " more (the daemon's cache-entries-max limit?): reporting and resolving those through it");
        }
        if (s->all_for_now_pending) send_all_for_now(s);
        return;
    }
  }

  static void on_type(AvahiServiceTypeBrowser* b, AvahiIfIndex iface, AvahiProtocol proto,
                      AvahiBrowserEvent event, const char* type, const char* domain, AvahiLookupResultFlags,
                      void* userdata) {
    auto& s = *static_cast<browse_state*>(userdata);
    if (common_event(s, event, avahi_service_type_browser_get_client(b)) || suppressed(s)) return;
    browse_event ev;
    ev.kind = event == AVAHI_BROWSER_NEW ? browse_event_kind::added : browse_event_kind::removed;
    ev.interface_index = iface < 0 ? 0u : static_cast<std::uint32_t>(iface);
    ev.interface_name = interface_name(iface);
    ev.protocol = from_avahi(proto);
    ev.type = type != nullptr ? strip_dot(type) : "";
    ev.domain = domain != nullptr ? strip_dot(domain) : "local";
    emit(s, std::move(ev));
  }

  static void on_domain(AvahiDomainBrowser* b, AvahiIfIndex iface, AvahiProtocol proto,
                        AvahiBrowserEvent event, const char* domain, AvahiLookupResultFlags, void* userdata) {
    auto& s = *static_cast<browse_state*>(userdata);
    if (common_event(s, event, avahi_domain_browser_get_client(b)) || suppressed(s)) return;
    browse_event ev;
    ev.kind = event == AVAHI_BROWSER_NEW ? browse_event_kind::added : browse_event_kind::removed;
    ev.interface_index = iface < 0 ? 0u : static_cast<std::uint32_t>(iface);
    ev.interface_name = interface_name(iface);
    ev.protocol = from_avahi(proto);
    ev.type = strip_dot(s.req.type);
    ev.domain = domain != nullptr ? strip_dot(domain) : "";
    emit(s, std::move(ev));
  }

  // ---- resolvers: bounded in flight ----

  void post_pump() {
    if (pump_posted_) return;
    pump_posted_ = true;
    asio::post(io_, [this, alive = alive_] {
      if (!*alive) return;
      pump_posted_ = false;
      pump();
    });
  }

  void pump() {
    while (!disconnected_ && in_flight_ < max_in_flight_ && !queue_.empty()) {
      auto s = queue_.front().lock();
      queue_.pop_front();
      if (!s || s->cancelled || s->finished) continue;
      s->queued = false;
      const auto& q = s->req;
      const AvahiIfIndex iface = q.interface_index == 0 ? AVAHI_IF_UNSPEC : static_cast<AvahiIfIndex>(q.interface_index);
      s->r = avahi_service_resolver_new(client_, iface, to_avahi(q.protocol), q.instance.c_str(),
                                        strip_dot(q.type).c_str(), q.domain.empty() ? nullptr : q.domain.c_str(),
                                        to_avahi(q.address_family), static_cast<AvahiLookupFlags>(0),
                                        &avahi_backend::on_resolved, s.get());
      if (s->r == nullptr) {
        const int e = avahi_client_errno(client_);
        if (e == AVAHI_ERR_TOO_MANY_OBJECTS) {
          // The daemon's objects-per-client-max is below our bound (another client of the
          // same connection, or a lowered limit): lower the bound and finish this one elsewhere.
          ++stats_.too_many_objects;
          max_in_flight_ = std::max<std::size_t>(1, in_flight_);
          to_fallback(s, "avahi-daemon: Too many objects (objects-per-client-max)");
        } else {
          finish(*s, fail(browse_error{browse_errc::backend_unavailable,
                                       "avahi-daemon refused a resolver: " + err_text(e)}));
        }
        continue;
      }
      ++in_flight_;
      ++stats_.resolves_started;
      stats_.peak_in_flight = std::max(stats_.peak_in_flight, in_flight_);
    }
  }

  static void finish(resolve_state& s, const result<resolve_result, browse_error>& r) {
    if (s.finished || s.cancelled) return;
    s.finished = true;
    if (s.deadline) s.deadline->cancel();
    auto keep = s.shared_from_this();
    if (auto cb = std::move(s.cb)) cb(r);
  }

  static void on_resolved(AvahiServiceResolver* r, AvahiIfIndex iface, AvahiProtocol proto,
                          AvahiResolverEvent event, const char* name, const char* type, const char* domain,
                          const char* host, const AvahiAddress* a, std::uint16_t port, AvahiStringList* txt,
                          AvahiLookupResultFlags, void* userdata) {
    auto s = static_cast<resolve_state*>(userdata)->shared_from_this();
    avahi_backend* be = s->be;
    // One answer is all a one-shot resolve needs: free the daemon object now (allowed inside
    // its own callback) so the slot goes to the next queued resolve.
    const int e = event == AVAHI_RESOLVER_FAILURE ? avahi_client_errno(avahi_service_resolver_get_client(r)) : 0;
    if (s->r != nullptr) {
      s->free_avahi();
      --be->in_flight_;
      be->post_pump();
    }
    if (s->cancelled || s->finished) return;
    if (event == AVAHI_RESOLVER_FAILURE) {
      if (e == AVAHI_ERR_DISCONNECTED) return;  // on_client() moves it to the fallback
      if (e == AVAHI_ERR_TIMEOUT) {
        // cache-entries-max reached, or the service really is silent: the built-in querier
        // asks directly and decides.
        ++be->stats_.daemon_timeouts;
        be->to_fallback(s, "avahi-daemon: Timeout reached (cache-entries-max?)");
        return;
      }
      if (e == AVAHI_ERR_TOO_MANY_OBJECTS) {
        ++be->stats_.too_many_objects;
        be->to_fallback(s, "avahi-daemon: Too many objects");
        return;
      }
      finish(*s, fail(browse_error{browse_errc::not_found, "avahi-daemon could not resolve '" + s->req.instance +
                                                               "': " + err_text(e)}));
      return;
    }
    resolve_result res;
    res.interface_index = iface < 0 ? 0u : static_cast<std::uint32_t>(iface);
    res.interface_name = interface_name(iface);
    res.protocol = from_avahi(proto);
    res.instance = name != nullptr ? name : s->req.instance;
    res.type = type != nullptr ? strip_dot(type) : strip_dot(s->req.type);
    res.domain = domain != nullptr ? strip_dot(domain) : "local";
    res.host = host != nullptr ? std::string(host) + "." : "";
    res.port = port;
    res.backend = std::string(backend_name);
    // The resolver's string list is in wire order (checked against a legacy unicast query in
    // tests/netns/avahi: avahi-browse prints it reversed). Avahi drops empty TXT strings
    // (TESTBED Pitfalls); we cannot restore them.
    for (AvahiStringList* l = txt; l != nullptr; l = avahi_string_list_get_next(l)) {
      res.txt.emplace_back(reinterpret_cast<const char*>(avahi_string_list_get_text(l)),  // NOLINT: avahi API
                           avahi_string_list_get_size(l));
    }
    res.has_txt = txt != nullptr;
    if (a != nullptr) {
      if (a->proto == AVAHI_PROTO_INET) {
        std::array<std::uint8_t, 4> b{};
        const std::uint32_t v = a->data.ipv4.address;  // network order in memory
        std::memcpy(b.data(), &v, 4);
        res.addresses.push_back({ip_address::v4(b), 0});
      } else if (a->proto == AVAHI_PROTO_INET6) {
        std::array<std::uint8_t, 16> b{};
        std::memcpy(b.data(), a->data.ipv6.address, 16);
        auto ip = ip_address::v6(b);
        if (ip.is_link_local()) ip.scope_id = res.interface_index;  // fe80::/10 needs its scope
        res.addresses.push_back({ip, 0});
      }
    }
    finish(*s, res);
  }

  // ---- the built-in querier as fallback ----

  backend* fallback() {
    if (fallback_) return fallback_.get();
    if (fallback_failed_) return nullptr;
    const backend_info* mdns = find_backend("mdns");
    if (mdns == nullptr || mdns->create == nullptr) {
      fallback_failed_ = true;
      fallback_error_ = "the built-in mDNS querier is not part of this build";
      return nullptr;
    }
    backend_options o = opt_;
    auto b = mdns->create(loop_, o);
    if (!b) {
      fallback_failed_ = true;
      fallback_error_ = b.error().message;
      return nullptr;
    }
    fallback_ = std::move(*b);
    return fallback_.get();
  }

  void to_fallback(const std::shared_ptr<resolve_state>& s, const std::string& why) {
    if (s->cancelled || s->finished) return;
    if (s->r != nullptr) {
      s->free_avahi();
      --in_flight_;
      post_pump();
    }
    if (s->queued) {
      std::erase_if(queue_, [p = s.get()](const std::weak_ptr<resolve_state>& w) {
        auto q = w.lock();
        return !q || q.get() == p;
      });
      s->queued = false;
    }
    backend* fb = fallback();
    if (fb == nullptr) {
      finish(*s, fail(browse_error{browse_errc::too_many_objects,
                                   why + "; cannot complete '" + s->req.instance + "' elsewhere: " + fallback_error_}));
      return;
    }
    if (stats_.completed_by_fallback++ == 0) {
      notice(why + ": resolving the remaining instances through the built-in mDNS querier");
    }
    std::weak_ptr<resolve_state> w = s;
    resolve_request rq = s->req;
    rq.timeout = opt_.timeout;
    auto h = fb->resolve(rq, [w](const result<resolve_result, browse_error>& r) {
      if (auto st = w.lock()) finish(*st, r);
    });
    if (!h) {
      finish(*s, fail(h.error()));
      return;
    }
    s->fallback = std::move(*h);
  }

  bool start_fallback_browse(browse_state& s) {
    backend* fb = fallback();
    if (fb == nullptr) return false;
    std::weak_ptr<browse_state> w = s.shared_from_this();
    auto h = fb->browse(s.req, [w](const browse_event& ev) {
      if (auto st = w.lock(); st && !st->cancelled && st->cb) {
        auto keep = st;
        st->cb(ev);
      }
    });
    if (!h) return false;
    s.fallback = std::move(*h);
    return true;
  }

  static void on_client(AvahiClient* c, AvahiClientState state, void* userdata) {
    auto* be = static_cast<avahi_backend*>(userdata);
    if (be->client_ == nullptr) be->client_ = c;  // called from inside avahi_client_new()
    if (state != AVAHI_CLIENT_FAILURE) return;
    const int e = avahi_client_errno(c);
    // Defer: we are inside libdbus; freeing browsers here is not allowed.
    asio::post(be->io_, [be, e, alive = be->alive_] {
      if (*alive) be->on_disconnect(e);
    });
  }

  void on_disconnect(int e) {
    if (disconnected_) return;
    disconnected_ = true;
    stats_.disconnected = true;
    backend* fb = fallback();
    notice("avahi-daemon connection lost (" + err_text(e) + "): " +
           (fb != nullptr ? "continuing with the built-in mDNS querier"
                          : "cannot continue: " + fallback_error_));
    // Browses: stop the daemon objects and run the same request on the fallback.
    for (auto* s : std::vector<browse_state*>(browses_.begin(), browses_.end())) {
      auto keep = s->shared_from_this();
      s->free_avahi();
      if (s->cancelled || (s->all_for_now_sent && !s->req.watch)) continue;
      if (s->deadline) s->deadline->cancel();
      if (!start_fallback_browse(*s)) {
        browse_event ev;
        ev.kind = browse_event_kind::failed;
        ev.type = strip_dot(s->req.type);
        ev.domain = s->req.domain.empty() ? "local" : strip_dot(s->req.domain);
        ev.error = {browse_errc::disconnected,
                    "avahi-daemon connection lost (" + err_text(e) + ") and no fallback: " + fallback_error_};
        emit(*s, std::move(ev));
      }
    }
    // Resolves: in the daemon or waiting for a slot.
    for (auto* s : std::vector<resolve_state*>(resolves_.begin(), resolves_.end())) {
      auto keep = s->shared_from_this();
      if (s->r != nullptr) {
        avahi_service_resolver_free(s->r);
        s->r = nullptr;
        --in_flight_;
      }
      to_fallback(keep, "avahi-daemon connection lost");
    }
    queue_.clear();
  }

  event_loop& loop_;
  asio::io_context& io_;
  backend_options opt_;
  detail::asio_avahi_poll poll_;
  AvahiClient* client_ = nullptr;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::set<browse_state*> browses_;
  std::set<resolve_state*> resolves_;
  std::deque<std::weak_ptr<resolve_state>> queue_;
  std::size_t in_flight_ = 0;
  std::size_t max_in_flight_;
  bool pump_posted_ = false;
  bool disconnected_ = false;
  std::unique_ptr<backend> fallback_;
  std::set<std::string> fallback_instances_;  // found only by a cross-check
  bool fallback_failed_ = false;
  std::string fallback_error_;
  avahi_backend_stats stats_;
};

result<std::unique_ptr<backend>, browse_error> create(event_loop& loop, const backend_options& opt) {
  return make_avahi_backend(loop, opt, 0);
}

const backend_info info{
    .name = backend_name,
    .description = "the system avahi-daemon over D-Bus (falls back to the built-in querier)",
    .auto_order = 10,
    .serves_domain = &is_local_domain,
    .create = &create,
};
const backend_registration reg{info};

}  // namespace

result<std::unique_ptr<backend>, browse_error> make_avahi_backend(event_loop& loop, const backend_options& opt,
                                                                  std::size_t max_resolvers) {
  auto be = std::make_unique<avahi_backend>(loop, opt, max_resolvers);
  if (auto r = be->connect(); !r) return fail(r.error());
  return std::unique_ptr<backend>(std::move(be));
}

avahi_backend_stats avahi_stats(const backend& b) noexcept {
  if (const auto* a = dynamic_cast<const avahi_backend*>(&b)) return a->stats();
  return {};
}

}  // namespace svcname
