// Unicast DNS-SD (RFC 6763 over ordinary DNS) through c-ares 1.18 on the event loop.
//
// browse:  PTR <type>.<domain>            (RFC 6763 §4.1)        -> added / all_for_now
//          PTR _services._dns-sd._udp.<d> (RFC 6763 §9)          -> service types
//          PTR b|db|lb|r|dr._dns-sd._udp.<d> (RFC 6763 §11)      -> browse domains
// resolve: SRV + TXT of <instance>.<type>.<domain> (§5, §6) in parallel, then A/AAAA of the
//          SRV target (RFC 2782), taken from the additional section when the server sent them
//          and otherwise queried, with a per-backend cache so 10,000 instances on 100 hosts
//          cost 200 address queries, not 20,000.
// Every reply is parsed by wire::parse_message (never ares_parse_ptr_reply, which rejects
// instance names with spaces or UTF-8 on c-ares 1.18).
#include <utility>  // before any Asio header (Boost 1.74 with -std=c++23)

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <vector>

#include "backend/cares/channel.h"
#include "browse/event_loop_impl.h"
#include "svcname/backend/unicast.h"
#include "svcname/chars.h"

extern "C" {
/// Referenced by the backend's CMake (--undefined) so the static registration is linked.
extern const char svcname_backend_unicast_anchor;
const char svcname_backend_unicast_anchor = 0;
}

namespace svcname {

namespace {

namespace asio = boost::asio;
using detail::cares_channel;
using detail::query_outcome;
using detail::query_status;

constexpr std::string_view backend_name = "unicast";

// RFC 6763 §11: the five browse-domain enumeration names.
constexpr std::array<std::string_view, 5> domain_enum_names = {
    "b._dns-sd._udp", "db._dns-sd._udp", "lb._dns-sd._udp", "r._dns-sd._udp", "dr._dns-sd._udp"};

std::string strip_dot(std::string s) {
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

std::string display(const wire::name& n) { return n.to_text(); }

wire::name concat(const wire::name& a, const wire::name& b) {
  wire::name r = a;
  r.labels.insert(r.labels.end(), b.labels.begin(), b.labels.end());
  return r;
}

wire::name tail(const wire::name& n, std::size_t from) {
  wire::name r;
  if (from < n.labels.size()) r.labels.assign(n.labels.begin() + static_cast<std::ptrdiff_t>(from), n.labels.end());
  return r;
}

// Maps a failed query to the neutral error, with a message that says what, where and why.
browse_error to_error(const query_outcome& o, std::string_view what, const wire::name& qname,
                      std::string_view servers) {
  browse_errc code = browse_errc::server_failure;
  std::string why;
  switch (o.status) {
    case query_status::nxdomain:
      code = browse_errc::not_found;
      why = "the name does not exist (NXDOMAIN)";
      break;
    case query_status::nodata:
      code = browse_errc::not_found;
      why = "the name exists but has no such record (NODATA)";
      break;
    case query_status::servfail:
      why = "the server failed (SERVFAIL): is the zone loaded?";
      break;
    case query_status::refused:
      why = "the server refused the query (REFUSED): does it serve this domain?";
      break;
    case query_status::timeout:
      code = browse_errc::timeout;
      why = "no answer in time (timeout): is the server reachable?";
      break;
    case query_status::connection_refused:
      code = browse_errc::network;
      why = "connection refused: nothing listens on that address and port";
      break;
    case query_status::bad_response:
      code = browse_errc::bad_response;
      why = "malformed reply: " + o.detail;
      break;
    case query_status::bad_name:
      code = browse_errc::invalid_request;
      why = o.detail;
      break;
    default:
      why = "c-ares: " + o.detail;
      break;
  }
  std::string msg = std::string(what) + " " + display(qname) + ": " + why;
  msg += " [server ";
  msg += servers.empty() ? std::string("from /etc/resolv.conf") : std::string(servers);
  msg += "]";
  return browse_error{code, std::move(msg)};
}

// Records of @p type in the answer section owned by @p owner (case-insensitive, RFC 1035 §2.3.3).
template <class Rdata>
std::vector<std::pair<const Rdata*, std::uint32_t>> answers_of(const wire::message& m,
                                                                const wire::name& owner) {
  std::vector<std::pair<const Rdata*, std::uint32_t>> out;
  for (const auto& rr : m.answers) {
    if (!rr.owner.iequals(owner)) continue;
    if (const auto* d = std::get_if<Rdata>(&rr.data)) out.emplace_back(d, rr.ttl);
  }
  return out;
}

// ---------------------------------------------------------------------------------------

struct address_entry {
  bool done = false;
  std::vector<resolved_address> addrs;
  std::string problem;  // why there are none (NODATA, NXDOMAIN, timeout ...)
  std::vector<std::function<void()>> waiters;
};

class unicast_backend;

// Shared state of one browse.
struct browse_state {
  unicast_backend* be = nullptr;
  browse_request req;
  browse_callback cb;
  wire::name qname;    // what is queried
  wire::name domain;   // the domain browsed
  enum class mode : std::uint8_t { instances, types, domains } what = mode::instances;
  std::string enum_name;  // for mode::domains
  std::map<std::string, browse_event> known_events;  // key: lower-case PTR target
  bool cancelled = false;
  bool reported_failure = false;
  std::unique_ptr<asio::steady_timer> refresh;
};

// Shared state of one resolve.
struct resolve_state {
  unicast_backend* be = nullptr;
  resolve_request req;
  resolve_callback cb;
  wire::name full;    // <instance>.<type>.<domain>
  bool cancelled = false;
  bool finished = false;
  int outstanding = 0;
  std::optional<query_outcome> srv, txt;
  resolve_result res;
  std::unique_ptr<asio::steady_timer> deadline;
};

class browse_op final : public operation {
 public:
  explicit browse_op(std::shared_ptr<browse_state> s) : s_(std::move(s)) {}
  ~browse_op() override { cancel(); }
  void cancel() noexcept override {
    if (!s_) return;
    s_->cancelled = true;
    s_->cb = nullptr;
    if (s_->refresh) s_->refresh->cancel();
    s_.reset();
  }

 private:
  std::shared_ptr<browse_state> s_;
};

class resolve_op final : public operation {
 public:
  explicit resolve_op(std::shared_ptr<resolve_state> s) : s_(std::move(s)) {}
  ~resolve_op() override { cancel(); }
  void cancel() noexcept override {
    if (!s_) return;
    s_->cancelled = true;
    s_->cb = nullptr;
    if (s_->deadline) s_->deadline->cancel();
    s_.reset();
  }

 private:
  std::shared_ptr<resolve_state> s_;
};

class unicast_backend final : public backend {
 public:
  /// @param chs one channel per --server, tried in order (failover), or one channel for the
  /// system resolver configuration.
  unicast_backend(event_loop& loop, std::vector<std::unique_ptr<cares_channel>> chs,
                  const backend_options& opt, std::string servers)
      : io_(io_context_of(loop)), chs_(std::move(chs)), opt_(opt), servers_(std::move(servers)) {}

  [[nodiscard]] std::string_view name() const noexcept override { return backend_name; }

  result<browser, browse_error> browse(const browse_request& req, browse_callback cb) override {
    auto s = std::make_shared<browse_state>();
    s->be = this;
    s->req = req;
    s->cb = std::move(cb);
    auto dom = parse_domain(req.domain);
    if (!dom) return fail(dom.error());
    s->domain = *dom;
    std::string type_text = req.type;
    if (req.enumerate_types) {
      s->what = browse_state::mode::types;
      type_text = "_services._dns-sd._udp";  // RFC 6763 §9
    } else if (is_domain_enumeration(strip_dot(req.type))) {
      s->what = browse_state::mode::domains;
      s->enum_name = strip_dot(req.type);
    }
    auto type = wire::name_from_text(type_text);
    if (!type || type->labels.empty()) {
      return fail(browse_error{browse_errc::invalid_request,
                               "bad service type '" + req.type + "': expected e.g. _http._tcp"});
    }
    wire::name q = *type;
    if (!req.subtype.empty() && s->what == browse_state::mode::instances) {
      // RFC 6763 §7.1: <sub>._sub.<type>.<domain>
      auto sub = wire::name_from_text(req.subtype);
      if (!sub || sub->labels.size() != 1) {
        return fail(browse_error{browse_errc::invalid_request,
                                 "bad subtype '" + req.subtype + "': expected one label, e.g. _printer"});
      }
      q = concat(concat(*sub, wire::make_name({"_sub"})), q);
    }
    s->qname = concat(q, s->domain);
    start_browse_query(s);
    return browser(std::make_unique<browse_op>(s));
  }

  result<resolver, browse_error> resolve(const resolve_request& req, resolve_callback cb) override {
    if (req.instance.empty() || req.instance.size() > wire::max_label_octets) {
      return fail(browse_error{browse_errc::invalid_request,
                               "instance name must be 1-63 octets (RFC 6763 §4.1.1), got " +
                                   std::to_string(req.instance.size())});
    }
    auto dom = parse_domain(req.domain);
    if (!dom) return fail(dom.error());
    auto type = wire::name_from_text(req.type);
    if (!type || type->labels.size() < 2) {
      return fail(browse_error{browse_errc::invalid_request,
                               "bad service type '" + req.type + "': expected e.g. _http._tcp"});
    }
    auto s = std::make_shared<resolve_state>();
    s->be = this;
    s->req = req;
    s->cb = std::move(cb);
    s->full = concat(concat(wire::make_name({req.instance}), *type), *dom);
    if (s->full.wire_length() > wire::max_name_octets) {
      return fail(browse_error{browse_errc::invalid_request,
                               "service instance name is over 255 octets (RFC 1035 §2.3.4)"});
    }
    s->res.instance = req.instance;
    s->res.type = strip_dot(type->to_text());
    s->res.domain = strip_dot(dom->to_text());
    s->res.backend = std::string(backend_name);
    s->deadline = std::make_unique<asio::steady_timer>(io_);
    s->deadline->expires_after(req.timeout.count() > 0 ? req.timeout : opt_.timeout);
    std::weak_ptr<resolve_state> w = s;
    s->deadline->async_wait([w](const boost::system::error_code& ec) {
      auto st = w.lock();
      if (ec || !st || st->cancelled || st->finished) return;
      finish(*st, fail(browse_error{browse_errc::timeout,
                                    "resolving " + display(st->full) + " did not finish in time"}));
    });
    s->outstanding = 2;
    query(s->full, wire::rr_type::srv, [w](query_outcome&& o) {
      if (auto st = w.lock()) {
        st->srv = std::move(o);
        st->be->after_srv_txt(st);
      }
    });
    query(s->full, wire::rr_type::txt, [w](query_outcome&& o) {
      if (auto st = w.lock()) {
        st->txt = std::move(o);
        st->be->after_srv_txt(st);
      }
    });
    return resolver(std::make_unique<resolve_op>(s));
  }

  [[nodiscard]] const std::string& servers() const noexcept { return servers_; }
  [[nodiscard]] unicast_backend_stats stats() const noexcept {
    unicast_backend_stats st;
    for (const auto& ch : chs_) {
      const auto c = ch->stats();
      st.queries += c.queries;
      st.answers += c.completed;
      st.peak_in_flight = std::max(st.peak_in_flight, c.peak_in_flight);
    }
    st.address_cache = addr_cache_.size();
    st.failovers = failovers_;
    return st;
  }

 private:
  result<wire::name, browse_error> parse_domain(const std::string& text) const {
    auto d = wire::name_from_text(text.empty() ? std::string("local") : text);
    if (!d) {
      return fail(browse_error{browse_errc::invalid_request,
                               "bad domain '" + text + "': expected e.g. example.com"});
    }
    return *d;
  }

  void query(const wire::name& n, std::uint16_t type, cares_channel::callback cb, bool urgent = false) {
    query_on(0, n, type, std::move(cb), urgent);
  }

  /// Asks server @p i; when it fails without an answer about the name (SERVFAIL, REFUSED,
  /// timeout, connection refused), asks the next --server. NXDOMAIN and NODATA are answers
  /// and end the query. (c-ares 1.18 cannot do this itself with NOCHECKRESP: see channel.cpp.)
  void query_on(std::size_t i, const wire::name& n, std::uint16_t type, cares_channel::callback cb,
                bool urgent) {
    chs_[i]->query(n, type, [this, i, n, type, cb = std::move(cb), urgent](query_outcome&& o) mutable {
      const bool server_problem = o.status == query_status::servfail || o.status == query_status::refused ||
                                  o.status == query_status::timeout ||
                                  o.status == query_status::connection_refused;
      if (server_problem && i + 1 < chs_.size()) {
        ++failovers_;
        query_on(i + 1, n, type, std::move(cb), urgent);
        return;
      }
      cb(std::move(o));
    }, urgent);
  }

  // ---- browse ----

  void start_browse_query(const std::shared_ptr<browse_state>& s) {
    std::weak_ptr<browse_state> w = s;
    query(s->qname, wire::rr_type::ptr, [w](query_outcome&& o) {
      auto st = w.lock();
      if (!st || st->cancelled) return;
      st->be->on_browse_answer(st, o);
    });
  }

  static void emit(browse_state& s, browse_event ev) {
    if (s.cancelled || !s.cb) return;
    ev.backend = std::string(backend_name);
    s.cb(ev);
  }

  void on_browse_answer(const std::shared_ptr<browse_state>& s, const query_outcome& o) {
    std::uint32_t min_ttl = 3600;
    std::map<std::string, browse_event> now;
    const bool empty_ok = o.status == query_status::nodata;
    if (o.status != query_status::ok && !empty_ok) {
      // NXDOMAIN, SERVFAIL, timeouts: a failed event that says which name and which server.
      if (!s->reported_failure) {
        browse_event ev;
        ev.kind = browse_event_kind::failed;
        ev.type = s->what == browse_state::mode::types ? std::string() : strip_dot(s->req.type);
        ev.domain = strip_dot(s->domain.to_text());
        ev.error = to_error(o, "browsing", s->qname, servers_);
        s->reported_failure = s->req.watch;  // in watch mode say it once per outage
        emit(*s, std::move(ev));
      }
      schedule_refresh(s, 30);
      return;
    }
    s->reported_failure = false;
    if (o.reply) {
      for (const auto& [ptr, ttl] : answers_of<wire::ptr_rdata>(*o.reply, s->qname)) {
        browse_event ev;
        ev.kind = browse_event_kind::added;
        ev.ttl = ttl;
        min_ttl = std::min(min_ttl, ttl);
        const wire::name& t = ptr->target;
        switch (s->what) {
          case browse_state::mode::domains:
            // RFC 6763 §11: the PTR target is a domain to browse.
            ev.type = s->enum_name;
            ev.domain = strip_dot(t.to_text());
            break;
          case browse_state::mode::types: {
            // RFC 6763 §9: "_http._tcp.<domain>".
            if (t.labels.size() < 2) continue;
            wire::name ty;
            ty.labels = {t.labels[0], t.labels[1]};
            ev.type = strip_dot(ty.to_text());
            ev.domain = strip_dot(tail(t, 2).to_text());
            break;
          }
          case browse_state::mode::instances: {
            // RFC 6763 §4.1: <Instance>.<Service>.<Domain>; the instance is one label.
            if (t.labels.size() < 3) continue;
            ev.instance = t.labels[0];
            wire::name ty;
            ty.labels = {t.labels[1], t.labels[2]};
            ev.type = strip_dot(ty.to_text());
            ev.subtype = s->req.subtype;
            ev.domain = strip_dot(tail(t, 3).to_text());
            break;
          }
        }
        std::string key = t.to_text();
        for (char& c : key) c = chars::to_lower(c);
        now.emplace(std::move(key), std::move(ev));
      }
    }
    // Diff against what was reported before (first round: everything is new).
    for (const auto& [key, ev] : s->known_events) {
      if (!now.contains(key)) {
        browse_event gone = ev;
        gone.kind = browse_event_kind::removed;
        gone.ttl = 0;
        emit(*s, std::move(gone));
        if (s->cancelled) return;
      }
    }
    for (const auto& [key, ev] : now) {
      if (!s->known_events.contains(key)) {
        emit(*s, ev);
        if (s->cancelled) return;
      }
    }
    const bool first = !s->refresh;
    s->known_events = std::move(now);
    if (first || !s->req.watch) {
      browse_event done;
      done.kind = browse_event_kind::all_for_now;
      done.type = s->what == browse_state::mode::types ? std::string() : strip_dot(s->req.type);
      done.domain = strip_dot(s->domain.to_text());
      emit(*s, std::move(done));
    }
    if (s->req.watch) schedule_refresh(s, min_ttl);
  }

  // Watch mode: ask again when the PTR set's TTL runs out (RFC 1035 §3.2.1 caching rules;
  // unicast DNS-SD has no change notification without DNS Push, RFC 8765). Bounded to
  // 1 s .. 1 h so a TTL of 0 cannot make us hammer the server.
  void schedule_refresh(const std::shared_ptr<browse_state>& s, std::uint32_t ttl) {
    if (!s->req.watch || s->cancelled) return;
    if (!s->refresh) s->refresh = std::make_unique<asio::steady_timer>(io_);
    s->refresh->expires_after(std::chrono::seconds(std::clamp<std::uint32_t>(ttl, 1, 3600)));
    std::weak_ptr<browse_state> w = s;
    s->refresh->async_wait([w](const boost::system::error_code& ec) {
      auto st = w.lock();
      if (ec || !st || st->cancelled) return;
      st->be->start_browse_query(st);
    });
  }

  // ---- resolve ----

  static void finish(resolve_state& s, const result<resolve_result, browse_error>& r) {
    if (s.finished || s.cancelled) return;
    s.finished = true;
    if (s.deadline) s.deadline->cancel();
    s.srv.reset();  // the parsed replies are not needed any more (the handle may live on)
    s.txt.reset();
    if (auto cb = std::move(s.cb)) cb(r);
  }

  void after_srv_txt(const std::shared_ptr<resolve_state>& s) {
    if (--s->outstanding > 0 || s->cancelled || s->finished) return;
    const query_outcome& srv = *s->srv;
    if (srv.status != query_status::ok || !srv.reply) {
      finish(*s, fail(to_error(srv, "no SRV record for", s->full, servers_)));
      return;
    }
    auto srvs = answers_of<wire::srv_rdata>(*srv.reply, s->full);
    if (srvs.empty()) {
      finish(*s, fail(browse_error{browse_errc::bad_response,
                                   "the SRV answer for " + display(s->full) + " holds no SRV record"}));
      return;
    }
    // RFC 2782: lowest priority first, then highest weight (a stable pick for display).
    std::stable_sort(srvs.begin(), srvs.end(), [](const auto& a, const auto& b) {
      if (a.first->priority != b.first->priority) return a.first->priority < b.first->priority;
      return a.first->weight > b.first->weight;
    });
    const wire::srv_rdata& best = *srvs.front().first;
    s->res.host = best.target.to_text();
    s->res.port = best.port;
    s->res.priority = best.priority;
    s->res.weight = best.weight;
    s->res.srv_ttl = srvs.front().second;
    // TXT (RFC 6763 §6): raw strings, empty ones kept. Missing TXT is not fatal here; the
    // checkers report it (§6.1 requires one).
    const query_outcome& txt = *s->txt;
    if (txt.status == query_status::ok && txt.reply) {
      auto txts = answers_of<wire::txt_rdata>(*txt.reply, s->full);
      if (!txts.empty()) {
        s->res.has_txt = true;
        s->res.txt = txts.front().first->strings;
        s->res.txt_ttl = txts.front().second;
      }
    }
    // Addresses the server added to the SRV answer (RFC 2782 "Usage rules": additional data),
    // accepted only for the SRV target and only inside the browsed domain.
    std::vector<resolved_address> extra;
    const wire::name dom = tail(s->full, 3);
    if (best.target.ends_with(dom)) {
      for (const auto& rr : srv.reply->additionals) {
        if (!rr.owner.iequals(best.target)) continue;
        if (const auto* a = std::get_if<wire::a_rdata>(&rr.data))
          extra.push_back({ip_address::v4(a->address), rr.ttl});
        else if (const auto* a6 = std::get_if<wire::aaaa_rdata>(&rr.data))
          extra.push_back({ip_address::v6(a6->address), rr.ttl});
      }
    }
    std::string key = best.target.to_text();
    for (char& c : key) c = chars::to_lower(c);
    auto& entry = addr_cache_[key];
    if (!entry) {
      entry = std::make_shared<address_entry>();
      if (!extra.empty()) {
        entry->done = true;
        entry->addrs = std::move(extra);
      } else {
        lookup_addresses(entry, best.target);
      }
    }
    if (entry->done) {
      complete_resolve(s, *entry);
      return;
    }
    std::weak_ptr<resolve_state> w = s;
    std::weak_ptr<address_entry> we = entry;
    entry->waiters.push_back([w, we] {
      auto st = w.lock();
      auto e = we.lock();
      if (st && e) st->be->complete_resolve(st, *e);
    });
  }

  void lookup_addresses(const std::shared_ptr<address_entry>& e, const wire::name& host) {
    auto left = std::make_shared<int>(2);
    auto problems = std::make_shared<std::string>();
    std::weak_ptr<address_entry> we = e;
    auto on = [we, left, problems, host](query_outcome&& o, bool v6) {
      auto e2 = we.lock();
      if (!e2) return;
      if (o.status == query_status::ok && o.reply) {
        for (const auto& rr : o.reply->answers) {
          if (!rr.owner.iequals(host)) continue;  // CNAME chains: only the final owner counts
          if (const auto* a = std::get_if<wire::a_rdata>(&rr.data); a && !v6)
            e2->addrs.push_back({ip_address::v4(a->address), rr.ttl});
          else if (const auto* a6 = std::get_if<wire::aaaa_rdata>(&rr.data); a6 && v6)
            e2->addrs.push_back({ip_address::v6(a6->address), rr.ttl});
        }
      } else {
        if (!problems->empty()) *problems += ", ";
        *problems += std::string(v6 ? "AAAA: " : "A: ") + std::string(detail::to_string(o.status));
      }
      if (--*left > 0) return;
      e2->done = true;
      e2->problem = *problems;
      auto waiters = std::move(e2->waiters);
      for (auto& fn : waiters) fn();
    };
    // Urgent: these finish resolves already started, ahead of the SRV/TXT of new ones.
    query(host, wire::rr_type::a, [on](query_outcome&& o) mutable { on(std::move(o), false); }, true);
    query(host, wire::rr_type::aaaa, [on](query_outcome&& o) mutable { on(std::move(o), true); }, true);
  }

  void complete_resolve(const std::shared_ptr<resolve_state>& s, const address_entry& e) {
    if (s->cancelled || s->finished) return;
    for (const auto& a : e.addrs) {
      if (s->req.address_family == ip_protocol::v4 && a.address.family != ip_protocol::v4) continue;
      if (s->req.address_family == ip_protocol::v6 && a.address.family != ip_protocol::v6) continue;
      s->res.addresses.push_back(a);
    }
    if (s->res.addresses.empty()) {
      finish(*s, fail(browse_error{
                     browse_errc::not_found,
                     display(s->full) + ": SRV points to " + s->res.host + " port " +
                         std::to_string(s->res.port) + ", but that host has no " +
                         (s->req.address_family == ip_protocol::v4   ? "A"
                          : s->req.address_family == ip_protocol::v6 ? "AAAA"
                                                                     : "A or AAAA") +
                         " record" + (e.problem.empty() ? "" : " (" + e.problem + ")") +
                         " [server " + (servers_.empty() ? "from /etc/resolv.conf" : servers_) + "]"}));
      return;
    }
    finish(*s, s->res);
  }

  asio::io_context& io_;
  std::vector<std::unique_ptr<cares_channel>> chs_;  // never empty
  std::uint64_t failovers_ = 0;
  backend_options opt_;
  std::string servers_;
  std::map<std::string, std::shared_ptr<address_entry>> addr_cache_;
};

bool serves_domain(std::string_view domain) { return !is_local_domain(domain); }

result<std::unique_ptr<backend>, browse_error> create(event_loop& loop, const backend_options& opt) {
  return make_unicast_backend(loop, opt);
}

const backend_info info{
    .name = backend_name,
    .description = "unicast DNS-SD (RFC 6763 over DNS) through c-ares; --server IP[:PORT]",
    .auto_order = 5,
    .serves_domain = &serves_domain,
    .create = &create,
};
const backend_registration reg{info};

}  // namespace

unicast_backend_stats unicast_stats(const backend& b) noexcept {
  if (const auto* u = dynamic_cast<const unicast_backend*>(&b)) return u->stats();
  return {};
}

bool is_domain_enumeration(std::string_view type) noexcept {
  for (const auto n : domain_enum_names)
    if (chars::iequals(type, n)) return true;
  return false;
}

result<std::unique_ptr<backend>, browse_error> make_unicast_backend(event_loop& loop,
                                                                    const backend_options& opt) {
  detail::channel_options co;
  for (const auto& s : opt.servers) {
    if (!co.servers.empty()) co.servers += ',';
    co.servers += s;
  }
  // c-ares doubles the per-try timeout each round: with 2 tries, T + 2T = 3T <= opt.timeout.
  const auto total = opt.timeout.count() > 0 ? opt.timeout : std::chrono::milliseconds(3000);
  co.timeout = std::max(std::chrono::milliseconds(100), total / 3);
  co.tries = 2;
  // One channel per --server, so that a server that fails (SERVFAIL, REFUSED, silence) hands
  // the query to the next one; with no --server, the system resolver configuration.
  std::vector<std::unique_ptr<cares_channel>> chs;
  const std::string all = co.servers;
  std::vector<std::string> each(opt.servers.begin(), opt.servers.end());
  if (each.size() < 2) each = {all};
  for (const auto& one : each) {
    co.servers = one;
    auto ch = cares_channel::create(io_context_of(loop), co);
    if (!ch) return fail(browse_error{browse_errc::invalid_request, ch.error()});
    chs.push_back(std::move(*ch));
  }
  return std::unique_ptr<backend>(std::make_unique<unicast_backend>(loop, std::move(chs), opt, all));
}

}  // namespace svcname
