#pragma once
// Shared body of the fuzz_lint_<format> targets: lint the bytes as one format and check
// properties, not just "no crash": every finding lies inside the input (line, column, byte
// range), columns are ordered, and linting is deterministic.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "svcname/lint/lint.h"

namespace svcname::fuzz {

inline void check_lint(const std::uint8_t* data, std::size_t size, lint::file_format fmt) {
  if (size > 1 << 20) return;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t lines = 1;
  for (const char c : text)
    if (c == '\n') ++lines;
  const auto a = lint::lint_text("fuzz", text, fmt, {});
  for (const auto& f : a.findings) {
    if (f.line < 1 || f.line > lines) std::abort();
    if (f.column < 1 || f.end_column <= f.column) std::abort();
    if (f.diag.where.offset > size) std::abort();
    if (f.source_line.find('\n') != std::string::npos) std::abort();
  }
  const auto b = lint::lint_text("fuzz", text, fmt, {});
  if (a.findings.size() != b.findings.size() || a.names != b.names) std::abort();
  for (std::size_t i = 0; i < a.findings.size(); ++i)
    if (a.findings[i].diag.code != b.findings[i].diag.code || a.findings[i].line != b.findings[i].line ||
        a.findings[i].column != b.findings[i].column)
      std::abort();
}

}  // namespace svcname::fuzz
