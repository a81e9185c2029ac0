// Shared CLI helpers: registry choice and loading, colour, compiler-style findings.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "command.h"
#include "svcname/dnssd_name.h"

namespace svcname::cli {

registry_choice choose_registry(const globals& g) {
  if (!g.registry_path.empty()) return {g.registry_path, "--registry"};
  if (const char* e = std::getenv("SVCNAME_REGISTRY"); e && *e) return {e, "SVCNAME_REGISTRY"};
  const auto def = registry::default_registry_path();
  if (std::filesystem::exists(def)) return {def, "default"};
  return {"", "none"};
}

std::optional<registry::registry> load_registry(const globals& g, bool& io_error) {
  io_error = false;
  const auto choice = choose_registry(g);
  if (choice.path.empty()) {
    if (!g.quiet)
      std::fprintf(stderr,
                   "svcname: note: no IANA registry installed: only syntax checks are run.\n"
                   "  get one with 'svcname registry update' (downloads from IANA), or\n"
                   "  'svcname registry update --from FILE|URL', or pass --registry FILE "
                   "(or set SVCNAME_REGISTRY).\n");
    return std::nullopt;
  }
  auto r = registry::registry::open(choice.path, g.cache_dir);
  if (!r) {
    std::fprintf(stderr, "svcname: error: cannot load the registry (%s): %s\n",
                 choice.origin.c_str(), r.error().to_string().c_str());
    io_error = true;
    return std::nullopt;
  }
  return std::move(*r);
}

bool use_color(const globals& g) {
  if (g.color == "always") return true;
  if (g.color == "never") return false;
  if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
  return isatty(STDOUT_FILENO) != 0;
}

std::optional<severity> parse_fail_on(std::string_view v) {
  if (v == "none") return std::nullopt;
  if (auto s = severity_from_string(v)) return s;
  return severity::error;
}

// Bytes that could drive a terminal are shown as \xHH: C0 controls, DEL, C1 controls (raw or
// UTF-8 encoded as C2 80-9F) and bytes that are not part of valid UTF-8.
std::string terminal_safe(std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  auto esc = [&](unsigned char c) {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 0xF];
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    const bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (len && !c1 && i + len <= s.size() && is_valid_utf8(s.substr(i, len))) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      esc(c);
      ++i;
    }
  }
  return out;
}

namespace {
const char* sev_color(severity s) {
  switch (s) {
    case severity::error: return "\033[1;31m";
    case severity::warning: return "\033[1;35m";
    case severity::note: return "\033[1;36m";
  }
  return "";
}
}  // namespace

void print_finding(std::string_view subject, std::string_view input, const diagnostic& d,
                   bool color, std::FILE* out) {
  const auto* rule = rule_of(d.code);
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* sc = color ? sev_color(d.level) : "";
  std::string msg(rule ? rule->summary : "finding");
  if (!d.detail.empty()) msg += ": " + d.detail;
  msg = terminal_safe(msg);
  const std::string subj = terminal_safe(subject);
  std::fprintf(out, "%s%s:%u:%s %s%s[%.*s]%s: %s (%.*s)\n", bold, subj.c_str(), d.where.offset + 1, reset, sc,
               std::string(to_string(d.level)).c_str(), static_cast<int>(to_string(d.code).size()),
               to_string(d.code).data(), reset, msg.c_str(),
               rule ? static_cast<int>(rule->cite.size()) : 0, rule ? rule->cite.data() : "");
  // Source line with the offending characters underlined. Every byte terminal_safe() would
  // escape is shown as one '?' so that the carets stay aligned and nothing reaches the
  // terminal raw.
  if (!input.empty() && d.where.offset <= input.size()) {
    std::string shown(input);
    for (std::size_t i = 0; i < shown.size();) {
      const auto c = static_cast<unsigned char>(shown[i]);
      const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      const std::string_view seq = std::string_view(shown).substr(i, len);
      if (seq.size() == len && terminal_safe(seq) == seq) {
        i += len;
      } else {
        shown[i++] = '?';
      }
    }
    // One caret cell per character, not per byte: UTF-8 continuation bytes take no column.
    auto cells = [&](std::size_t from, std::size_t to, char fill, std::string& dst) {
      for (std::size_t i = from; i < to && i < shown.size(); ++i) {
        const auto c = static_cast<unsigned char>(shown[i]);
        if ((c & 0xC0) == 0x80) continue;
        dst += (shown[i] == '\t' && fill == ' ') ? '\t' : fill;
      }
    };
    std::string under;
    cells(0, d.where.offset, ' ', under);
    std::string marks;
    cells(d.where.offset, d.where.offset + d.where.length, '~', marks);
    if (marks.empty()) marks = "~";
    marks[0] = '^';
    under += marks;
    std::fprintf(out, "    %s\n    %s%s%s\n", shown.c_str(), sc, under.c_str(), reset);
  }
  std::string help = !d.fix.empty() ? d.fix : (rule ? std::string(rule->hint) : std::string());
  if (!help.empty()) std::fprintf(out, "    = help: %s\n", terminal_safe(help).c_str());
}

}  // namespace svcname::cli
