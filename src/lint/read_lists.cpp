// Line formats: /etc/services (services(5): "name port/protocol [aliases...] [# comment]")
// and plain lists (one service name, "name/proto" or DNS-SD name per line, '#' comments).
#include "lint/context.h"
#include "svcname/chars.h"

namespace svcname::lint::detail {
namespace {

struct word {
  std::string_view text;
  std::size_t offset;
};

/// Splits one line (comment already cut) into white-space separated words.
std::vector<word> words(std::string_view line, std::size_t base) {
  std::vector<word> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const auto start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(word{line.substr(start, i - start), base + start});
  }
  return out;
}

template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    auto line = text.substr(pos, eol - pos);
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    f(line, pos);
    pos = eol + 1;
  }
}

}  // namespace

void read_services(file_ctx& ctx) {
  for_each_line(ctx.text(), [&](std::string_view line, std::size_t base) {
    const auto w = words(line, base);
    if (w.empty()) return;
    if (w.size() < 2) {
      ctx.parse_error(w[0].offset, "expected 'name port/protocol [aliases...]'");
      return;
    }
    const auto pp = w[1].text;
    const auto slash = pp.find('/');
    if (slash == std::string_view::npos || slash + 1 >= pp.size()) {
      ctx.parse_error(w[1].offset, "expected 'port/protocol' such as '631/tcp'");
      return;
    }
    (void)ctx.check_port(pp.substr(0, slash), w[1].offset);
    const auto proto = pp.substr(slash + 1);
    // The official name and every alias is a service name (RFC 6335 §5.1).
    ctx.check_bare(w[0].text, w[0].offset, proto, false);
    for (std::size_t i = 2; i < w.size(); ++i) ctx.check_bare(w[i].text, w[i].offset, proto, false);
  });
}

void read_list(file_ctx& ctx) {
  for_each_line(ctx.text(), [&](std::string_view line, std::size_t base) {
    for (const auto& w : words(line, base)) {
      const auto t = w.text;
      if (t.front() == '_' || t.find('.') != std::string_view::npos) {
        ctx.check_type(t, w.offset);  // DNS-SD: type, subtype type or instance name
      } else if (const auto slash = t.find('/'); slash != std::string_view::npos) {
        ctx.check_bare(t.substr(0, slash), w.offset, t.substr(slash + 1), false);
      } else {
        ctx.check_bare(t, w.offset, "", false);
      }
    }
  });
}

}  // namespace svcname::lint::detail
