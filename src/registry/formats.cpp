// The table of registry formats and content-based detection.
#include <array>
#include <fstream>
#include <sstream>

#include "svcname/chars.h"
#include "svcname/registry/readers.h"

namespace svcname::registry {
namespace {

int sniff_xml(std::string_view b) {
  const auto head = b.substr(0, 4096);
  if (head.find("<registry") != std::string_view::npos &&
      head.find("service-names-port-numbers") != std::string_view::npos)
    return 100;
  const auto t = chars::trim(head);
  return (!t.empty() && t.front() == '<') ? 10 : 0;
}

int sniff_csv(std::string_view b) {
  if (b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
  if (b.rfind("Service Name,Port Number,", 0) == 0) return 100;
  const auto nl = b.find('\n');
  const auto first = b.substr(0, nl);
  return first.find(',') != std::string_view::npos && first.find('<') == std::string_view::npos ? 5 : 0;
}

// Add one line per format; order = the order they are tried when no sniffer is sure.
constexpr std::array formats{
    format_info{"xml", "IANA XML (service-names-port-numbers.xml)", &parse_xml, &sniff_xml},
    format_info{"csv", "IANA CSV (service-names-port-numbers.csv)", &parse_csv, &sniff_csv},
};

}  // namespace

std::span<const format_info> known_formats() noexcept { return formats; }

result<snapshot, load_error> load_snapshot(const std::string& path, std::string_view format) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return fail(load_error{path, 0, 0, "cannot open the file"});
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) return fail(load_error{path, 0, 0, "read error"});
  const std::string bytes = ss.str();
  if (bytes.empty()) return fail(load_error{path, 0, 0, "the file is empty"});

  if (format != "auto") {
    for (const auto& fi : known_formats())
      if (fi.name == format) return fi.read(bytes, path);
    std::string names;
    for (const auto& fi : known_formats()) names += (names.empty() ? "" : ", ") + std::string(fi.name);
    return fail(load_error{path, 0, 0, "unknown format '" + std::string(format) + "' (known: " + names + ")"});
  }
  // Detection by content: the most confident sniffer's reader decides; if it fails and no
  // sniffer was sure, every plausible reader is tried and each failure reported.
  const format_info* best = nullptr;
  int best_score = 0;
  for (const auto& fi : known_formats()) {
    const int s = fi.sniff(bytes);
    if (s > best_score) best = &fi, best_score = s;
  }
  if (best && best_score >= 100) return best->read(bytes, path);
  std::string why;
  for (const auto& fi : known_formats()) {
    if (fi.sniff(bytes) == 0) {
      why += "\n  " + std::string(fi.name) + ": content does not look like " + std::string(fi.describe);
      continue;
    }
    auto r = fi.read(bytes, path);
    if (r) return r;
    why += "\n  " + std::string(fi.name) + ": " + r.error().to_string();
  }
  return fail(load_error{path, 0, 0, "not in any known registry format; tried:" + why +
                                         "\n  (use --format to force one)"});
}

}  // namespace svcname::registry
