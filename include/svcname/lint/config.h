#pragma once
/// @file lint/config.h
/// The project file `.svcname.toml`: names allowed though unregistered, rules disabled or
/// re-graded, excluded paths, the registry file and the --fail-on threshold.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "svcname/diagnostic.h"
#include "svcname/result.h"

namespace svcname::lint {

/// File name looked up from the working directory upwards.
inline constexpr std::string_view config_file_name = ".svcname.toml";

/// A rule's level as configured: a severity, or off.
struct rule_setting {
  diag_code code{};
  std::optional<severity> level;  ///< nullopt: the rule is disabled
};

/// Contents of a project file.
struct config {
  std::string path;                     ///< file it was read from ("" = built-in defaults)
  std::string registry;                 ///< registry file (absolute, or relative to path's dir)
  std::vector<std::string> allow;       ///< service names accepted though not registered
  std::vector<std::string> exclude;     ///< .gitignore-style patterns, relative to path's dir
  std::vector<rule_setting> rules;      ///< overrides of default levels
  std::optional<std::string> fail_on;   ///< "note", "warning", "error" or "none"

  /// True when @p name (bare service name) is in allow, compared case-insensitively.
  [[nodiscard]] bool allowed(std::string_view name) const noexcept;
  /// The override for @p c, if any.
  [[nodiscard]] const rule_setting* setting(diag_code c) const noexcept;
};

/// Why a project file was rejected.
struct config_error {
  std::string file;
  std::uint32_t line = 0;    ///< 1-based; 0 if not tied to a line
  std::uint32_t column = 0;
  std::string message;
  /// "file:line:col: message"
  [[nodiscard]] std::string to_string() const;
};

/// Parses the TOML text of a project file. Unknown keys, unknown rule ids and bad levels are
/// errors (a typo must not silently disable nothing).
/// @param path used in errors and stored in config::path.
[[nodiscard]] result<config, config_error> parse_config(std::string_view text,
                                                        std::string_view path);

/// The nearest `.svcname.toml` in @p start or one of its parents.
[[nodiscard]] std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

/// Commented starter file written by `svcname lint --init`.
[[nodiscard]] std::string_view starter_config() noexcept;

}  // namespace svcname::lint
