// Collecting files (directory walk with .gitignore-style excludes) and linting them on a
// pool of threads, with results in a deterministic order.
#include "svcname/lint/walk.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace svcname::lint {
namespace fs = std::filesystem;

namespace {

bool class_match(std::string_view p, std::size_t& i, char c) {
  // p[i] == '['; on return i is just after ']'. An unterminated class matches '[' literally.
  std::size_t j = i + 1;
  bool negate = false;
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    negate = true;
    ++j;
  }
  bool hit = false;
  bool first = true;
  while (j < p.size() && (p[j] != ']' || first)) {
    first = false;
    char lo = p[j];
    if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
    char hi = lo;
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      hi = p[j + 2];
      j += 2;
    }
    if (c >= lo && c <= hi) hit = true;
    ++j;
  }
  if (j >= p.size()) {  // no ']': literal '['
    ++i;
    return c == '[';
  }
  i = j + 1;
  return hit != negate;
}

bool match_from(std::string_view p, std::string_view t, long& budget) {
  if (--budget <= 0) return false;  // pathological patterns: give up rather than spin
  std::size_t i = 0, k = 0;
  while (i < p.size()) {
    if (p[i] == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        // "**/" matches zero or more directories; "**" elsewhere matches anything.
        std::size_t rest = i + 2;
        if (rest < p.size() && p[rest] == '/') {
          ++rest;
          if (match_from(p.substr(rest), t.substr(k), budget)) return true;
          for (std::size_t s = k; s < t.size(); ++s)
            if (t[s] == '/' && match_from(p.substr(rest), t.substr(s + 1), budget)) return true;
          return false;
        }
        for (std::size_t s = k; s <= t.size(); ++s)
          if (match_from(p.substr(rest), t.substr(s), budget)) return true;
        return false;
      }
      for (std::size_t s = k; s <= t.size(); ++s) {
        if (match_from(p.substr(i + 1), t.substr(s), budget)) return true;
        if (s < t.size() && t[s] == '/') break;  // '*' does not cross '/'
      }
      return false;
    }
    if (k >= t.size()) return false;
    if (p[i] == '?') {
      if (t[k] == '/') return false;
      ++i;
      ++k;
      continue;
    }
    if (p[i] == '[') {
      if (t[k] == '/' || !class_match(p, i, t[k])) return false;
      ++k;
      continue;
    }
    char want = p[i];
    if (want == '\\' && i + 1 < p.size()) want = p[++i];
    if (t[k] != want) return false;
    ++i;
    ++k;
  }
  return k == t.size();
}

std::string rel_generic(const fs::path& abs, const fs::path& base, bool& inside) {
  const auto rel = abs.lexically_relative(base);
  const auto s = rel.generic_string();
  inside = !rel.empty() && !s.starts_with("..") && s != ".";
  return s;
}

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  auto a = fs::absolute(p, ec);
  return (ec ? p : a).lexically_normal();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  long budget = 100000;  // total match attempts: '*'-heavy patterns backtrack exponentially
  return match_from(pattern, text, budget);
}

void exclude_set::add(std::string_view pattern, const fs::path& base) {
  while (!pattern.empty() && (pattern.back() == ' ' || pattern.back() == '\r')) pattern.remove_suffix(1);
  if (pattern.empty() || pattern.front() == '#') return;
  pat p;
  p.base = absolute_normal(base);
  if (pattern.front() == '!') {
    p.negate = true;
    pattern.remove_prefix(1);
  }
  if (!pattern.empty() && pattern.back() == '/') {
    p.dir_only = true;
    pattern.remove_suffix(1);
  }
  if (!pattern.empty() && pattern.front() == '/') {
    p.anchored = true;
    pattern.remove_prefix(1);
  }
  if (pattern.find('/') != std::string_view::npos) p.anchored = true;
  if (pattern.empty()) return;
  p.glob = std::string(pattern);
  pats_.push_back(std::move(p));
}

bool exclude_set::match_one(const fs::path& abs_path, bool is_dir, bool& hit) const {
  // Last matching pattern wins (gitignore(5)).
  bool excluded = false;
  hit = false;
  for (const auto& p : pats_) {
    if (p.dir_only && !is_dir) continue;
    bool inside = false;
    const auto rel = rel_generic(abs_path, p.base, inside);
    if (!inside) continue;
    const auto slash = rel.rfind('/');
    const std::string_view subject =
        p.anchored ? std::string_view(rel)
                   : std::string_view(rel).substr(slash == std::string::npos ? 0 : slash + 1);
    if (glob_match(p.glob, subject)) {
      excluded = !p.negate;
      hit = true;
    }
  }
  return excluded;
}

bool exclude_set::excluded(const fs::path& abs_path, bool is_dir) const {
  if (pats_.empty()) return false;
  // A file inside an excluded directory is excluded whatever later patterns say.
  fs::path prefix;
  std::vector<fs::path> parents;
  for (auto p = abs_path.parent_path(); p.has_relative_path() && p != p.parent_path(); p = p.parent_path())
    parents.push_back(p);
  std::reverse(parents.begin(), parents.end());
  bool hit = false;
  for (const auto& d : parents)
    if (match_one(d, true, hit)) return true;
  return match_one(abs_path, is_dir, hit);
}

std::vector<lint_target> collect_targets(const std::vector<std::string>& inputs, const walk_options& w) {
  std::vector<lint_target> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    const fs::path p(in);
    const auto abs = absolute_normal(p);
    if (fs::is_directory(p, ec)) {
      if (w.excludes.excluded(abs, true)) continue;
      std::vector<lint_target> found;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
      if (ec) {
        out.push_back(lint_target{in, w.force, true});  // reported as an I/O finding
        continue;
      }
      for (; it != end; it.increment(ec)) {
        if (ec) break;
        const auto& e = *it;
        std::error_code ec2;
        const auto name = e.path().filename().string();
        if (e.is_directory(ec2)) {
          if (name == ".git" || w.excludes.excluded(absolute_normal(e.path()), true))
            it.disable_recursion_pending();
          continue;
        }
        if (!e.is_regular_file(ec2)) continue;
        std::string shown = e.path().generic_string();
        if (shown.starts_with("./")) shown.erase(0, 2);
        if (w.force == file_format::unknown) {
          file_format guess{};
          if (match_file_name(shown, guess) == name_match::no) continue;
        }
        if (w.excludes.excluded(absolute_normal(e.path()), false)) continue;
        found.push_back(lint_target{shown, w.force, false});
      }
      std::sort(found.begin(), found.end(),
                [](const lint_target& a, const lint_target& b) { return a.path < b.path; });
      out.insert(out.end(), found.begin(), found.end());
    } else {
      if (w.excludes.excluded(abs, false)) continue;
      out.push_back(lint_target{in, w.force, true});
    }
  }
  return out;
}

std::vector<file_report> lint_targets(const std::vector<lint_target>& targets, const options& opt_in,
                                      unsigned threads) {
  options opt = opt_in;
  if (opt.reg && !opt.cache) opt.cache = make_fact_cache();  // shared by every thread
  std::vector<file_report> reports(targets.size());
  auto one = [&](std::size_t i) {
    const auto& t = targets[i];
    try {
      auto rep = lint_file(t.path, t.format, opt);
      if (rep.format == file_format::unknown && !rep.io_error) {
        // Not ours: found while walking, or named explicitly with a name that fits a format
        // whose content it lacks (a systemd unit *.service, a CI workflow *.yaml). Only a
        // file named explicitly with a name that fits nothing keeps its lint-unknown-format.
        file_format guess{};
        if (!t.explicit_arg || match_file_name(t.path, guess) == name_match::maybe)
          rep.findings.clear();
      }
      reports[i] = std::move(rep);
    } catch (const std::exception& e) {
      file_report rep;
      rep.path = t.path;
      finding f;
      f.line = 1;
      f.column = 1;
      f.end_column = 2;
      f.diag = diagnostic{diag_code::lint_io_error, severity::error, {}, e.what(), {}};
      rep.findings.push_back(std::move(f));
      rep.io_error = true;
      reports[i] = std::move(rep);
    }
  };
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, targets.size()));
  if (threads <= 1) {
    for (std::size_t i = 0; i < targets.size(); ++i) one(i);
    return reports;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned k = 0; k < threads; ++k) {
    pool.emplace_back([&] {
      for (std::size_t i = next.fetch_add(1); i < targets.size(); i = next.fetch_add(1)) one(i);
    });
  }
  for (auto& th : pool) th.join();
  return reports;
}

}  // namespace svcname::lint
