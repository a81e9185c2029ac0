// svcname check NAME…: syntax findings and registry facts for service names, types,
// subtype types and full service-instance names.
#include <nlohmann/json.hpp>

#include <iostream>

#include "command.h"
#include "json_out.h"
#include "svcname/check.h"

namespace svcname::cli {
namespace {

struct check_opts {
  std::vector<std::string> names;
  bool json = false;
  std::string fail_on = "error";
  std::string protocol;
  bool no_suggest = false;
};

// A registered name's "registered" note is a fact, not a problem: it never fails a run.
bool counts(const diagnostic& d, std::optional<severity> fail_on) {
  return fail_on && d.code != diag_code::name_registered && d.level >= *fail_on;
}

int run(const check_opts& o, const globals& g) {
  std::vector<std::string> names = o.names;
  if (names.size() == 1 && names[0] == "-") {  // one name per line on standard input
    names.clear();
    for (std::string line; std::getline(std::cin, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();  // a file saved with CRLF
      if (!line.empty() && line[0] != '#') names.push_back(line);
    }
  }
  bool io_error = false;
  auto reg = load_registry(g, io_error);
  if (io_error) return exit_io;
  check_options opt;
  opt.reg = reg ? &*reg : nullptr;
  opt.suggest = !o.no_suggest;
  if (!o.protocol.empty()) opt.protocol = o.protocol;
  const auto fail_on = parse_fail_on(o.fail_on);
  const bool color = use_color(g);

  std::size_t errors = 0, warnings = 0, notes = 0;
  bool failed = false;
  nlohmann::json out_results = nlohmann::json::array();
  for (const auto& n : names) {
    const auto res = check_name(n, opt);
    for (const auto& d : res.findings.items) {
      (d.level == severity::error ? errors : d.level == severity::warning ? warnings : notes)++;
      if (counts(d, fail_on)) failed = true;
    }
    if (o.json) {
      nlohmann::json j{{"input", n}, {"kind", std::string(to_string(res.kind))}, {"service", res.service}};
      const auto& nm = res.parsed.name;
      if (res.kind != input_kind::bare_name && nm.proto_where.length)
        j["protocol"] = std::string(to_string(nm.proto));
      if (nm.instance) j["instance"] = escape_label(nm.instance->bytes);
      if (nm.subtype) j["subtype"] = escape_label(nm.subtype->bytes);
      if (!nm.domain.empty()) j["domain"] = nm.domain_string();
      j["registered"] = reg ? nlohmann::json(!res.records.empty()) : nlohmann::json(nullptr);
      j["legacy"] = res.legacy;
      nlohmann::json recs = nlohmann::json::array();
      for (const auto& r : res.records) {
        nlohmann::json rj{{"name", std::string(r.name())},
                          {"protocol", std::string(r.protocol())},
                          {"description", std::string(r.description())}};
        if (auto p = r.ports()) {
          rj["port"] = p->first;
          if (p->last != p->first) rj["port_last"] = p->last;
        } else {
          rj["port"] = nullptr;
        }
        recs.push_back(std::move(rj));
      }
      j["records"] = std::move(recs);
      j["suggestions"] = res.suggestions;
      nlohmann::json fs = nlohmann::json::array();
      for (const auto& d : res.findings.items) fs.push_back(finding_json(d, true));
      j["findings"] = std::move(fs);
      out_results.push_back(std::move(j));
    } else {
      if (res.findings.items.empty())
        std::printf("%s: ok (%s)\n", terminal_safe(n).c_str(), std::string(to_string(res.kind)).c_str());
      for (const auto& d : res.findings.items) print_finding(n, n, d, color);
    }
  }
  if (o.json) {
    nlohmann::json doc;
    doc["registry"] = reg ? nlohmann::json{{"source", reg->info().source}, {"updated", std::string(reg->updated())}}
                          : nlohmann::json(nullptr);
    doc["results"] = std::move(out_results);
    doc["summary"] = {{"checked", names.size()}, {"errors", errors}, {"warnings", warnings}, {"notes", notes},
                      {"failed", failed}};
    std::cout << json_text(doc) << "\n";
  } else if (names.size() > 1 || errors || warnings) {
    std::printf("%zu checked: %zu error(s), %zu warning(s), %zu note(s)\n", names.size(), errors, warnings,
                notes);
  }
  return failed ? exit_findings : exit_ok;
}

void setup(CLI::App& app, state& st) {
  auto o = std::make_shared<check_opts>();
  auto* c = app.add_subcommand(
      "check",
      "Check service names, service types and instance names.\n"
      "Accepts bare names (http), service types (_ipp._tcp, _sip._udp.example.com.), subtype types\n"
      "(_printer._sub._http._tcp.local.) and full instance names ('Lab Printer._ipp._tcp.local.').\n"
      "Reports every RFC 6335 §5.1 / RFC 6763 rule broken, plus registry facts: registered ports\n"
      "and transports, not registered (with did-you-mean), wrong transport, legacy names.\n"
      "Each finding is one compiler-style line, NAME:COLUMN: severity[rule-id]: what (RFC section),\n"
      "then the name with the offending characters underlined and '= help:' how to fix it;\n"
      "'svcname rules' lists every rule. Bytes that could drive a terminal are shown as \\xHH.\n"
      "Exit status: 0 clean, 1 findings at or above --fail-on (default: error), 2 usage,\n"
      "3 the registry given could not be read.\n"
      "Examples:\n"
      "  svcname check _ipp._tcp\n"
      "  svcname check 'my--svc' --json\n"
      "  printf 'http\\nftp\\n' | svcname check -");
  c->add_option("names", o->names, "names to check ('-' reads one per line from standard input)")->required();
  c->add_flag("--json", o->json, "machine-readable output (one JSON document)");
  c->add_option("--fail-on", o->fail_on, "lowest severity that makes the exit status 1: note, warning, error, none")
      ->check(CLI::IsMember({"note", "warning", "error", "none"}))
      ->capture_default_str();
  c->add_option("--protocol", o->protocol, "transport the bare names are used with (tcp, udp, sctp, dccp)");
  c->add_flag("--no-suggest", o->no_suggest, "no did-you-mean suggestions");
  c->callback([o, &st] { st.action = [o, &st] { return run(*o, st.g); }; });
}

const command_registration reg{10, &setup};

}  // namespace
}  // namespace svcname::cli
