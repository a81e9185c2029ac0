// svcname rules: every finding svcname can report, with its stable id, number, default
// severity, the RFC section it enforces and how to fix it (--markdown for the README table).
#include <nlohmann/json.hpp>

#include <iostream>

#include "command.h"

namespace svcname::cli {
namespace {

struct rules_opts {
  bool json = false;
  bool markdown = false;
};

int run(const rules_opts& o) {
  const auto rules = all_rules();
  if (o.json) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto* r : rules)
      a.push_back({{"id", std::string(r->id)}, {"number", static_cast<int>(r->code)},
                   {"severity", std::string(to_string(r->default_level))}, {"rule", std::string(r->cite)},
                   {"url", std::string(r->url)}, {"summary", std::string(r->summary)}, {"hint", std::string(r->hint)}});
    std::cout << a.dump(2) << "\n";
    return exit_ok;
  }
  if (o.markdown) {
    std::printf("| id | # | severity | rule | what it means |\n|---|---|---|---|---|\n");
    for (const auto* r : rules)
      std::printf("| `%.*s` | %d | %s | [%.*s](%.*s) | %.*s |\n", static_cast<int>(r->id.size()), r->id.data(),
                  static_cast<int>(r->code), std::string(to_string(r->default_level)).c_str(),
                  static_cast<int>(r->cite.size()), r->cite.data(), static_cast<int>(r->url.size()), r->url.data(),
                  static_cast<int>(r->summary.size()), r->summary.data());
    return exit_ok;
  }
  for (const auto* r : rules)
    std::printf("%-26.*s %3d  %-7s %-18.*s %.*s\n", static_cast<int>(r->id.size()), r->id.data(),
                static_cast<int>(r->code), std::string(to_string(r->default_level)).c_str(),
                static_cast<int>(r->cite.size()), r->cite.data(), static_cast<int>(r->summary.size()),
                r->summary.data());
  return exit_ok;
}

void setup(CLI::App& app, state& st) {
  auto o = std::make_shared<rules_opts>();
  auto* c = app.add_subcommand("rules",
                               "List every finding svcname reports: stable id, number, default severity, RFC "
                               "section.\nExample: svcname rules --json");
  c->add_flag("--json", o->json, "machine-readable list");
  c->add_flag("--markdown", o->markdown, "a markdown table (as in the README)");
  c->callback([o, &st] { st.action = [o] { return run(*o); }; });
}

const command_registration reg{90, &setup};

}  // namespace
}  // namespace svcname::cli
