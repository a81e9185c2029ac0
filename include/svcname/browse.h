#pragma once
/// @file browse.h
/// Backend-neutral DNS-SD browse and resolve (RFC 6763 §4, §9) on one event loop.
///
/// Shape (the same as dns_sd.h and Avahi): start an operation, get events on the loop's
/// thread, destroy the returned handle to stop it. Backends (built-in mDNS, Avahi, unicast
/// DNS via c-ares) implement `backend` and register a `backend_info`; the CLI picks one by
/// name or with "auto". No Boost, Avahi or c-ares type appears here: the loop is a pimpl over
/// boost::asio::io_context, which backends reach through src/browse/event_loop_impl.h.
///
/// Threading: every callback runs on the thread that runs the event_loop. Setup errors are
/// the return value; errors that happen later arrive as a `failed` event (or a failed result).
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/diagnostic.h"
#include "svcname/result.h"

namespace svcname {

// ---------------------------------------------------------------------------------------
// Handles

/// A running asynchronous operation started by a backend. cancel() must be idempotent and
/// after it returns no callback of the operation runs any more.
class operation {
 public:
  virtual ~operation() = default;
  virtual void cancel() noexcept = 0;
};

/// RAII owner of an operation: destroying it (or cancel()) stops the operation, like
/// DNSServiceRefDeallocate / avahi_service_browser_free.
class handle {
 public:
  handle() = default;
  explicit handle(std::unique_ptr<operation> op) noexcept : op_(std::move(op)) {}
  handle(handle&&) noexcept = default;
  handle& operator=(handle&& other) noexcept {
    if (this != &other) {
      cancel();
      op_ = std::move(other.op_);
    }
    return *this;
  }
  handle(const handle&) = delete;
  handle& operator=(const handle&) = delete;
  ~handle() { cancel(); }
  /// Stops the operation; no callback runs after this returns.
  void cancel() noexcept {
    if (op_) {
      op_->cancel();
      op_.reset();
    }
  }
  /// True while it owns an operation.
  explicit operator bool() const noexcept { return op_ != nullptr; }

 private:
  std::unique_ptr<operation> op_;
};

/// Handle of a browse (instances or service types).
class browser : public handle {
 public:
  using handle::handle;
};
/// Handle of a resolve.
class resolver : public handle {
 public:
  using handle::handle;
};
/// Handle of a one-shot timer (event_loop::call_after).
class timer : public handle {
 public:
  using handle::handle;
};

// ---------------------------------------------------------------------------------------
// Event loop

/// One event loop (a boost::asio::io_context behind a pimpl). Not copyable, not movable.
class event_loop {
 public:
  event_loop();
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  /// Runs handlers until stop() or until no work is left. @return handlers run
  std::size_t run();
  /// Runs handlers for at most @p d (or until stop()/no work). @return handlers run
  std::size_t run_for(std::chrono::milliseconds d);
  /// Runs ready handlers without blocking. @return handlers run
  std::size_t poll();
  /// Makes run()/run_for() return as soon as possible. Thread-safe.
  void stop() noexcept;
  /// True after stop() until restart().
  [[nodiscard]] bool stopped() const noexcept;
  /// Clears the stopped state so run() can be called again.
  void restart();
  /// Queues @p fn to run on the loop's thread. Thread-safe.
  void post(std::function<void()> fn);
  /// Runs @p fn once after @p d unless the returned timer is destroyed or cancelled first.
  [[nodiscard]] timer call_after(std::chrono::milliseconds d, std::function<void()> fn);
  /// Stops the loop on SIGINT or SIGTERM (for --watch). The signal is then in interrupted_by().
  void stop_on_signals();
  /// The signal that stopped the loop, or 0.
  [[nodiscard]] int interrupted_by() const noexcept;

  struct impl;
  /// For backends (src/browse/event_loop_impl.h gives impl::io, the io_context).
  [[nodiscard]] impl& native() noexcept { return *impl_; }

 private:
  std::unique_ptr<impl> impl_;
};

// ---------------------------------------------------------------------------------------
// Values

/// IP version of an interface, a query or an address.
enum class ip_protocol : std::uint8_t { any, v4, v6 };
/// "IPv4", "IPv6", "any" (the spelling of avahi-browse -p).
[[nodiscard]] std::string_view to_string(ip_protocol p) noexcept;

/// An IPv4 or IPv6 address; IPv6 link-local addresses carry their scope (interface index).
struct ip_address {
  ip_protocol family = ip_protocol::v4;
  std::array<std::uint8_t, 16> bytes{};  ///< IPv4 uses bytes[0..3]
  std::uint32_t scope_id = 0;            ///< interface index for IPv6 link-local (fe80::/10)

  [[nodiscard]] static ip_address v4(const std::array<std::uint8_t, 4>& b) noexcept;
  [[nodiscard]] static ip_address v6(const std::array<std::uint8_t, 16>& b,
                                     std::uint32_t scope = 0) noexcept;
  /// True for 169.254/16 or fe80::/10.
  [[nodiscard]] bool is_link_local() const noexcept;
  /// "198.18.77.1", "fd77:7e57::1" (RFC 5952), "fe80::1%veth-a" when @p scope_name is given
  /// for a link-local IPv6 address ("%<scope_id>" when it is not).
  [[nodiscard]] std::string to_string(std::string_view scope_name = {}) const;
  friend bool operator==(const ip_address&, const ip_address&) = default;
};

/// Why an operation failed.
enum class browse_errc : std::uint8_t {
  ok,
  backend_unavailable,  ///< daemon not running, library missing, no usable interface
  disconnected,         ///< the daemon went away mid-operation
  too_many_objects,     ///< the daemon's per-client object limit (Avahi)
  timeout,              ///< nothing (more) arrived in time
  not_found,            ///< the name does not exist (NXDOMAIN, or no answer to a resolve)
  server_failure,       ///< SERVFAIL, REFUSED or another error rcode
  network,              ///< socket error (bind, join, send)
  bad_response,         ///< a reply that could not be parsed
  invalid_request,      ///< bad type/domain/instance in the request
  unsupported,          ///< the backend cannot do this (e.g. subtypes on a backend without them)
  internal,
};
/// Stable id, e.g. "too_many_objects".
[[nodiscard]] std::string_view to_string(browse_errc c) noexcept;

struct browse_error {
  browse_errc code = browse_errc::ok;
  std::string message;  ///< human text: what, where, how to fix
};

/// What a browse reports.
enum class browse_event_kind : std::uint8_t { added, removed, all_for_now, failed };
/// "added", "removed", "all_for_now", "failed".
[[nodiscard]] std::string_view to_string(browse_event_kind k) noexcept;

/// One browse event. For a service-type enumeration `type` is the type found and
/// `instance` is empty; all_for_now and failed carry no instance.
struct browse_event {
  browse_event_kind kind = browse_event_kind::added;
  std::uint32_t interface_index = 0;  ///< 0: not tied to an interface (unicast DNS)
  std::string interface_name;         ///< "veth-a"; empty when interface_index is 0
  ip_protocol protocol = ip_protocol::any;
  std::string instance;  ///< the instance label as raw bytes (RFC 6763 §4.1.1), unescaped
  std::string type;      ///< "_http._tcp" (presentation text, §4.3 escapes if odd bytes)
  std::string subtype;   ///< "_printer" when a subtype was browsed (RFC 6763 §7.1)
  std::string domain;    ///< "local" (presentation text, no trailing dot)
  std::uint32_t ttl = 0; ///< TTL of the PTR record, 0 when unknown or on removal
  browse_error error;    ///< kind == failed
  std::string backend;   ///< name of the backend that produced it
};

/// What a resolve reports: one per interface and protocol the instance answered on.
struct resolved_address {
  ip_address address;
  std::uint32_t ttl = 0;
};
struct resolve_result {
  std::uint32_t interface_index = 0;
  std::string interface_name;
  ip_protocol protocol = ip_protocol::any;
  std::string instance;  ///< raw label bytes
  std::string type;      ///< "_http._tcp"
  std::string domain;    ///< "local"
  std::string host;      ///< SRV target, presentation text with trailing dot ("hosta.local.")
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::vector<std::string> txt;  ///< TXT character-strings, raw bytes (empty ones kept)
  bool has_txt = false;          ///< a TXT record was received (txt may still be empty)
  std::vector<resolved_address> addresses;  ///< A/AAAA of `host`
  std::uint32_t srv_ttl = 0;
  std::uint32_t txt_ttl = 0;
  std::string backend;
};

/// Findings about a resolved instance beyond its name (discovery codes 500-549):
/// no TXT record (RFC 6763 §6), no address for the SRV target (§12.2), a bad SRV target.
/// Offsets are 0: the findings are about records, not about a text input.
[[nodiscard]] report check_resolved(const resolve_result& r);

using browse_callback = std::function<void(const browse_event&)>;
/// Called once per (interface, protocol) result, again on changes in watch mode, or once
/// with an error (timeout: nothing resolved in time).
using resolve_callback = std::function<void(const result<resolve_result, browse_error>&)>;

// ---------------------------------------------------------------------------------------
// Requests

struct browse_request {
  std::string type;     ///< "_http._tcp" (ignored with enumerate_types)
  std::string subtype;  ///< "_printer": browse _printer._sub.<type> (RFC 6763 §7.1)
  std::string domain;   ///< empty = "local"
  /// Browse _services._dns-sd._udp.<domain> (RFC 6763 §9): events carry types, not instances.
  bool enumerate_types = false;
  ip_protocol protocol = ip_protocol::any;
  std::vector<std::string> interfaces;  ///< names; empty = every multicast-capable interface
  /// Keep browsing and report removals; otherwise one-shot: all_for_now, then nothing more.
  bool watch = false;
  /// One-shot: all_for_now is sent at the latest after this.
  std::chrono::milliseconds timeout{3000};
};

struct resolve_request {
  std::string instance;  ///< raw label bytes
  std::string type;      ///< "_http._tcp"
  std::string domain;    ///< empty = "local"
  std::uint32_t interface_index = 0;  ///< 0: any interface
  ip_protocol protocol = ip_protocol::any;      ///< network protocol to ask on
  ip_protocol address_family = ip_protocol::any;  ///< which addresses to return
  std::vector<std::string> interfaces;  ///< names; empty = every usable interface
  bool watch = false;                   ///< keep reporting changes
  std::chrono::milliseconds timeout{3000};
};

// ---------------------------------------------------------------------------------------
// Backends

struct backend_options {
  std::vector<std::string> interfaces;  ///< restrict to these interface names
  ip_protocol protocol = ip_protocol::any;
  std::vector<std::string> servers;     ///< unicast DNS servers, "IP[:PORT]"
  std::chrono::milliseconds timeout{3000};
  /// Things the user should know that are not errors ("avahi-daemon not running, using the
  /// built-in querier"). Called on the loop thread; may be empty.
  std::function<void(const std::string&)> notice;
};

/// One way of browsing. Operations keep a reference to the backend: destroy every handle
/// before the backend, and the backend before the event_loop.
class backend {
 public:
  virtual ~backend() = default;
  /// "mdns", "avahi", "unicast".
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  /// Starts a browse (or a type enumeration). Events go to @p cb on the loop thread.
  [[nodiscard]] virtual result<browser, browse_error> browse(const browse_request& req,
                                                             browse_callback cb) = 0;
  /// Starts resolving one instance to SRV, TXT and addresses.
  [[nodiscard]] virtual result<resolver, browse_error> resolve(const resolve_request& req,
                                                               resolve_callback cb) = 0;
};

using backend_factory = result<std::unique_ptr<backend>, browse_error> (*)(
    event_loop& loop, const backend_options& opt);

/// A backend as the registry knows it.
struct backend_info {
  std::string_view name;         ///< "--backend NAME"
  std::string_view description;  ///< one line for --help
  int auto_order = 100;          ///< "auto" tries backends by ascending order
  /// For "auto": does this backend serve @p domain ("local" / empty / "example.com")?
  bool (*serves_domain)(std::string_view domain) = nullptr;
  backend_factory create = nullptr;
};

/// A backend .cpp registers itself with `static const backend_registration reg{info};`.
/// Static libraries drop unreferenced objects, so the same .cpp also defines
/// `extern "C" const char svcname_backend_<name>_anchor = 0;` and the backend's CMake adds
/// `target_link_options(<target> INTERFACE "LINKER:--undefined=svcname_backend_<name>_anchor")`.
struct backend_registration {
  explicit backend_registration(const backend_info& info) noexcept;
};

/// Registered backends, sorted by auto_order.
[[nodiscard]] std::vector<const backend_info*> available_backends();
/// The backend named @p name, or nullptr.
[[nodiscard]] const backend_info* find_backend(std::string_view name) noexcept;
/// True for "", "local", "local." (case-insensitive): the mDNS domain (RFC 6762 §3).
[[nodiscard]] bool is_local_domain(std::string_view domain) noexcept;

/// Creates the backend @p name, or with "auto" the first (by auto_order) that serves
/// @p domain and starts; each skipped one is reported through opt.notice.
[[nodiscard]] result<std::unique_ptr<backend>, browse_error> make_backend(
    event_loop& loop, std::string_view name, std::string_view domain,
    const backend_options& opt);

}  // namespace svcname
