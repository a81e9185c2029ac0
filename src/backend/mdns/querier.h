#pragma once
// The RFC 6762 querier: sends queries through a transport, validates and caches answers,
// and drives browse and resolve operations. Runs on the event_loop thread only.
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend/mdns/cache.h"
#include "backend/mdns/interfaces.h"
#include "backend/mdns/transport.h"
#include "svcname/browse.h"

namespace svcname::mdns {

/// Counters (for diagnostics and tests).
struct querier_stats {
  std::size_t packets = 0;           ///< datagrams received
  std::size_t accepted = 0;          ///< responses whose records were cached
  std::size_t not_on_link = 0;       ///< dropped: source not on the link (RFC 6762 §11)
  std::size_t bad_port = 0;          ///< dropped: source port not 5353 (RFC 6762 §6)
  std::size_t malformed = 0;         ///< dropped: wire::parse_message failed
  std::size_t not_response = 0;      ///< queries and non-zero opcode/rcode (RFC 6762 §18)
  std::size_t unknown_id = 0;        ///< one-shot answers to an ID we did not send (§6.7)
  std::size_t unknown_link = 0;      ///< arrived on an interface we do not use
  std::size_t queries_sent = 0;      ///< query datagrams sent
  std::size_t send_errors = 0;
};

struct op_base;

class querier {
 public:
  /// @param interfaces every interface (the querier uses those that are usable)
  querier(event_loop& loop, std::unique_ptr<transport> t, std::vector<netif> interfaces,
          std::function<void(const std::string&)> notice);
  ~querier();
  querier(const querier&) = delete;
  querier& operator=(const querier&) = delete;

  [[nodiscard]] result<std::unique_ptr<operation>, browse_error> browse(const browse_request& req,
                                                                       browse_callback cb);
  [[nodiscard]] result<std::unique_ptr<operation>, browse_error> resolve(const resolve_request& req,
                                                                        resolve_callback cb);

  /// One received datagram (the transport calls this; tests call it directly).
  void handle(const received& r, clock::time_point now);
  /// Expiry, one-shot completion, §5.2 refresh (the tick timer calls this; tests directly).
  void tick(clock::time_point now);

  [[nodiscard]] const querier_stats& stats() const noexcept { return stats_; }
  [[nodiscard]] cache& records() noexcept { return cache_; }
  [[nodiscard]] event_loop& loop() noexcept { return loop_; }

  // --- used by operations -------------------------------------------------------------
  /// Links (interface x IP version) for the given filters, or an error for unknown names.
  [[nodiscard]] result<std::vector<link>, browse_error> links_for(
      const std::vector<std::string>& names, std::uint32_t ifindex, ip_protocol p) const;
  [[nodiscard]] std::string interface_name(std::uint32_t ifindex) const;
  /// Opens sockets for @p mode on @p links.
  [[nodiscard]] std::string open(send_mode mode, const std::vector<link>& links);
  /// Queues a question on @p l; queued questions leave together (one flush per loop turn).
  /// Skipped if the same question left on the same link less than @p min_gap ago.
  void ask(const link& l, send_mode mode, const wire::name& qname, std::uint16_t qtype,
           std::chrono::milliseconds min_gap = std::chrono::milliseconds(900));
  /// Operations are told about changes to these owner names.
  void watch_name(const wire::name& owner, const std::shared_ptr<op_base>& op);
  void add_op(const std::shared_ptr<op_base>& op);
  void remove_op(op_base* op);
  [[nodiscard]] std::mt19937& rng() noexcept { return rng_; }
  /// While a datagram is dispatched: its records that were added or refreshed.
  [[nodiscard]] const std::vector<const wire::resource_record*>& fresh() const noexcept { return fresh_; }

 private:
  struct pending {
    link on;
    send_mode mode;
    std::vector<wire::question> questions;
  };
  void flush();
  void send_questions(const link& l, send_mode mode, const std::vector<wire::question>& qs);
  void arm_tick();
  static std::string owner_key(const wire::name& n);

  event_loop& loop_;
  std::unique_ptr<transport> transport_;
  std::vector<netif> ifs_;
  std::function<void(const std::string&)> notice_;
  cache cache_;
  querier_stats stats_;
  std::mt19937 rng_;
  std::vector<std::shared_ptr<op_base>> ops_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<op_base>>> interest_;
  std::vector<pending> pending_;
  std::vector<const wire::resource_record*> fresh_;
  bool flush_posted_ = false;
  std::unordered_map<std::string, clock::time_point> last_asked_;
  std::vector<std::uint16_t> ids_;  ///< IDs of recent one-shot queries (§6.7 echo check)
  timer tick_timer_;
  clock::time_point next_prune_{};
  bool send_error_reported_ = false;
  bool cache_full_reported_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

/// Base of browse and resolve operations.
struct op_base : std::enable_shared_from_this<op_base> {
  explicit op_base(querier& owner) : q(owner) {}
  virtual ~op_base() = default;
  /// Records of @p owner changed on @p l.
  virtual void touched(const link& l, const std::string& owner) = 0;
  /// A record expired (after a goodbye, a cache flush or its TTL).
  virtual void removed(const cache_entry& e) = 0;
  virtual void on_tick(clock::time_point now) = 0;
  /// Owner names whose records this op wants refreshed before they expire (§5.2).
  [[nodiscard]] virtual bool wants_refresh() const noexcept { return false; }
  void cancel() noexcept;
  querier& q;
  bool cancelled = false;
};

}  // namespace svcname::mdns
