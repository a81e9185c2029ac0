#pragma once
// CLI plumbing shared by every command: registration, global options, exit codes,
// registry loading and the human/JSON rendering of findings.
#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "svcname/diagnostic.h"
#include "svcname/registry/registry.h"

namespace svcname::cli {

/// Exit codes (README "Exit codes"): 0 clean, 1 findings at or above --fail-on, 2 usage, 3 I/O.
inline constexpr int exit_ok = 0;
inline constexpr int exit_findings = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_io = 3;

/// Options every command sees.
struct globals {
  std::string registry_path;  ///< --registry FILE (else $SVCNAME_REGISTRY, else the data dir)
  std::string cache_dir;      ///< --cache-dir DIR ("-" disables the on-disk index)
  std::string color = "auto"; ///< --color auto|always|never
  bool quiet = false;         ///< --quiet: no notes on stderr
};

/// What a command's parse callback leaves behind: the action to run.
struct state {
  globals g;
  std::function<int()> action;
};

using setup_fn = void (*)(CLI::App& app, state& st);

/// Each cmd_*.cpp defines `static const command_registration reg{order, &setup};`.
struct command_registration {
  command_registration(int order, setup_fn fn);
};
/// Registered commands in order.
std::vector<std::pair<int, setup_fn>>& commands();

/// Where the registry would be read from, and why ("--registry", "SVCNAME_REGISTRY", "default").
struct registry_choice {
  std::string path;
  std::string origin;
};
registry_choice choose_registry(const globals& g);

/// Loads the registry. Returns nullopt when none is configured (after printing, once, how to
/// get one, unless quiet) or when it cannot be read (then @p io_error is set and the error printed).
std::optional<registry::registry> load_registry(const globals& g, bool& io_error);

/// True when colour should be used on stdout.
bool use_color(const globals& g);

/// Renders one finding compiler-style:
///   <subject>:<col>: <severity>[<id>]: <summary>: <detail> (<cite>)
///     <input line>
///     ^~~~
///     = help: <fix or hint>
void print_finding(std::string_view subject, std::string_view input, const diagnostic& d,
                   bool color, std::FILE* out = stdout);

/// @p s with every byte that could drive a terminal (C0/C1 controls, DEL, bytes outside valid
/// UTF-8) written as \xHH; printable ASCII and other valid UTF-8 are kept.
std::string terminal_safe(std::string_view s);

/// Parses --fail-on (note|warning|error|none); nullopt means "never fail".
std::optional<severity> parse_fail_on(std::string_view v);

}  // namespace svcname::cli

namespace svcname::cli {

/// Extra sections for `svcname registry show NAME` (e.g. the TXT-key spec). Each hook gets the
/// name and either appends to @p json (when not null) or prints human text to stdout.
using show_hook = void (*)(std::string_view name, const registry::registry* reg, void* json);
std::vector<show_hook>& registry_show_hooks();

/// The `registry` command, so that other cmd_*.cpp files can add subcommands to it
/// (register with an order above 20 and call app.get_subcommand("registry")).
inline constexpr int registry_command_order = 20;

}  // namespace svcname::cli
