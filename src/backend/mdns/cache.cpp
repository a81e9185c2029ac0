// Record cache. Keys are (interface, IP version, owner name lower-cased, type): mDNS names
// compare ASCII case-insensitively (RFC 6762 §16); other bytes are compared exactly.
#include "backend/mdns/cache.h"

#include <algorithm>

#include "svcname/chars.h"

namespace svcname::mdns {
namespace {
constexpr auto goodbye_delay = std::chrono::seconds(1);  // RFC 6762 §10.1: "TTL of 1"
constexpr auto flush_grace = std::chrono::seconds(1);    // RFC 6762 §10.2: "more than one second"
}  // namespace

std::string cache::key(const link& on, const wire::name& owner, std::uint16_t type) {
  std::string k = std::to_string(on.ifindex);
  k += on.proto == ip_protocol::v6 ? '6' : '4';
  k += '/';
  k += std::to_string(type);
  for (const auto& l : owner.labels) {
    k += static_cast<char>(l.size());
    k += chars::lower(l);
  }
  return k;
}

namespace {
// RDATA as a string key (exact bytes: names in RDATA keep their case, RFC 6762 §16 compares
// them case-insensitively only for matching questions, not for telling records apart).
std::string rdata_key(const wire::rdata& d) {
  struct v {
    std::string operator()(const wire::raw_rdata& r) const { return "r" + std::string(r.bytes.begin(), r.bytes.end()); }
    std::string operator()(const wire::ptr_rdata& p) const { return "p" + p.target.to_text(); }
    std::string operator()(const wire::srv_rdata& x) const {
      return "s" + std::to_string(x.priority) + "/" + std::to_string(x.weight) + "/" + std::to_string(x.port) + "/" +
             x.target.to_text();
    }
    std::string operator()(const wire::txt_rdata& t) const {
      std::string k = "t";
      for (const auto& x : t.strings) {
        k += std::to_string(x.size());
        k += ':';
        k += x;
      }
      return k;
    }
    std::string operator()(const wire::a_rdata& a) const { return "a" + std::string(a.address.begin(), a.address.end()); }
    std::string operator()(const wire::aaaa_rdata& a) const {
      return "6" + std::string(a.address.begin(), a.address.end());
    }
  };
  return std::visit(v{}, d);
}
}  // namespace

cache_change cache::insert(const link& on, const wire::resource_record& rr, clock::time_point now) {
  if (rr.rclass != wire::class_in) return cache_change::none;
  auto& g = map_[key(on, rr.owner, rr.type)];
  const auto rk = rdata_key(rr.data);
  auto same = g.find(rk);
  if (rr.ttl == 0) {
    // RFC 6762 §10.1: a goodbye; keep it one more second, then it expires.
    if (same == g.end() || same->second.goodbye) return cache_change::none;
    same->second.goodbye = true;
    same->second.expires = std::min(same->second.expires, now + goodbye_delay);
    next_expiry_hint_ = std::min(next_expiry_hint_, same->second.expires);
    return cache_change::goodbye;
  }
  if (rr.cache_flush) {
    // RFC 6762 §10.2: other records of this name/type/class received more than one second
    // ago are stale; they go one second from now (records of the same packet stay).
    for (auto& [k, e] : g)
      if (k != rk && e.received + flush_grace < now) {
        e.expires = std::min(e.expires, now + flush_grace);
        next_expiry_hint_ = std::min(next_expiry_hint_, e.expires);
      }
  }
  next_expiry_hint_ = std::min(next_expiry_hint_, now + std::chrono::seconds(rr.ttl));
  const auto ttl = std::chrono::seconds(rr.ttl);
  if (same != g.end()) {
    auto& e = same->second;
    e.rr = rr;
    e.received = now;
    e.expires = now + ttl;
    e.goodbye = false;
    e.refresh_step = 0;
    return cache_change::refreshed;
  }
  if (count_ >= max_) {
    ++dropped_;
    return cache_change::none;
  }
  g.emplace(rk, cache_entry{on, rr, now, now + ttl, false, 0});
  ++count_;
  return cache_change::added;
}

std::vector<const cache_entry*> cache::find(const link& on, const wire::name& owner, std::uint16_t type,
                                            clock::time_point now) const {
  std::vector<const cache_entry*> out;
  auto it = map_.find(key(on, owner, type));
  if (it == map_.end()) return out;
  for (const auto& [k, e] : it->second)
    if (e.expires > now && !e.goodbye) out.push_back(&e);
  // Oldest first, so that the answer does not depend on hash order.
  std::sort(out.begin(), out.end(), [](const cache_entry* a, const cache_entry* b) { return a->received < b->received; });
  return out;
}

std::vector<const cache_entry*> cache::known_answers(const link& on, const wire::name& owner,
                                                     std::uint16_t type, clock::time_point now) const {
  std::vector<const cache_entry*> out;
  for (const auto* e : find(on, owner, type, now)) {
    // RFC 6762 §7.1: only answers whose remaining TTL is more than half the original.
    const auto half = std::chrono::seconds(e->rr.ttl) / 2;
    if (e->expires - now > half) out.push_back(e);
  }
  return out;
}

std::vector<cache_entry> cache::expire(clock::time_point now) {
  std::vector<cache_entry> gone;
  if (now < next_expiry_hint_) return gone;
  auto next = clock::time_point::max();
  for (auto it = map_.begin(); it != map_.end();) {
    auto& g = it->second;
    for (auto e = g.begin(); e != g.end();) {
      if (e->second.expires <= now) {
        gone.push_back(std::move(e->second));
        e = g.erase(e);
        --count_;
      } else {
        next = std::min(next, e->second.expires);
        ++e;
      }
    }
    it = g.empty() ? map_.erase(it) : std::next(it);
  }
  next_expiry_hint_ = next;
  return gone;
}

void cache::for_each(const std::function<void(cache_entry&)>& fn) {
  for (auto& [k, g] : map_)
    for (auto& [rk, e] : g) fn(e);
}

clock::time_point cache::next_expiry() const noexcept {
  auto t = clock::time_point::max();
  for (const auto& [k, g] : map_)
    for (const auto& [rk, e] : g) t = std::min(t, e.expires);
  return t;
}

}  // namespace svcname::mdns
