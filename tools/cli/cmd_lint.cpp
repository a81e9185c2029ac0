// svcname lint [PATH…]: finds every service name in configuration files and checks it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "command.h"
#include "lint_output.h"
#include "svcname/lint/config.h"
#include "svcname/lint/txt.h"
#include "svcname/txt/spec.h"
#include "svcname/lint/walk.h"

namespace svcname::cli {
namespace {

namespace fs = std::filesystem;

struct lint_opts {
  std::vector<std::string> paths;
  std::vector<std::string> formats;   ///< input and/or output formats
  std::vector<std::string> excludes;
  std::vector<std::string> allow;
  std::string fail_on;                ///< "" = from the config, else "error"
  std::string config_path;
  std::string output;
  bool no_config = false;
  bool init = false;
  bool list_rules = false;
  unsigned jobs = 0;
};

constexpr std::string_view output_formats[] = {"human", "json", "sarif", "github", "junit"};

bool is_output_format(std::string_view f) {
  for (auto o : output_formats)
    if (o == f) return true;
  return false;
}

/// Writes @p text to @p path through a temporary file and a rename, so a reader never sees
/// half a report.
bool write_atomic(const std::string& path, std::string_view text, std::string& err) {
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
    // /dev/null, /dev/stdout, a FIFO: write into it; renaming over it would replace it.
    std::ofstream o(path, std::ios::binary);
    o.write(text.data(), static_cast<std::streamsize>(text.size()));
    o.flush();
    if (!o) err = "cannot write " + path;
    return static_cast<bool>(o);
  }
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    if (!o) {
      err = "cannot create " + tmp + ": " + std::strerror(errno);
      return false;
    }
    o.write(text.data(), static_cast<std::streamsize>(text.size()));
    o.close();
    if (!o) {
      err = "cannot write " + tmp;
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    err = "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

int run_init() {
  const std::string path(lint::config_file_name);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::fprintf(stderr,
                 "svcname: error: %s already exists; not overwriting it.\n"
                 "  edit it, or delete it and run 'svcname lint --init' again\n",
                 path.c_str());
    return exit_usage;
  }
  // Temporary file, then link(): fails with EEXIST instead of replacing a file created
  // meanwhile, and never leaves half a file under the real name.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    const auto text = lint::starter_config();
    o.write(text.data(), static_cast<std::streamsize>(text.size()));
    o.close();
    if (!o) {
      std::fprintf(stderr, "svcname: error: cannot write %s: %s\n", tmp.c_str(), std::strerror(errno));
      std::remove(tmp.c_str());
      return exit_io;
    }
  }
  const int rc = ::link(tmp.c_str(), path.c_str());
  const int saved = errno;
  std::remove(tmp.c_str());
  if (rc != 0) {
    std::fprintf(stderr, "svcname: error: cannot create %s: %s\n", path.c_str(), std::strerror(saved));
    return saved == EEXIST ? exit_usage : exit_io;
  }
  std::printf("wrote %s: a commented starter configuration for 'svcname lint'\n", path.c_str());
  return exit_ok;
}

int run_list_rules() {
  for (const auto* r : all_rules())
    std::printf("%-28.*s %-7s %.*s\n    %.*s\n", static_cast<int>(r->id.size()), r->id.data(),
                std::string(to_string(r->default_level)).c_str(), static_cast<int>(r->cite.size()),
                r->cite.data(), static_cast<int>(r->summary.size()), r->summary.data());
  return exit_ok;
}

int run(const lint_opts& o, globals g) {
  if (o.init) return run_init();
  if (o.list_rules) return run_list_rules();

  // --format: an input format, an output format, or one of each.
  lint::walk_options w;
  std::string out_format = "human";
  for (const auto& f : o.formats) {
    if (is_output_format(f)) {
      out_format = f;
    } else if (auto in = lint::file_format_from_string(f)) {
      w.force = *in;
    } else {
      std::fprintf(stderr,
                   "svcname: error: unknown --format '%s'\n"
                   "  input formats: avahi, dnssd, kubernetes, zone, services, list\n"
                   "  output formats: human, json, sarif, github, junit\n",
                   f.c_str());
      return exit_usage;
    }
  }

  // Project file.
  std::error_code ec;
  const auto cwd = fs::current_path(ec);
  lint::config cfg;
  if (!o.no_config) {
    std::optional<fs::path> cpath;
    if (!o.config_path.empty()) cpath = fs::path(o.config_path);
    else cpath = lint::find_config(cwd);
    if (cpath) {
      std::ifstream in(*cpath, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "svcname: error: cannot read the configuration %s\n", cpath->c_str());
        return exit_io;
      }
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto parsed = lint::parse_config(text, cpath->string());
      if (!parsed) {
        std::fprintf(stderr, "svcname: error: bad configuration: %s\n",
                     parsed.error().to_string().c_str());
        return exit_usage;
      }
      cfg = std::move(*parsed);
    }
  }
  const fs::path cfg_dir =
      cfg.path.empty() ? cwd : fs::absolute(fs::path(cfg.path), ec).parent_path();
  for (const auto& e : cfg.exclude) w.excludes.add(e, cfg_dir);
  for (const auto& e : o.excludes) w.excludes.add(e, cwd);
  for (const auto& a : o.allow) cfg.allow.push_back(a);
  if (g.registry_path.empty() && !cfg.registry.empty()) {
    const fs::path rp(cfg.registry);
    g.registry_path = (rp.is_absolute() ? rp : cfg_dir / rp).string();
  }
  std::string fail_on_text = !o.fail_on.empty() ? o.fail_on : cfg.fail_on.value_or("error");
  const auto fail_on = parse_fail_on(fail_on_text);

  bool reg_io = false;
  auto reg = load_registry(g, reg_io);
  if (reg_io) return exit_io;

  lint::options opt;
  opt.reg = reg ? &*reg : nullptr;
  opt.cfg = &cfg;
  // TXT records go through the TXT layer: RFC 6763 §6, and the service's documented keys from
  // the curated catalog (built in, then the user's) or, failing that, the registry's notes.
  txt::catalog cat;
  if (auto r = cat.load_shipped(); !r)
    std::fprintf(stderr, "svcname: warning: built-in TXT-key catalog not used: %s\n", r.error().to_string().c_str());
  if (const auto dir = txt::user_catalog_dir(); !dir.empty())
    if (auto r = cat.load_dir(dir, true); !r)
      std::fprintf(stderr, "svcname: warning: user TXT-key catalog not used: %s\n", r.error().to_string().c_str());
  if (reg) lint::add_registry_txt_specs(cat, *reg);
  opt.txt_check = lint::make_txt_check(&cat);

  const auto paths = o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
  const auto targets = lint::collect_targets(paths, w);
  const auto reports = lint::lint_targets(targets, opt, o.jobs);

  lint_out::run_info info;
  info.reports = &reports;
  info.fail_on = fail_on;
  info.cwd = cwd.string();
  info.version = SVCNAME_VERSION;
  if (reg) {
    info.registry_source = reg->info().source;
    info.registry_updated = std::string(reg->updated());
  }
  const auto t = lint_out::count(info);

  std::string text;
  if (out_format == "json") text = lint_out::to_json(info);
  else if (out_format == "sarif") text = lint_out::to_sarif(info);
  else if (out_format == "github") text = lint_out::to_github(info);
  else if (out_format == "junit") text = lint_out::to_junit(info);

  if (out_format == "human") {
    if (o.output.empty()) {
      lint_out::write_human(info, use_color(g), stdout);
      std::printf("%s\n", lint_out::summary_line(t).c_str());
    } else {
      // Render into memory, then write atomically.
      char* buf = nullptr;
      std::size_t len = 0;
      FILE* mem = ::open_memstream(&buf, &len);
      if (!mem) return exit_io;
      lint_out::write_human(info, false, mem);
      std::fprintf(mem, "%s\n", lint_out::summary_line(t).c_str());
      std::fclose(mem);
      text.assign(buf, len);
      std::free(buf);  // NOLINT(cppcoreguidelines-no-malloc): open_memstream's buffer
    }
  } else if (!g.quiet) {
    std::fprintf(stderr, "%s\n", lint_out::summary_line(t).c_str());
  }
  if (!o.output.empty()) {
    std::string err;
    if (!write_atomic(o.output, text, err)) {
      std::fprintf(stderr, "svcname: error: %s\n", err.c_str());
      return exit_io;
    }
  } else if (out_format != "human") {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  if (t.io_error) return exit_io;
  return t.failing > 0 ? exit_findings : exit_ok;
}

void setup(CLI::App& app, state& st) {
  auto o = std::make_shared<lint_opts>();
  auto* c = app.add_subcommand(
      "lint",
      "Find every service name in configuration files and check it (RFC 6335 §5.1, RFC 6763,\n"
      "the IANA registry). Reads Avahi service files (*.service), systemd .dnssd files,\n"
      "Kubernetes manifests (*.yaml: container and Service port names, targetPort, appProtocol),\n"
      "DNS zone files (*.zone, db.*: SRV owners, DNS-SD PTR/SRV/TXT), /etc/services and name\n"
      "lists (*.svcnames). Directories are walked; files are linted in parallel.\n"
      "Settings come from .svcname.toml (searched upwards from the working directory).\n"
      "Silence one finding with a comment on its line or the line before:\n"
      "  # svcname: ignore[rule-id]   (';' in zone files, <!-- --> in Avahi XML)\n"
      "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 I/O error.\n"
      "Examples:\n"
      "  svcname lint                         lint the current directory\n"
      "  svcname lint deploy/ /etc/avahi/services --exclude 'vendor/'\n"
      "  svcname lint --format sarif --output svcname.sarif     for GitHub code scanning\n"
      "  svcname lint --format github         annotations in a GitHub Actions log\n"
      "  svcname lint --format zone db.example.com   force the input format\n"
      "  svcname lint --fail-on warning       unregistered names fail the build too\n"
      "  svcname lint --init                  write a commented .svcname.toml");
  c->add_option("paths", o->paths, "files and directories to lint (default: .)");
  c->add_option("--format", o->formats,
                "output format (human, json, sarif, github, junit) and/or input format forced on "
                "every file (avahi, dnssd, kubernetes, zone, services, list); repeat for both")
      ->allow_extra_args(false);
  c->add_option("--fail-on", o->fail_on,
                "lowest severity that makes the exit status 1: note, warning, error (default), none")
      ->check(CLI::IsMember({"note", "warning", "error", "none"}));
  c->add_option("--exclude", o->excludes, ".gitignore-style pattern of paths to skip (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--allow", o->allow, "service name to accept although unregistered (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--config", o->config_path, "project file to use instead of the nearest .svcname.toml");
  c->add_flag("--no-config", o->no_config, "ignore .svcname.toml files");
  c->add_option("-o,--output", o->output, "write the report to FILE (atomically) instead of standard output");
  c->add_option("-j,--jobs", o->jobs, "files linted in parallel (default: all cores)");
  c->add_flag("--init", o->init, "write a commented starter .svcname.toml here (never overwrites)");
  c->add_flag("--list-rules", o->list_rules, "list every rule id with its level and RFC section");
  c->callback([o, &st] { st.action = [o, &st] { return run(*o, st.g); }; });
}

const command_registration reg{30, &setup};

}  // namespace
}  // namespace svcname::cli
