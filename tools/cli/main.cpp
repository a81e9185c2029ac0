// svcname: make DNS-SD service names trustworthy. Entry point: global options, then the
// command that each cmd_*.cpp registered.
#include <algorithm>
#include <cstdio>

#include "command.h"

namespace svcname::cli {

std::vector<std::pair<int, setup_fn>>& commands() {
  static std::vector<std::pair<int, setup_fn>> c;
  return c;
}

command_registration::command_registration(int order, setup_fn fn) {
  commands().emplace_back(order, fn);
}

}  // namespace svcname::cli

int main(int argc, char** argv) {
  using namespace svcname::cli;
  CLI::App app{
      "svcname: checks DNS-SD service names, service types, instance names and TXT records\n"
      "against RFC 6335, RFC 6763 and the IANA service-name registry.\n\n"
      "Examples:\n"
      "  svcname check _ipp._tcp            registry facts and syntax findings\n"
      "  svcname check 'my--svc'            fails: adjacent hyphens (RFC 6335 §5.1)\n"
      "  svcname registry show 631/tcp      what IANA has for a port\n"
      "  svcname registry update --from FILE|URL   install a registry snapshot\n",
      "svcname"};
  app.set_version_flag("--version", std::string("svcname ") + SVCNAME_VERSION);
  state st;
  app.add_option("--registry", st.g.registry_path,
                 "IANA registry file to use (XML or CSV); default: $SVCNAME_REGISTRY, then the "
                 "snapshot installed by 'svcname registry update'");
  app.add_option("--cache-dir", st.g.cache_dir,
                 "where the compact registry index is kept (default $XDG_CACHE_HOME/svcname; '-' "
                 "for none)");
  app.add_option("--color", st.g.color, "colour output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", st.g.quiet, "no notes on standard error");
  app.require_subcommand(1);
  auto& cmds = commands();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (auto& [order, fn] : cmds) fn(app, st);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help/version or the error
    return rc == 0 ? exit_ok : exit_usage;  // CLI11's own codes are 100+; usage errors are 2
  }
  if (!st.action) return exit_usage;
  try {
    return st.action();
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "svcname: out of memory\n");
    return exit_io;
  }
}
