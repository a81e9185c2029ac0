// Renderers for `svcname lint` findings.
#include "lint_output.h"

#include <nlohmann/json.hpp>

#include <cinttypes>
#include <map>

#include "svcname/chars.h"

namespace svcname::cli::lint_out {
namespace {

std::string message_of(const lint::finding& f) {
  const auto* r = rule_of(f.diag.code);
  std::string m(r ? r->summary : "finding");
  if (!f.diag.detail.empty()) m += ": " + f.diag.detail;
  return m;
}

std::string help_of(const lint::finding& f) {
  const auto* r = rule_of(f.diag.code);
  return !f.diag.fix.empty() ? f.diag.fix : (r ? std::string(r->hint) : std::string());
}

bool counted(const lint::file_report& f) { return f.format != lint::file_format::unknown || !f.findings.empty(); }

const char* sev_color(severity s) {
  switch (s) {
    case severity::error: return "\033[1;31m";
    case severity::warning: return "\033[1;35m";
    case severity::note: return "\033[1;36m";
  }
  return "";
}

/// Source line safe for a terminal: control bytes shown as '?'.
std::string printable(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) c = '?';
  return out;
}

/// Spaces (tabs kept) up to code-point column @p col of @p line.
std::string pad_to(std::string_view line, std::uint32_t col) {
  std::string pad;
  std::uint32_t cp = 1;
  for (std::size_t i = 0; i < line.size() && cp < col; ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0U) == 0x80U) continue;
    pad += line[i] == '\t' ? '\t' : ' ';
    ++cp;
  }
  while (cp++ < col) pad += ' ';
  return pad;
}

std::string sarif_level(severity s) {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
  }
  return "error";
}

/// "name-too-long" -> "NameTooLong" (SARIF reportingDescriptor.name).
std::string pascal(std::string_view id) {
  std::string out;
  bool up = true;
  for (const char c : id) {
    if (c == '-') {
      up = true;
      continue;
    }
    out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    up = false;
  }
  return out;
}

/// Percent-encodes a path for a URI (RFC 3986: unreserved characters and '/' stay).
std::string uri_path(std::string_view p) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : p) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string with_period(std::string s) {
  if (!s.empty() && s.back() != '.' && s.back() != '?' && s.back() != '!') s += '.';
  return s;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters other than tab, LF and CR.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

/// GitHub workflow commands: data escapes %, CR, LF; properties also ':' and ','.
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  for (const char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string location(const lint::file_report& f, const lint::finding& x) {
  return f.path + ":" + std::to_string(x.line) + ":" + std::to_string(x.column);
}

}  // namespace

totals count(const run_info& r) {
  totals t;
  for (const auto& f : *r.reports) {
    if (!counted(f)) continue;
    ++t.files;
    t.names += f.names;
    t.suppressed += f.suppressed;
    if (f.io_error) t.io_error = true;
    for (const auto& x : f.findings) {
      (x.diag.level == severity::error ? t.errors : x.diag.level == severity::warning ? t.warnings : t.notes)++;
      if (r.fail_on && x.diag.level >= *r.fail_on) ++t.failing;
    }
  }
  return t;
}

std::string summary_line(const totals& t) {
  auto plural = [](std::size_t n, const char* w) {
    return std::to_string(n) + " " + w + (n == 1 ? "" : "s");
  };
  std::string s = "svcname lint: " + plural(t.files, "file") + ", " + plural(t.names, "name") +
                  " checked: " + plural(t.errors, "error") + ", " + plural(t.warnings, "warning") +
                  ", " + plural(t.notes, "note");
  if (t.suppressed) s += " (" + std::to_string(t.suppressed) + " suppressed)";
  return s;
}

void write_human(const run_info& r, bool color, std::FILE* out) {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  for (const auto& f : *r.reports) {
    for (const auto& x : f.findings) {
      const auto* rule = rule_of(x.diag.code);
      const char* sc = color ? sev_color(x.diag.level) : "";
      std::fprintf(out, "%s%s:%s %s%s[%s]%s: %s (%s)\n", bold, location(f, x).c_str(), reset, sc,
                   std::string(to_string(x.diag.level)).c_str(),
                   std::string(to_string(x.diag.code)).c_str(), reset, message_of(x).c_str(),
                   rule ? std::string(rule->cite).c_str() : "");
      if (!x.source_line.empty()) {
        const auto shown = printable(x.source_line);
        const auto width = x.end_column > x.column ? x.end_column - x.column : 1;
        std::string under = pad_to(shown, x.column) + "^";
        if (width > 1) under += std::string(width - 1, '~');
        std::fprintf(out, "    %s\n    %s%s%s\n", shown.c_str(), sc, under.c_str(), reset);
      }
      if (const auto h = help_of(x); !h.empty()) std::fprintf(out, "    = help: %s\n", h.c_str());
    }
  }
}

std::string fingerprint(const lint::file_report& f, const lint::finding& x) {
  // FNV-1a 64 over fields that survive unrelated edits (not the line number).
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  };
  std::string_view line = x.source_line;
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  mix(to_string(x.diag.code));
  mix(f.path);
  mix(line);
  mix(x.subject);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
  return buf;
}

std::string to_json(const run_info& r) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : *r.reports) {
    if (!counted(f)) continue;
    nlohmann::json fs = nlohmann::json::array();
    for (const auto& x : f.findings) {
      const auto* rule = rule_of(x.diag.code);
      fs.push_back({{"rule", std::string(to_string(x.diag.code))},
                    {"code", static_cast<int>(x.diag.code)},
                    {"severity", std::string(to_string(x.diag.level))},
                    {"line", x.line},
                    {"column", x.column},
                    {"end_column", x.end_column},
                    {"message", rule ? std::string(rule->summary) : ""},
                    {"detail", x.diag.detail},
                    {"fix", help_of(x)},
                    {"cite", rule ? std::string(rule->cite) : ""},
                    {"url", rule ? std::string(rule->url) : ""},
                    {"subject", x.subject},
                    {"fingerprint", fingerprint(f, x)}});
    }
    files.push_back({{"path", f.path},
                     {"format", std::string(to_string(f.format))},
                     {"bytes", f.bytes},
                     {"names", f.names},
                     {"suppressed", f.suppressed},
                     {"findings", std::move(fs)}});
  }
  const auto t = count(r);
  nlohmann::json doc{
      {"version", 1},
      {"tool", {{"name", "svcname"}, {"version", r.version}}},
      {"registry", r.registry_source.empty()
                       ? nlohmann::json(nullptr)
                       : nlohmann::json{{"source", r.registry_source}, {"updated", r.registry_updated}}},
      {"files", std::move(files)},
      {"summary",
       {{"files", t.files}, {"names", t.names}, {"errors", t.errors}, {"warnings", t.warnings},
        {"notes", t.notes}, {"suppressed", t.suppressed}, {"failed", t.failing > 0}}}};
  return doc.dump(2) + "\n";
}

std::string to_sarif(const run_info& r) {
  // Every rule svcname knows, so that results can refer to them by index (SARIF §3.52).
  const auto rules = all_rules();
  std::map<diag_code, std::size_t> index;
  nlohmann::json jrules = nlohmann::json::array();
  for (const auto* rule : rules) {
    index[rule->code] = jrules.size();
    const std::string cite(rule->cite), url(rule->url);
    std::string help = with_period(std::string(rule->hint.empty() ? rule->summary : rule->hint));
    nlohmann::json jr{
        {"id", std::string(rule->id)},
        {"name", pascal(rule->id)},
        {"shortDescription", {{"text", with_period(std::string(rule->summary))}}},
        {"fullDescription", {{"text", with_period(std::string(rule->summary)) + " Rule: " + cite + "."}}},
        {"help",
         {{"text", url.empty() ? help + " (" + cite + ")" : help + " See " + cite + ": " + url},
          {"markdown", url.empty() ? help + " (" + cite + ")" : help + " See [" + cite + "](" + url + ")."}}},
        {"defaultConfiguration", {{"level", sarif_level(rule->default_level)}}},
        {"properties", {{"cite", cite}, {"tags", nlohmann::json::array({"dns-sd", "service-name"})}}}};
    if (url.starts_with("http")) jr["helpUri"] = url;
    // SARIF §3.49.7: 'name' is for people; omit it when it would only repeat the id
    // (a one-word id such as "unresolved"; the validator compares case-insensitively).
    if (chars::iequals(jr["name"].get<std::string>(), rule->id)) jr.erase("name");
    jrules.push_back(std::move(jr));
  }
  nlohmann::json results = nlohmann::json::array();
  nlohmann::json artifacts = nlohmann::json::array();
  const std::string srcroot = "SRCROOT";
  for (const auto& f : *r.reports) {
    if (!counted(f)) continue;
    nlohmann::json art_loc;
    if (!f.path.empty() && f.path.front() == '/') art_loc = {{"uri", "file://" + uri_path(f.path)}};
    else art_loc = {{"uri", uri_path(f.path)}, {"uriBaseId", srcroot}};
    const auto art_index = artifacts.size();
    artifacts.push_back({{"location", art_loc}, {"length", f.bytes}});
    for (const auto& x : f.findings) {
      const auto* rule = rule_of(x.diag.code);
      nlohmann::json loc = art_loc;
      loc["index"] = art_index;
      nlohmann::json region{{"startLine", x.line}, {"startColumn", x.column}, {"endLine", x.line},
                            {"endColumn", x.end_column}};
      if (!x.subject.empty()) region["snippet"] = {{"text", x.subject}};
      nlohmann::json res{
          {"ruleId", std::string(to_string(x.diag.code))},
          {"level", sarif_level(x.diag.level)},
          {"message", {{"text", with_period(message_of(x) + " (" + (rule ? std::string(rule->cite) : "") + ")")}}},
          {"locations", nlohmann::json::array({{{"physicalLocation", {{"artifactLocation", loc}, {"region", region}}}}})},
          {"partialFingerprints", {{"svcnameFinding/v1", fingerprint(f, x)}}}};
      if (const auto it = index.find(x.diag.code); it != index.end()) res["ruleIndex"] = it->second;
      if (const auto h = help_of(x); !h.empty()) res["properties"] = {{"fix", h}};
      results.push_back(std::move(res));
    }
  }
  nlohmann::json driver{{"name", "svcname"},
                        {"fullName", "svcname lint: DNS-SD service names in configuration files"},
                        {"version", r.version},
                        {"semanticVersion", r.version},
                        {"rules", std::move(jrules)}};
  std::string root = r.cwd;
  if (root.empty() || root.back() != '/') root += '/';
  nlohmann::json run{
      {"tool", {{"driver", std::move(driver)}}},
      {"originalUriBaseIds", {{srcroot, {{"uri", "file://" + uri_path(root)}}}}},
      {"artifacts", std::move(artifacts)},
      {"columnKind", "unicodeCodePoints"},
      {"invocations", nlohmann::json::array({{{"executionSuccessful", !count(r).io_error}}})},
      {"results", std::move(results)}};
  if (!r.registry_source.empty())
    run["properties"] = {{"registry", {{"source", r.registry_source}, {"updated", r.registry_updated}}}};
  nlohmann::json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                     {"version", "2.1.0"},
                     {"runs", nlohmann::json::array({std::move(run)})}};
  return doc.dump(2) + "\n";
}

std::string to_github(const run_info& r) {
  std::string out;
  for (const auto& f : *r.reports) {
    for (const auto& x : f.findings) {
      const auto* rule = rule_of(x.diag.code);
      const char* cmd = x.diag.level == severity::error     ? "error"
                        : x.diag.level == severity::warning ? "warning"
                                                            : "notice";
      out += std::string("::") + cmd + " file=" + gh_escape(f.path, true) +
             ",line=" + std::to_string(x.line) + ",endLine=" + std::to_string(x.line) +
             ",col=" + std::to_string(x.column) + ",endColumn=" + std::to_string(x.end_column) +
             ",title=" + gh_escape("svcname " + std::string(to_string(x.diag.code)), true) + "::" +
             gh_escape(message_of(x) + " (" + (rule ? std::string(rule->cite) : "") + ")" +
                           (help_of(x).empty() ? "" : "\nhelp: " + help_of(x)),
                       false) +
             "\n";
    }
  }
  return out;
}

std::string to_junit(const run_info& r) {
  // One test case per linted file; findings at or above --fail-on are failures.
  std::string cases;
  std::size_t tests = 0, failures = 0;
  for (const auto& f : *r.reports) {
    if (!counted(f)) continue;
    ++tests;
    std::string fail_text, other;
    std::size_t n_fail = 0;
    for (const auto& x : f.findings) {
      const auto* rule = rule_of(x.diag.code);
      const std::string line = location(f, x) + ": " + std::string(to_string(x.diag.level)) + "[" +
                               std::string(to_string(x.diag.code)) + "]: " + message_of(x) + " (" +
                               (rule ? std::string(rule->cite) : "") + ")\n";
      if (r.fail_on && x.diag.level >= *r.fail_on) {
        fail_text += line;
        ++n_fail;
      } else {
        other += line;
      }
    }
    cases += "    <testcase classname=\"svcname.lint\" name=\"" + xml_escape(f.path) + "\">\n";
    if (n_fail) {
      ++failures;
      cases += "      <failure message=\"" + std::to_string(n_fail) + " finding(s)\" type=\"svcname-lint\">" +
               xml_escape(fail_text) + "</failure>\n";
    }
    if (!other.empty()) cases += "      <system-out>" + xml_escape(other) + "</system-out>\n";
    cases += "    </testcase>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"svcname lint\" tests=\"" +
         std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
         "\">\n  <testsuite name=\"svcname lint\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" skipped=\"0\">\n" + cases +
         "  </testsuite>\n</testsuites>\n";
}

}  // namespace svcname::cli::lint_out
