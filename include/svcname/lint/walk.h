#pragma once
/// @file lint/walk.h
/// Directory walking with .gitignore-style excludes, and parallel linting.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/lint/lint.h"

namespace svcname::lint {

/// .gitignore-style patterns (gitignore(5)): `*`, `?`, `[...]`, `**`; a pattern without a
/// '/' (other than a trailing one) matches a name at any depth, one with a '/' is anchored
/// at the pattern's base directory; a trailing '/' matches directories only; a leading '!'
/// re-includes. The last matching pattern wins.
class exclude_set {
 public:
  /// Adds @p pattern, relative to @p base (an absolute directory). Blank lines and lines
  /// starting with '#' are ignored.
  void add(std::string_view pattern, const std::filesystem::path& base);
  /// True when @p abs_path (absolute, lexically normal) is excluded, itself or through a parent.
  [[nodiscard]] bool excluded(const std::filesystem::path& abs_path, bool is_dir) const;
  [[nodiscard]] bool empty() const noexcept { return pats_.empty(); }

 private:
  struct pat {
    std::string glob;            ///< without '!', leading '/' and trailing '/'
    std::filesystem::path base;  ///< absolute
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;       ///< contains a '/': matched against the whole relative path
  };
  [[nodiscard]] bool match_one(const std::filesystem::path& abs_path, bool is_dir, bool& hit) const;
  std::vector<pat> pats_;
};

/// True when @p text matches the glob @p pattern (`*` and `?` stop at '/', `**` does not).
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text) noexcept;

/// One file to lint.
struct lint_target {
  std::string path;     ///< as it will be reported
  file_format format = file_format::unknown;  ///< forced or guessed from the name (unknown: detect)
  bool explicit_arg = false;  ///< named on the command line (an unknown format is then a finding)
};

/// Options for collecting and linting many files.
struct walk_options {
  exclude_set excludes;
  file_format force = file_format::unknown;  ///< --format: every file is read as this format
  unsigned threads = 0;                      ///< 0: std::thread::hardware_concurrency()
};

/// Expands @p inputs (files and directories) into the files to lint, sorted by path within each
/// directory, skipping excluded paths, `.git` directories and files whose names are not ones
/// svcname reads. Inputs that do not exist are returned as targets too (they become I/O findings).
[[nodiscard]] std::vector<lint_target> collect_targets(const std::vector<std::string>& inputs,
                                                       const walk_options& w);

/// Lints @p targets on a pool of threads. The result has one report per target, in the order
/// of @p targets (deterministic whatever the scheduling). Files that turn out not to be in a
/// known format (and were not named explicitly) get a report with format unknown and no findings.
[[nodiscard]] std::vector<file_report> lint_targets(const std::vector<lint_target>& targets,
                                                    const options& opt, unsigned threads = 0);

}  // namespace svcname::lint
