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

cache_change cache::insert(const link& on, const wire::resource_record& rr, clock::time_point now) {
  if (rr.rclass != wire::class_in) return cache_change::none;
  auto& list = map_[key(on, rr.owner, rr.type)];
  auto same = std::find_if(list.begin(), list.end(),
                           [&](const cache_entry& e) { return e.rr.data == rr.data; });
  if (rr.ttl == 0) {
    // RFC 6762 §10.1: a goodbye; keep it one more second, then it expires.
    if (same == list.end()) return cache_change::none;
    if (same->goodbye) return cache_change::none;
    same->goodbye = true;
    same->expires = std::min(same->expires, now + goodbye_delay);
    return cache_change::goodbye;
  }
  if (rr.cache_flush) {
    // RFC 6762 §10.2: other records of this name/type/class received more than one second
    // ago are stale; they go one second from now (records of the same packet stay).
    const cache_entry* self = same == list.end() ? nullptr : &*same;
    for (auto& e : list)
      if (&e != self && e.received + flush_grace < now) e.expires = std::min(e.expires, now + flush_grace);
  }
  const auto ttl = std::chrono::seconds(rr.ttl);
  if (same != list.end()) {
    same->rr = rr;
    same->received = now;
    same->expires = now + ttl;
    same->goodbye = false;
    same->refresh_step = 0;
    return cache_change::refreshed;
  }
  if (count_ >= max_) {
    ++dropped_;
    return cache_change::none;
  }
  list.push_back(cache_entry{on, rr, now, now + ttl, false, 0});
  ++count_;
  return cache_change::added;
}

std::vector<const cache_entry*> cache::find(const link& on, const wire::name& owner, std::uint16_t type,
                                            clock::time_point now) const {
  std::vector<const cache_entry*> out;
  auto it = map_.find(key(on, owner, type));
  if (it == map_.end()) return out;
  for (const auto& e : it->second)
    if (e.expires > now && !e.goodbye) out.push_back(&e);
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
  for (auto it = map_.begin(); it != map_.end();) {
    auto& list = it->second;
    for (auto e = list.begin(); e != list.end();) {
      if (e->expires <= now) {
        gone.push_back(std::move(*e));
        e = list.erase(e);
        --count_;
      } else {
        ++e;
      }
    }
    it = list.empty() ? map_.erase(it) : std::next(it);
  }
  return gone;
}

void cache::for_each(const std::function<void(cache_entry&)>& fn) {
  for (auto& [k, list] : map_)
    for (auto& e : list) fn(e);
}

clock::time_point cache::next_expiry() const noexcept {
  auto t = clock::time_point::max();
  for (const auto& [k, list] : map_)
    for (const auto& e : list) t = std::min(t, e.expires);
  return t;
}

}  // namespace svcname::mdns
