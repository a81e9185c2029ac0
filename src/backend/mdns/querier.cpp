// RFC 6762 querier. Every protocol rule is cited where it is implemented.
#include "backend/mdns/querier.h"

#include <algorithm>
#include <map>
#include <set>

#include "svcname/chars.h"
#include "svcname/dnssd_name.h"

namespace svcname::mdns {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr milliseconds tick_interval{100};
constexpr std::size_t max_packet = 1440;  // one Ethernet MTU less IPv6+UDP headers (RFC 6762 §17)
constexpr std::size_t max_ids = 256;      // one-shot query IDs remembered
constexpr std::uint16_t mdns_port = 5353;

// One-shot browse: a second query (with known answers) after this, then all_for_now once
// nothing new arrived for `quiet` and at least `min_wait` passed (or at the timeout).
constexpr milliseconds oneshot_requery{300};
constexpr milliseconds oneshot_requery_quiet{150};
// A resolver asks for SRV/TXT/addresses only after this: responders send them as additional
// records with the PTR answers (RFC 6763 §12.1), often in the datagrams that follow.
constexpr milliseconds resolve_first_ask{250};
constexpr milliseconds oneshot_quiet{500};
constexpr milliseconds oneshot_min_wait{800};
// §5.2: continuous querying: first query 20-120 ms after start, then intervals of 1 s
// doubling each time, capped at 60 minutes.
constexpr milliseconds continuous_first_min{20};
constexpr milliseconds continuous_first_max{120};
constexpr seconds continuous_cap{3600};

std::string lower_text(const wire::name& n) {
  std::string s;
  for (const auto& l : n.labels) {
    s += chars::lower(l);
    s += '\0';  // label separator that cannot be confused with a '.' inside a label
  }
  return s;
}

wire::name join(const wire::name& a, const wire::name& b) {
  wire::name n = a;
  n.labels.insert(n.labels.end(), b.labels.begin(), b.labels.end());
  return n;
}

std::string dotted(const wire::name& n) {  // "_http._tcp" / "local": presentation, no trailing dot
  std::string s = n.to_text();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string instance_key(const link& l, std::string_view label) {
  return std::to_string(l.ifindex) + (l.proto == ip_protocol::v6 ? "/6/" : "/4/") + chars::lower(label);
}

// ---------------------------------------------------------------------------------------
// Browse

class browse_op final : public op_base {
 public:
  browse_op(querier& owner, browse_request req, browse_callback cb, std::vector<link> links,
            wire::name ptr_name, wire::name base, wire::name domain, send_mode mode)
      : op_base(owner), req_(std::move(req)), cb_(std::move(cb)), links_(std::move(links)),
        ptr_name_(std::move(ptr_name)), base_(std::move(base)), domain_(std::move(domain)), mode_(mode) {}

  void start(clock::time_point now) {
    start_ = now;
    last_new_ = now;
    if (mode_ == send_mode::one_shot) {
      query_all(milliseconds(0));
      next_query_ = now + oneshot_requery;
    } else {
      std::uniform_int_distribution<int> d(static_cast<int>(continuous_first_min.count()),
                                           static_cast<int>(continuous_first_max.count()));
      next_query_ = now + milliseconds(d(q.rng()));
      interval_ = seconds(1);
    }
    // Records already cached (another browse of the same type) are reported at once, from a
    // posted handler so that no callback runs before browse() has returned its handle.
    std::weak_ptr<op_base> w = weak_from_this();
    q.loop().post([w] {
      auto self = w.lock();
      if (!self || self->cancelled) return;
      auto* op = static_cast<browse_op*>(self.get());
      for (const auto& l : op->links_) op->touched(l, {});
    });
  }

  void touched(const link& l, const std::string& owner) override {
    if (cancelled || std::find(links_.begin(), links_.end(), l) == links_.end()) return;
    if (!owner.empty()) {
      // Only the records of the datagram being handled: a burst of answers costs O(records),
      // not O(records x instances known so far).
      for (const auto* rr : q.fresh())
        if (rr->type == wire::rr_type::ptr && rr->ttl != 0 && rr->owner.iequals(ptr_name_)) consider(l, *rr);
      return;
    }
    for (const auto* e : q.records().find(l, ptr_name_, wire::rr_type::ptr, clock::now())) consider(l, e->rr);
  }

  void consider(const link& l, const wire::resource_record& rr) {
    const auto* p = std::get_if<wire::ptr_rdata>(&rr.data);
    if (!p || p->target.labels.empty()) return;
    // Cheap duplicate check before building the event.
    const auto& first = p->target.labels[0];
    const auto k = req_.enumerate_types ? instance_key(l, p->target.labels.size() > 1
                                                              ? first + "." + p->target.labels[1]
                                                              : first)
                                        : instance_key(l, first);
    if (seen_.count(k)) return;
    browse_event ev;
    if (!describe(l, p->target, ev)) return;
    seen_.insert(k);
    ev.kind = browse_event_kind::added;
    ev.ttl = rr.ttl;
    last_new_ = clock::now();
    emit(ev);
  }

  void removed(const cache_entry& e) override {
    if (cancelled || e.rr.type != wire::rr_type::ptr || !e.rr.owner.iequals(ptr_name_)) return;
    if (std::find(links_.begin(), links_.end(), e.on) == links_.end()) return;
    const auto* p = std::get_if<wire::ptr_rdata>(&e.rr.data);
    browse_event ev;
    if (!p || !describe(e.on, p->target, ev)) return;
    // Another PTR with the same target may still be live (refreshed under a new TTL).
    for (const auto* x : q.records().find(e.on, ptr_name_, wire::rr_type::ptr, clock::now()))
      if (const auto* xp = std::get_if<wire::ptr_rdata>(&x->rr.data); xp && xp->target.iequals(p->target))
        return;
    const auto& first = p->target.labels[0];
    const auto k = req_.enumerate_types ? instance_key(e.on, first + "." + p->target.labels[1])
                                        : instance_key(e.on, first);
    if (seen_.erase(k) == 0) return;
    ev.kind = browse_event_kind::removed;  // §10.1 goodbye or TTL expiry
    emit(ev);
  }

  void on_tick(clock::time_point now) override {
    if (cancelled) return;
    if (mode_ == send_mode::one_shot) {
      // The second query (with known answers, §7.1) recovers lost answers. It waits until
      // answers stop flowing: a responder still sending a large answer is not asked again.
      if (!requeried_ && now >= next_query_ && now - last_new_ >= oneshot_requery_quiet) {
        requeried_ = true;
        last_requery_ = now;
        query_all(milliseconds(0));
      }
      if (!all_for_now_ && ((now - start_ >= oneshot_min_wait && now - last_new_ >= oneshot_quiet &&
                             requeried_ && now - last_requery_ >= oneshot_quiet) ||
                            now - start_ >= req_.timeout)) {
        all_for_now_ = true;
        emit_all_for_now();
      }
      return;
    }
    if (now >= next_query_) {  // §5.2 continuous querying with exponential back-off
      query_all(milliseconds(0));
      next_query_ = now + interval_;
      interval_ = std::min<clock::duration>(interval_ * 2, continuous_cap);
      if (!all_for_now_ && now - start_ >= seconds(1)) {
        all_for_now_ = true;  // watch mode: the first round of answers is in
        emit_all_for_now();
      }
    }
  }

  [[nodiscard]] bool wants_refresh() const noexcept override { return mode_ == send_mode::shared; }

 private:
  void query_all(std::chrono::milliseconds gap) {
    for (const auto& l : links_) q.ask(l, mode_, ptr_name_, wire::rr_type::ptr, gap);
  }

  std::string type_text() const {
    return req_.enumerate_types ? "_services._dns-sd._udp" : req_.type;
  }

  // Fills instance/type/domain from a PTR target; false if it does not belong here.
  bool describe(const link& l, const wire::name& target, browse_event& ev) const {
    if (req_.enumerate_types) {  // RFC 6763 §9: targets are <_service>.<_proto>.<domain>
      if (target.labels.size() != domain_.labels.size() + 2 || !target.ends_with(domain_)) return false;
      wire::name t;
      t.labels = {target.labels[0], target.labels[1]};
      ev.type = dotted(t);
    } else {  // RFC 6763 §4.1: <Instance>.<Service>.<Domain>, the instance one label
      if (target.labels.size() != base_.labels.size() + 1 || !target.ends_with(base_)) return false;
      ev.instance = target.labels[0];
      ev.type = req_.type;
      ev.subtype = req_.subtype;
    }
    ev.domain = dotted(domain_);
    ev.interface_index = l.ifindex;
    ev.interface_name = q.interface_name(l.ifindex);
    ev.protocol = l.proto;
    ev.backend = "mdns";
    return true;
  }

  void emit(const browse_event& ev) {
    if (!cancelled && cb_) cb_(ev);
  }

  void emit_all_for_now() {
    browse_event ev;
    ev.kind = browse_event_kind::all_for_now;
    ev.backend = "mdns";
    ev.type = type_text();
    ev.domain = dotted(domain_);
    emit(ev);
  }

  browse_request req_;
  browse_callback cb_;
  std::vector<link> links_;
  wire::name ptr_name_;  // what is queried: [<sub>._sub.]<type>.<domain> or _services._dns-sd._udp.<domain>
  wire::name base_;      // <type>.<domain>: PTR targets are one label longer
  wire::name domain_;
  send_mode mode_;
  std::set<std::string> seen_;
  clock::time_point start_{}, last_new_{}, next_query_{}, last_requery_{};
  clock::duration interval_{};
  bool requeried_ = false;
  bool all_for_now_ = false;
};

// ---------------------------------------------------------------------------------------
// Resolve

class resolve_op final : public op_base {
 public:
  resolve_op(querier& owner, resolve_request req, resolve_callback cb, std::vector<link> links,
             wire::name instance_name, send_mode mode)
      : op_base(owner), req_(std::move(req)), cb_(std::move(cb)), links_(std::move(links)),
        name_(std::move(instance_name)), mode_(mode), state_(links_.size()) {}

  void start(clock::time_point now) {
    start_ = now;
    // Answer from the cache at once; questions for what is missing go out on the next tick,
    // so that a burst of responses (PTR now, SRV/TXT in the next datagram) does not turn
    // into a burst of queries.
    for (std::size_t i = 0; i < links_.size(); ++i) evaluate(i, now, false);
  }

  void touched(const link& l, const std::string&) override {
    if (cancelled || finished_) return;
    for (std::size_t i = 0; i < links_.size(); ++i)
      if (links_[i] == l) evaluate(i, clock::now(), false);
  }

  void removed(const cache_entry&) override {}

  void on_tick(clock::time_point now) override {
    if (cancelled || finished_) return;
    // Delivered links hear about changes through touched(); the others ask again.
    for (std::size_t i = 0; i < links_.size(); ++i)
      if (!state_[i].delivered) evaluate(i, now, true);
    if (mode_ == send_mode::one_shot && now - start_ >= req_.timeout) {
      finished_ = true;
      bool any = false;
      for (std::size_t i = 0; i < links_.size(); ++i) {
        if (state_[i].delivered) {
          any = true;
          continue;
        }
        auto r = assemble(i, now);
        if (r.port != 0 || !r.host.empty()) {  // SRV known: report what is there (TXT/addresses missing)
          any = true;
          deliver(r);
        }
      }
      if (!any && !cancelled && cb_)
        cb_(fail(browse_error{browse_errc::timeout,
                              "no SRV record for '" + name_.to_text() + "' within " +
                                  std::to_string(req_.timeout.count()) + " ms"}));
    }
  }

  [[nodiscard]] bool wants_refresh() const noexcept override { return mode_ == send_mode::shared; }

 private:
  struct link_state {
    bool delivered = false;
    std::string signature;  // what was delivered last (watch mode: report changes)
  };

  resolve_result assemble(std::size_t i, clock::time_point now) {
    const link& l = links_[i];
    resolve_result r;
    r.interface_index = l.ifindex;
    r.interface_name = q.interface_name(l.ifindex);
    r.protocol = l.proto;
    r.instance = req_.instance;
    r.type = req_.type;
    r.domain = req_.domain.empty() ? "local" : req_.domain;
    r.backend = "mdns";
    auto srv = q.records().find(l, name_, wire::rr_type::srv, now);
    auto txt = q.records().find(l, name_, wire::rr_type::txt, now);
    if (!srv.empty()) {
      const auto& s = std::get<wire::srv_rdata>(srv.front()->rr.data);
      r.host = s.target.to_text();
      r.port = s.port;
      r.priority = s.priority;
      r.weight = s.weight;
      r.srv_ttl = srv.front()->rr.ttl;
      auto add = [&](std::uint16_t type) {
        for (const auto* e : q.records().find(l, s.target, type, now)) {
          resolved_address a;
          if (const auto* v4 = std::get_if<wire::a_rdata>(&e->rr.data)) a.address = ip_address::v4(v4->address);
          else if (const auto* v6 = std::get_if<wire::aaaa_rdata>(&e->rr.data)) {
            a.address = ip_address::v6(v6->address);
            if (a.address.is_link_local()) a.address.scope_id = l.ifindex;  // fe80::/10 needs its scope
          } else continue;
          a.ttl = e->rr.ttl;
          r.addresses.push_back(a);
        }
      };
      if (req_.address_family != ip_protocol::v6) add(wire::rr_type::a);
      if (req_.address_family != ip_protocol::v4) add(wire::rr_type::aaaa);
    }
    if (!txt.empty()) {
      r.has_txt = true;
      r.txt = std::get<wire::txt_rdata>(txt.front()->rr.data).strings;
      r.txt_ttl = txt.front()->rr.ttl;
    }
    return r;
  }

  static std::string signature(const resolve_result& r) {
    std::string s = r.host + '\0' + std::to_string(r.port) + '\0' + std::to_string(r.priority) + '\0' +
                    std::to_string(r.weight) + '\0';
    for (const auto& t : r.txt) s += std::to_string(t.size()) + ':' + t;
    s += '\0';
    std::vector<std::string> a;
    for (const auto& x : r.addresses) a.push_back(x.address.to_string());
    std::sort(a.begin(), a.end());
    for (const auto& x : a) s += x + ',';
    return s;
  }

  void evaluate(std::size_t i, clock::time_point now, bool may_ask) {
    if (cancelled || finished_) return;
    auto r = assemble(i, now);
    const link& l = links_[i];
    const bool have_srv = !r.host.empty();
    if (have_srv && r.host != watched_target_) {
      // Hear about the target's addresses. Registered once per target: thousands of
      // instances often share one host, so this must not be repeated on every evaluation.
      auto target = wire::name_from_text(r.host);
      if (target) q.watch_name(*target, shared_from_this());
      watched_target_ = r.host;
    }
    if (have_srv && r.has_txt && !r.addresses.empty()) {
      auto sig = signature(r);
      if (!state_[i].delivered || (req_.watch && sig != state_[i].signature)) {
        state_[i].delivered = true;
        state_[i].signature = std::move(sig);
        deliver(r);
      }
      if (!req_.watch) maybe_finish();
      return;
    }
    if (!may_ask || state_[i].delivered || now - start_ < resolve_first_ask) return;
    // Ask for what is missing (RFC 6763 §12 lists what responders add; not all do).
    if (!have_srv) q.ask(l, mode_, name_, wire::rr_type::srv);
    if (!r.has_txt) q.ask(l, mode_, name_, wire::rr_type::txt);
    if (have_srv && r.addresses.empty()) {
      auto target = wire::name_from_text(r.host);
      if (target) {
        if (req_.address_family != ip_protocol::v6) q.ask(l, mode_, *target, wire::rr_type::a);
        if (req_.address_family != ip_protocol::v4) q.ask(l, mode_, *target, wire::rr_type::aaaa);
      }
    }
  }

  void maybe_finish() {
    if (mode_ != send_mode::one_shot) return;
    if (std::all_of(state_.begin(), state_.end(), [](const link_state& s) { return s.delivered; }))
      finished_ = true;
  }

  void deliver(const resolve_result& r) {
    if (cancelled || !cb_) return;
    // Delivered from a posted handler: a resolve started from inside a browse callback
    // must not call back before resolve() has returned its handle.
    std::weak_ptr<op_base> w = weak_from_this();
    q.loop().post([w, r]() {
      auto self = w.lock();
      if (!self || self->cancelled) return;
      auto* op = static_cast<resolve_op*>(self.get());
      if (op->cb_) op->cb_(r);
    });
  }

  resolve_request req_;
  resolve_callback cb_;
  std::vector<link> links_;
  wire::name name_;
  send_mode mode_;
  std::vector<link_state> state_;
  std::string watched_target_;
  clock::time_point start_{};
  bool finished_ = false;
};

class op_handle final : public operation {
 public:
  explicit op_handle(std::shared_ptr<op_base> op) : op_(std::move(op)) {}
  ~op_handle() override { cancel(); }
  void cancel() noexcept override {
    if (op_) {
      op_->cancel();
      op_.reset();
    }
  }

 private:
  std::shared_ptr<op_base> op_;
};

}  // namespace

void op_base::cancel() noexcept {
  if (cancelled) return;
  cancelled = true;
  q.remove_op(this);
}

// ---------------------------------------------------------------------------------------
// querier

querier::querier(event_loop& loop, std::unique_ptr<transport> t, std::vector<netif> interfaces,
                 std::function<void(const std::string&)> notice)
    : loop_(loop), transport_(std::move(t)), ifs_(std::move(interfaces)), notice_(std::move(notice)),
      rng_(std::random_device{}()) {
  std::weak_ptr<bool> alive = alive_;
  transport_->on_receive = [this, alive](const received& r) {
    if (!alive.expired()) handle(r, clock::now());
  };
}

querier::~querier() {
  alive_.reset();
  tick_timer_.cancel();
  for (auto& op : ops_) op->cancelled = true;
  ops_.clear();
  transport_.reset();
}

std::string querier::owner_key(const wire::name& n) { return lower_text(n); }

std::string querier::interface_name(std::uint32_t ifindex) const {
  for (const auto& n : ifs_)
    if (n.index == ifindex) return n.name;
  return std::to_string(ifindex);
}

result<std::vector<link>, browse_error> querier::links_for(const std::vector<std::string>& names,
                                                           std::uint32_t ifindex, ip_protocol p) const {
  std::vector<link> out;
  for (const auto& name : names) {
    if (std::none_of(ifs_.begin(), ifs_.end(), [&](const netif& n) { return n.name == name; })) {
      std::string known;
      for (const auto& n : ifs_)
        if (n.usable(ip_protocol::any)) known += (known.empty() ? "" : ", ") + n.name;
      return fail(browse_error{browse_errc::invalid_request,
                               "no interface named '" + name + "' (multicast-capable: " +
                                   (known.empty() ? "none" : known) + ")"});
    }
  }
  for (const auto& n : ifs_) {
    if (ifindex != 0 && n.index != ifindex) continue;
    const bool named = std::find(names.begin(), names.end(), n.name) != names.end();
    if (!names.empty() && !named) continue;
    // Loopback carries no IPv6 mDNS (TESTBED §1) and is used only when named.
    if (n.loopback && !named) continue;
    for (auto proto : {ip_protocol::v4, ip_protocol::v6}) {
      if (p != ip_protocol::any && p != proto) continue;
      if (n.usable(proto)) out.push_back(link{n.index, proto});
    }
  }
  if (out.empty())
    return fail(browse_error{
        browse_errc::backend_unavailable,
        names.empty() ? "no multicast-capable interface is up (mDNS needs one; loopback is used only "
                        "with --interface lo)"
                      : "the named interface(s) cannot carry mDNS" +
                            std::string(p == ip_protocol::any ? "" : " over " + std::string(to_string(p))) +
                            " (down, no MULTICAST flag, or no address of that family)"});
  return out;
}

std::string querier::open(send_mode mode, const std::vector<link>& links) {
  return transport_->open(mode, links);
}

void querier::add_op(const std::shared_ptr<op_base>& op) {
  ops_.push_back(op);
  arm_tick();
}

void querier::remove_op(op_base* op) {
  std::erase_if(ops_, [op](const std::shared_ptr<op_base>& p) { return p.get() == op; });
}

void querier::watch_name(const wire::name& owner, const std::shared_ptr<op_base>& op) {
  // Callers register a name once per operation (no linear duplicate scan: thousands of
  // resolvers may watch the same host name). Expired entries are pruned in tick().
  interest_[owner_key(owner)].push_back(op);
}

void querier::ask(const link& l, send_mode mode, const wire::name& qname, std::uint16_t qtype,
                  std::chrono::milliseconds min_gap) {
  const auto now = clock::now();
  auto key = std::to_string(l.ifindex) + (l.proto == ip_protocol::v6 ? "6" : "4") +
             (mode == send_mode::shared ? "s" : "o") + std::to_string(qtype) + '/' + owner_key(qname);
  auto [it, fresh] = last_asked_.try_emplace(key, now);
  if (!fresh) {
    if (now - it->second < min_gap) return;
    it->second = now;
  }
  auto p = std::find_if(pending_.begin(), pending_.end(),
                        [&](const pending& x) { return x.on == l && x.mode == mode; });
  if (p == pending_.end()) {
    pending_.push_back(pending{l, mode, {}});
    p = std::prev(pending_.end());
  }
  wire::question q;
  q.qname = qname;
  q.qtype = qtype;
  q.qclass = wire::class_in;
  // RFC 6762 §5.4: no QU bit. From port 5353 the unicast reply could go to another socket
  // sharing the port (TESTBED §3); one-shot queries are answered by unicast anyway (§6.7).
  q.unicast_response = false;
  p->questions.push_back(std::move(q));
  if (!flush_posted_) {
    flush_posted_ = true;
    std::weak_ptr<bool> alive = alive_;
    loop_.post([this, alive] {
      if (!alive.expired()) flush();
    });
  }
}

void querier::flush() {
  flush_posted_ = false;
  auto work = std::move(pending_);
  pending_.clear();
  for (const auto& p : work) send_questions(p.on, p.mode, p.questions);
}

void querier::send_questions(const link& l, send_mode mode, const std::vector<wire::question>& qs) {
  const auto now = clock::now();
  // Packets: as many questions as fit, then their known answers (RFC 6762 §7.1). When the
  // known answers do not fit, the TC bit says more follow in the next packets (§7.2).
  std::vector<wire::message> packets;
  auto new_packet = [&] {
    wire::message m;
    if (mode == send_mode::one_shot) {  // §6.7: a legacy query has a non-zero ID, echoed back
      std::uniform_int_distribution<int> d(1, 0xFFFF);
      m.hdr.id = static_cast<std::uint16_t>(d(rng_));
      ids_.push_back(m.hdr.id);
      if (ids_.size() > max_ids) ids_.erase(ids_.begin());
    }
    packets.push_back(std::move(m));
  };
  new_packet();
  std::size_t size = 12;
  std::vector<const cache_entry*> known;
  for (const auto& q : qs) {
    const std::size_t need = q.qname.wire_length() + 4;
    if (size + need > max_packet && !packets.back().questions.empty()) {
      new_packet();
      size = 12;
    }
    packets.back().questions.push_back(q);
    size += need;
    for (const auto* e : cache_.known_answers(l, q.qname, q.qtype, now)) known.push_back(e);
  }
  for (const auto* e : known) {
    auto rr = e->rr;
    // §7.1: the TTL in a known answer is the remaining TTL.
    rr.ttl = static_cast<std::uint32_t>(std::chrono::duration_cast<seconds>(e->expires - now).count());
    rr.cache_flush = false;
    std::size_t need = rr.owner.wire_length() + 10;
    if (const auto* p = std::get_if<wire::ptr_rdata>(&rr.data)) need += p->target.wire_length();
    else need += 64;
    if (size + need > max_packet && !(packets.back().answers.empty() && packets.back().questions.empty())) {
      packets.back().hdr.flags |= wire::flag_tc;  // §7.2: more known answers follow
      new_packet();
      size = 12;
    }
    packets.back().answers.push_back(std::move(rr));
    size += need;
  }
  for (const auto& m : packets) {
    auto bytes = wire::write_message(m);
    if (!bytes) continue;
    ++stats_.queries_sent;
    auto err = transport_->send(l, mode, *bytes);
    if (!err.empty()) {
      ++stats_.send_errors;
      if (!send_error_reported_ && notice_) {
        send_error_reported_ = true;
        notice_("mdns: " + err);
      }
    }
  }
}

void querier::handle(const received& r, clock::time_point now) {
  ++stats_.packets;
  const netif* nif = nullptr;
  for (const auto& n : ifs_)
    if (n.index == r.on.ifindex) nif = &n;
  if (!nif) {
    ++stats_.unknown_link;
    return;
  }
  // RFC 6762 §6: responses whose source port is not 5353 are silently ignored.
  if (r.source_port != mdns_port) {
    ++stats_.bad_port;
    return;
  }
  // RFC 6762 §11: only responses from the local link (link-local or on-link source).
  if (!on_link(*nif, r.source)) {
    ++stats_.not_on_link;
    return;
  }
  auto m = wire::parse_message(r.bytes);
  if (!m) {
    ++stats_.malformed;
    return;
  }
  // RFC 6762 §18.2/§18.3/§18.11: only responses (QR=1), opcode 0, rcode 0 are used.
  if (!m->hdr.qr() || m->hdr.opcode() != 0 || m->hdr.rcode() != 0) {
    ++stats_.not_response;
    return;
  }
  // RFC 6762 §6.7: a unicast reply to a one-shot query echoes its ID.
  if (!r.shared_socket && std::find(ids_.begin(), ids_.end(), m->hdr.id) == ids_.end()) {
    ++stats_.unknown_id;
    return;
  }
  ++stats_.accepted;
  std::set<std::string> touched;
  fresh_.clear();
  for (const auto* section : {&m->answers, &m->additionals}) {
    for (const auto& rr : *section) {
      switch (rr.type) {
        case wire::rr_type::ptr:
        case wire::rr_type::srv:
        case wire::rr_type::txt:
        case wire::rr_type::a:
        case wire::rr_type::aaaa:
          break;
        default:
          continue;  // NSEC, HINFO, ...: not used for browsing
      }
      const auto change = cache_.insert(r.on, rr, now);
      if (change == cache_change::added || change == cache_change::refreshed) {
        touched.insert(owner_key(rr.owner));
        fresh_.push_back(&rr);
      }
    }
  }
  if (cache_.dropped() != 0 && !cache_full_reported_ && notice_) {
    cache_full_reported_ = true;  // bounded memory: say so once instead of growing
    notice_("mdns: record cache full (" + std::to_string(cache_.size()) + " records): further records are dropped");
  }
  for (const auto& k : touched) {
    auto it = interest_.find(k);
    if (it == interest_.end()) continue;
    auto watchers = it->second;  // copy: callbacks may start new operations
    for (const auto& w : watchers)
      if (auto op = w.lock(); op && !op->cancelled) op->touched(r.on, k);
  }
  fresh_.clear();  // pointed into *m
}

void querier::tick(clock::time_point now) {
  for (const auto& e : cache_.expire(now)) {
    auto it = interest_.find(owner_key(e.rr.owner));
    if (it == interest_.end()) continue;
    auto watchers = it->second;
    for (const auto& w : watchers)
      if (auto op = w.lock(); op && !op->cancelled) op->removed(e);
  }
  // Drop interest entries of finished operations (bounded work: every 5 s).
  if (now >= next_prune_) {
    next_prune_ = now + seconds(5);
    for (auto it = interest_.begin(); it != interest_.end();) {
      std::erase_if(it->second, [](const std::weak_ptr<op_base>& w) { return w.expired(); });
      it = it->second.empty() ? interest_.erase(it) : std::next(it);
    }
    std::erase_if(last_asked_, [&](const auto& kv) { return now - kv.second > seconds(10); });
  }
  // RFC 6762 §5.2 cache maintenance: for records a continuous operation needs, query at 80%,
  // 85%, 90% and 95% of the TTL (plus up to 2% random) so they are refreshed before expiry.
  const bool any_continuous = std::any_of(ops_.begin(), ops_.end(), [](const std::shared_ptr<op_base>& op) {
    return !op->cancelled && op->wants_refresh();
  });
  if (any_continuous) cache_.for_each([&](cache_entry& e) {
    if (e.goodbye || e.refresh_step >= 4 || e.rr.ttl == 0) return;
    auto it = interest_.find(owner_key(e.rr.owner));
    if (it == interest_.end()) return;
    const bool wanted = std::any_of(it->second.begin(), it->second.end(), [](const std::weak_ptr<op_base>& w) {
      auto op = w.lock();
      return op && !op->cancelled && op->wants_refresh();
    });
    if (!wanted) return;
    const double elapsed = std::chrono::duration<double>(now - e.received).count() / e.rr.ttl;
    std::uniform_real_distribution<double> jitter(0.0, 0.02);
    if (elapsed >= 0.80 + 0.05 * e.refresh_step + jitter(rng_)) {
      ++e.refresh_step;
      ask(e.on, send_mode::shared, e.rr.owner, e.rr.type, milliseconds(0));
    }
  });
  auto ops = ops_;  // copy: callbacks may cancel operations
  for (const auto& op : ops)
    if (!op->cancelled) op->on_tick(now);
}

void querier::arm_tick() {
  if (tick_timer_) return;
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.call_after(tick_interval, [this, alive] {
    if (alive.expired()) return;
    tick_timer_ = timer{};
    tick(clock::now());
    if (!ops_.empty()) arm_tick();  // stops when no operation is left, so run() can return
  });
}

// ---------------------------------------------------------------------------------------
// Starting operations

result<std::unique_ptr<operation>, browse_error> querier::browse(const browse_request& req, browse_callback cb) {
  const std::string domain_text = req.domain.empty() ? "local" : req.domain;
  if (!is_local_domain(domain_text))
    return fail(browse_error{browse_errc::unsupported,
                             "the mDNS backend browses only the 'local' domain (RFC 6762 §3); use "
                             "--backend unicast for '" + domain_text + "'"});
  auto domain = wire::name_from_text(domain_text);
  if (!domain) return fail(browse_error{browse_errc::invalid_request, "bad domain '" + domain_text + "'"});
  wire::name base, ptr_name;
  if (req.enumerate_types) {  // RFC 6763 §9
    ptr_name = join(wire::make_name({"_services", "_dns-sd", "_udp"}), *domain);
    base = *domain;
  } else {
    auto t = wire::name_from_text(req.type);
    if (t && t->labels.size() == 3 && chars::iequals(t->labels[1], "_dns-sd"))
      return fail(browse_error{browse_errc::unsupported,
                               "the built-in mDNS querier does not enumerate browse domains (RFC 6763 §11): "
                               "use --backend avahi, or --backend unicast with -d <domain>"});
    if (!t || t->labels.size() != 2)
      return fail(browse_error{browse_errc::invalid_request,
                               "service type '" + req.type + "' is not of the form _name._tcp or _name._udp"});
    base = join(*t, *domain);
    ptr_name = base;
    if (!req.subtype.empty()) {  // RFC 6763 §7.1: <sub>._sub.<type>.<domain>
      auto sub = wire::name_from_text(req.subtype);
      if (!sub || sub->labels.size() != 1)
        return fail(browse_error{browse_errc::invalid_request, "bad subtype '" + req.subtype + "'"});
      ptr_name = join(join(*sub, wire::make_name({"_sub"})), base);
    }
  }
  auto links = links_for(req.interfaces, 0, req.protocol);
  if (!links) return fail(links.error());
  const auto mode = req.watch ? send_mode::shared : send_mode::one_shot;
  if (auto err = open(mode, *links); !err.empty())
    return fail(browse_error{browse_errc::network, "mdns: " + err});
  auto op = std::make_shared<browse_op>(*this, req, std::move(cb), *links, ptr_name, base, *domain, mode);
  watch_name(ptr_name, op);
  add_op(op);
  op->start(clock::now());
  return std::unique_ptr<operation>(std::make_unique<op_handle>(op));
}

result<std::unique_ptr<operation>, browse_error> querier::resolve(const resolve_request& req, resolve_callback cb) {
  const std::string domain_text = req.domain.empty() ? "local" : req.domain;
  if (!is_local_domain(domain_text))
    return fail(browse_error{browse_errc::unsupported,
                             "the mDNS backend resolves only in the 'local' domain (RFC 6762 §3)"});
  if (req.instance.empty() || req.instance.size() > max_label_octets)
    return fail(browse_error{browse_errc::invalid_request,
                             "instance name must be 1 to 63 octets (RFC 6763 §4.1.1)"});
  auto t = wire::name_from_text(req.type);
  auto domain = wire::name_from_text(domain_text);
  if (!t || t->labels.size() != 2 || !domain)
    return fail(browse_error{browse_errc::invalid_request,
                             "service type '" + req.type + "' is not of the form _name._tcp or _name._udp"});
  wire::name full;
  full.labels.push_back(req.instance);
  full = join(join(full, *t), *domain);
  if (full.wire_length() > wire::max_name_octets)
    return fail(browse_error{browse_errc::invalid_request, "service instance name is over 255 octets"});
  auto links = links_for(req.interfaces, req.interface_index, req.protocol);
  if (!links) return fail(links.error());
  const auto mode = req.watch ? send_mode::shared : send_mode::one_shot;
  if (auto err = open(mode, *links); !err.empty())
    return fail(browse_error{browse_errc::network, "mdns: " + err});
  auto op = std::make_shared<resolve_op>(*this, req, std::move(cb), *links, full, mode);
  watch_name(full, op);
  add_op(op);
  op->start(clock::now());
  return std::unique_ptr<operation>(std::make_unique<op_handle>(op));
}

}  // namespace svcname::mdns
