#pragma once
/// @file registry/registry.h
/// Read-only, indexed view of one registry snapshot. Opening a source file uses a compact
/// on-disk index (rebuilt whenever the source's size, mtime or inode changes), so a lookup
/// with the full registry costs well under a millisecond after the first run.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/registry/model.h"
#include "svcname/result.h"

namespace svcname::registry {

class index_data;  // the compact form, owned or memory-mapped

/// A record inside a registry (cheap to copy; valid while the registry lives).
class record_view {
 public:
  record_view(const index_data* d, std::uint32_t i) noexcept : d_(d), i_(i) {}
  [[nodiscard]] std::uint32_t index() const noexcept { return i_; }
  [[nodiscard]] std::string_view name() const noexcept;
  [[nodiscard]] std::string_view protocol() const noexcept;
  [[nodiscard]] std::optional<port_range> ports() const noexcept;
  [[nodiscard]] std::string_view description() const noexcept;
  [[nodiscard]] std::string_view notes() const noexcept;
  [[nodiscard]] std::string_view registered() const noexcept;
  [[nodiscard]] std::string_view modified() const noexcept;
  [[nodiscard]] std::uint32_t line() const noexcept;
  /// The full record (all fields, copied).
  [[nodiscard]] record materialize() const;

 private:
  const index_data* d_;
  std::uint32_t i_;
};

/// Where a registry came from and how it was loaded.
struct open_info {
  std::string source;        ///< path of the source file
  std::string cache;         ///< path of the index used or written ("" if none)
  bool cache_hit = false;    ///< true when the index was reused
};

class registry {
 public:
  /// Opens @p source_path (any known format), using or rebuilding the compact index in
  /// @p cache_dir ("" = the default cache directory; "-" = no index on disk).
  [[nodiscard]] static result<registry, load_error> open(const std::string& source_path,
                                                         const std::string& cache_dir = "",
                                                         std::string_view format = "auto");
  /// Builds an in-memory registry from a parsed snapshot.
  [[nodiscard]] static registry from_snapshot(const snapshot& s);

  registry(registry&&) noexcept;
  registry& operator=(registry&&) noexcept;
  ~registry();

  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] record_view at(std::size_t i) const noexcept;
  /// Records named @p name, compared case-insensitively (RFC 6335 §5.1 / RFC 6763 §7).
  [[nodiscard]] std::vector<record_view> by_name(std::string_view name) const;
  /// Records whose port or port range contains @p port; @p protocol "" matches any.
  [[nodiscard]] std::vector<record_view> by_port(std::uint16_t port,
                                                 std::string_view protocol = "") const;
  /// Distinct non-empty names, sorted case-insensitively (one spelling each).
  [[nodiscard]] std::vector<std::string_view> names() const;
  /// Up to @p max registered names closest to @p name (edit distance <= 2, or a shared prefix).
  [[nodiscard]] std::vector<std::string> suggest(std::string_view name, std::size_t max = 3) const;
  /// A person from the people table.
  [[nodiscard]] std::optional<person> find_person(std::string_view id) const;
  /// Registry "Last Updated" date.
  [[nodiscard]] std::string_view updated() const noexcept;
  [[nodiscard]] const open_info& info() const noexcept { return info_; }

  /// Serialises the compact index (for tests and `registry update`).
  [[nodiscard]] std::string serialize() const;

 private:
  registry();
  std::unique_ptr<index_data> d_;
  open_info info_;
};

/// Default places: $XDG_DATA_HOME/svcname (the downloaded snapshot) and $XDG_CACHE_HOME/svcname.
[[nodiscard]] std::string default_data_dir();
[[nodiscard]] std::string default_cache_dir();
/// Path `svcname registry update` stores the snapshot at.
[[nodiscard]] std::string default_registry_path();

}  // namespace svcname::registry
