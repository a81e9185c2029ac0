#pragma once
// The querier's record cache (RFC 6762 §5.2 maintenance, §7.1 known answers, §10.1 goodbye,
// §10.2 cache-flush). Time is passed in, so the rules are testable without waiting.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend/mdns/transport.h"
#include "svcname/wire/message.h"

namespace svcname::mdns {

using clock = std::chrono::steady_clock;

struct cache_entry {
  link on;
  wire::resource_record rr;  ///< as received (rr.ttl: the TTL it came with)
  clock::time_point received;
  clock::time_point expires;
  bool goodbye = false;   ///< TTL 0 seen: removed one second later (§10.1)
  int refresh_step = 0;   ///< §5.2: refresh queries sent at 80/85/90/95 % of the TTL
};

enum class cache_change : std::uint8_t { none, added, refreshed, goodbye };

class cache {
 public:
  explicit cache(std::size_t max_entries = 200000) : max_(max_entries) {}

  /// Adds or refreshes @p rr received on @p on at @p now (class IN only).
  cache_change insert(const link& on, const wire::resource_record& rr, clock::time_point now);
  /// Live records of (@p owner, @p type) on @p on.
  [[nodiscard]] std::vector<const cache_entry*> find(const link& on, const wire::name& owner,
                                                     std::uint16_t type, clock::time_point now) const;
  /// Removes every expired record and returns them.
  std::vector<cache_entry> expire(clock::time_point now);
  /// Records whose remaining TTL is above half of their TTL (RFC 6762 §7.1 known answers).
  [[nodiscard]] std::vector<const cache_entry*> known_answers(const link& on, const wire::name& owner,
                                                              std::uint16_t type, clock::time_point now) const;
  /// Calls @p fn for every live entry (mutable, for §5.2 refresh bookkeeping).
  void for_each(const std::function<void(cache_entry&)>& fn);
  /// The earliest expiry, or time_point::max() when empty.
  [[nodiscard]] clock::time_point next_expiry() const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  /// Records refused because the cache was full.
  [[nodiscard]] std::size_t dropped() const noexcept { return dropped_; }

 private:
  static std::string key(const link& on, const wire::name& owner, std::uint16_t type);
  /// The records of one (link, owner, type), by their RDATA: a PTR set of thousands of
  /// instances is one group, so lookups inside it must not be linear.
  using group = std::unordered_map<std::string, cache_entry>;
  std::unordered_map<std::string, group> map_;
  std::size_t max_;
  std::size_t count_ = 0;
  clock::time_point next_expiry_hint_ = clock::time_point::min();  ///< nothing expires before it
  std::size_t dropped_ = 0;
};

}  // namespace svcname::mdns
