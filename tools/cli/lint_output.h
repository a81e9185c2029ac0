#pragma once
// Renderers for `svcname lint`: human (compiler style), JSON, SARIF 2.1.0, GitHub Actions
// workflow commands, JUnit XML.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "svcname/lint/lint.h"

namespace svcname::cli::lint_out {

/// Everything a renderer needs about one run.
struct run_info {
  const std::vector<lint::file_report>* reports = nullptr;
  std::optional<severity> fail_on;   ///< nullopt: --fail-on none
  std::string cwd;                   ///< absolute working directory (SARIF %SRCROOT%)
  std::string registry_source;       ///< "" when no registry was loaded
  std::string registry_updated;
  std::string version;
};

/// Counts over the linted files (files that were not in a known format are not counted).
struct totals {
  std::size_t files = 0, names = 0, errors = 0, warnings = 0, notes = 0, suppressed = 0, failing = 0;
  bool io_error = false;
};
[[nodiscard]] totals count(const run_info& r);

void write_human(const run_info& r, bool color, std::FILE* out);
[[nodiscard]] std::string summary_line(const totals& t);
[[nodiscard]] std::string to_json(const run_info& r);
[[nodiscard]] std::string to_sarif(const run_info& r);
[[nodiscard]] std::string to_github(const run_info& r);
[[nodiscard]] std::string to_junit(const run_info& r);

/// Stable fingerprint of a finding: rule, path, the line's text (trimmed) and the subject;
/// unchanged when lines are inserted above it.
[[nodiscard]] std::string fingerprint(const lint::file_report& f, const lint::finding& x);

}  // namespace svcname::cli::lint_out
