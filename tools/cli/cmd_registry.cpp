// svcname registry show|update|path: what IANA has for a name or a port, and installing
// a registry snapshot (downloaded with libcurl, or from a file or URL the user names).
#include <curl/curl.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command.h"
#include "json_out.h"
#include "registry_render.h"
#include "svcname/chars.h"
#include "svcname/registry/readers.h"

namespace svcname::cli {

std::vector<show_hook>& registry_show_hooks() {
  static std::vector<show_hook> h;
  return h;
}

namespace {

constexpr const char* iana_url =
    "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml";
constexpr std::size_t max_download = 64u << 20;  // the XML is ~4 MB; refuse anything absurd

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// `registry show --json`: record_to_json() with the people resolved from the registry's people
// table and the references as typed objects.
nlohmann::json record_json(const registry::record& r, const registry::registry& reg) {
  nlohmann::json j = record_to_json(r);
  auto people = [&](const std::vector<std::string>& ids) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& id : ids) {
      nlohmann::json p{{"id", id}};
      if (auto ps = reg.find_person(id)) {
        p["name"] = ps->name;
        p["org"] = ps->org;
        p["uri"] = ps->uri;
      }
      a.push_back(std::move(p));
    }
    return a;
  };
  j["assignee"] = people(r.assignee);
  j["contact"] = people(r.contact);
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& x : r.references) refs.push_back({{"type", x.type}, {"data", x.data}, {"text", x.text}});
  j["references"] = std::move(refs);
  return j;
}

std::string person_text(const registry::registry& reg, const std::string& id) {
  auto p = reg.find_person(id);
  if (!p) return id;
  std::string who = !p->name.empty() ? p->name : p->org;
  if (!p->org.empty() && !p->name.empty()) who += ", " + p->org;
  std::string uri = p->uri;
  if (auto amp = uri.find('&'); uri.rfind("mailto:", 0) == 0 && amp != std::string::npos) uri[amp] = '@';
  return who + (uri.empty() ? "" : " <" + uri + ">") + " [" + id + "]";
}

// Registry text comes from a file the user chose: every field goes through terminal_safe().
void print_record(const registry::record& r, const registry::registry& reg) {
  const auto safe = [](const std::string& s) { return terminal_safe(s); };
  std::string port = "-";
  if (r.ports) port = std::to_string(r.ports->first) + (r.ports->last != r.ports->first ? "-" + std::to_string(r.ports->last) : "");
  std::printf("%s  %s/%s  %s\n", r.name.empty() ? "(no name)" : safe(r.name).c_str(), port.c_str(),
              r.protocol.empty() ? "-" : safe(r.protocol).c_str(), safe(r.description).c_str());
  std::vector<std::string> a, c;
  for (const auto& id : r.assignee) a.push_back(person_text(reg, id));
  for (const auto& id : r.contact) c.push_back(person_text(reg, id));
  if (!a.empty()) std::printf("  assignee:     %s\n", safe(join(a)).c_str());
  if (!c.empty() && c != a) std::printf("  contact:      %s\n", safe(join(c)).c_str());
  if (!r.registered.empty()) std::printf("  registered:   %s\n", safe(r.registered).c_str());
  if (!r.modified.empty()) std::printf("  modified:     %s\n", safe(r.modified).c_str());
  std::vector<std::string> refs;
  for (const auto& x : r.references) refs.push_back(x.data.empty() ? x.text : x.type == "rfc" ? chars::lower(x.data) : x.data);
  if (!refs.empty()) std::printf("  reference:    %s\n", safe(join(refs)).c_str());
  if (!r.service_code.empty()) std::printf("  service code: %s\n", safe(r.service_code).c_str());
  if (!r.unauthorized.empty()) std::printf("  unauthorized: %s\n", safe(r.unauthorized).c_str());
  if (!r.notes.empty()) std::printf("  notes:        %s\n", safe(r.notes).c_str());
}

// ---- show ---------------------------------------------------------------------------------
struct show_opts {
  std::vector<std::string> queries;
  bool json = false;
};

// "631", "631/tcp", or a name.
bool parse_port_query(std::string_view q, std::uint16_t& port, std::string& proto) {
  const auto slash = q.find('/');
  const auto p = registry::parse_port(q.substr(0, slash));
  if (!p) return false;
  port = *p;
  proto = slash == std::string_view::npos ? "" : chars::lower(q.substr(slash + 1));
  return true;
}

int run_show(const show_opts& o, const globals& g) {
  bool io_error = false;
  auto reg = load_registry(g, io_error);
  if (io_error) return exit_io;
  if (!reg) {
    std::fprintf(stderr, "svcname: error: 'registry show' needs a registry (see the note above)\n");
    return exit_io;
  }
  nlohmann::json out = nlohmann::json::array();
  bool missing = false;
  for (const auto& q : o.queries) {
    std::uint16_t port = 0;
    std::string proto;
    std::vector<registry::record_view> hits;
    std::string name = q;
    if (parse_port_query(q, port, proto)) {
      hits = reg->by_port(port, proto);
      name.clear();
    } else {
      if (name.size() > 1 && name[0] == '_') name.erase(0, 1);  // accept "_ipp" too
      hits = reg->by_name(name);
    }
    if (hits.empty()) {
      missing = true;
      std::string hint;
      if (!name.empty()) {
        auto s = reg->suggest(name);
        if (!s.empty()) hint = " (did you mean " + join(s) + "?)";
      }
      std::fprintf(stderr, "svcname: '%s' is not in the registry of %s%s\n", terminal_safe(q).c_str(),
                   terminal_safe(reg->updated()).c_str(), terminal_safe(hint).c_str());
    }
    nlohmann::json qj{{"query", q}, {"records", nlohmann::json::array()}};
    for (const auto& h : hits) {
      const auto r = h.materialize();
      if (o.json) qj["records"].push_back(record_json(r, *reg));
      else print_record(r, *reg);
    }
    if (!name.empty() && !hits.empty())
      for (auto hook : registry_show_hooks()) hook(name, &*reg, o.json ? &qj : nullptr);
    if (o.json) out.push_back(std::move(qj));
  }
  if (o.json) std::cout << json_text(out) << "\n";
  return missing ? exit_findings : exit_ok;
}

// ---- update -------------------------------------------------------------------------------
struct update_opts {
  std::string from;
  std::string output;
  bool json = false;
};

size_t on_data(char* p, size_t sz, size_t n, void* ud) {
  auto* s = static_cast<std::string*>(ud);
  if (s->size() + sz * n > max_download) return 0;  // aborts the transfer
  s->append(p, sz * n);
  return sz * n;
}

int on_progress(void*, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  if (total > 0) std::fprintf(stderr, "\rdownloading: %lld / %lld kB", static_cast<long long>(now / 1024),
                              static_cast<long long>(total / 1024));
  else if (now > 0) std::fprintf(stderr, "\rdownloading: %lld kB", static_cast<long long>(now / 1024));
  return 0;
}

// libcurl is loaded only when a download is asked for: linking it would pull ~25 shared
// libraries into every start of svcname (2 ms of dynamic loading), against the 5 ms budget
// of `svcname check`.
struct curl_api {
  decltype(&curl_global_init) global_init;
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_perform) easy_perform;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_strerror) easy_strerror;
};

bool load_curl(curl_api& api, std::string& err) {
  void* h = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    err = std::string("cannot load libcurl (install the libcurl4 package): ") + ::dlerror();
    return false;
  }
  auto sym = [&](auto& fn, const char* name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(h, name));
    return fn != nullptr;
  };
  if (!sym(api.global_init, "curl_global_init") || !sym(api.easy_init, "curl_easy_init") ||
      !sym(api.easy_setopt, "curl_easy_setopt") || !sym(api.easy_perform, "curl_easy_perform") ||
      !sym(api.easy_cleanup, "curl_easy_cleanup") || !sym(api.easy_strerror, "curl_easy_strerror")) {
    err = "libcurl.so.4 lacks an expected function";
    return false;
  }
  return true;
}

bool fetch_url(const std::string& url, std::string& body, std::string& err) {
  curl_api c{};
  if (!load_curl(c, err)) return false;
  c.global_init(CURL_GLOBAL_DEFAULT);
  CURL* h = c.easy_init();
  if (!h) {
    err = "cannot initialise libcurl";
    return false;
  }
  char ebuf[CURL_ERROR_SIZE] = {0};
  c.easy_setopt(h, CURLOPT_URL, url.c_str());
  c.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  c.easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  c.easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
  c.easy_setopt(h, CURLOPT_TIMEOUT, 300L);
  c.easy_setopt(h, CURLOPT_USERAGENT, "svcname/" SVCNAME_VERSION);
  c.easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_data);
  c.easy_setopt(h, CURLOPT_WRITEDATA, &body);
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty) {
    c.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
    c.easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  }
  const CURLcode rc = c.easy_perform(h);
  if (tty) std::fprintf(stderr, "\n");
  c.easy_cleanup(h);
  if (rc != CURLE_OK) {
    err = ebuf[0] ? ebuf : c.easy_strerror(rc);
    if (rc == CURLE_WRITE_ERROR && body.size() >= max_download) err = "the download exceeds 64 MiB";
    return false;
  }
  return true;
}

bool looks_like_url(std::string_view s) { return s.find("://") != std::string_view::npos; }

int run_update(const update_opts& o, const globals& g) {
  const std::string from = o.from.empty() ? iana_url : o.from;
  std::string bytes, err;
  if (looks_like_url(from)) {
    if (!g.quiet) std::fprintf(stderr, "svcname: fetching %s\n", from.c_str());
    if (!fetch_url(from, bytes, err)) {
      std::fprintf(stderr,
                   "svcname: error: cannot download the registry from %s: %s\n"
                   "  offline? pass a local copy: svcname registry update --from FILE\n",
                   from.c_str(), err.c_str());
      return exit_io;
    }
  } else {
    std::ifstream f(from, std::ios::binary);
    if (!f) {
      std::fprintf(stderr, "svcname: error: cannot read %s: %s\n", from.c_str(), std::strerror(errno));
      return exit_io;
    }
    std::ostringstream ss;
    ss << f.rdbuf();
    bytes = ss.str();
  }
  // Validate before anything is replaced: the stored registry is never a half-good file.
  auto snap = registry::parse_xml(bytes, from);
  if (!snap) {
    std::fprintf(stderr, "svcname: error: not a usable IANA registry XML, nothing changed:\n  %s\n",
                 terminal_safe(snap.error().to_string()).c_str());
    return exit_io;
  }
  const std::string dest = o.output.empty() ? registry::default_registry_path() : o.output;
  std::string previous;
  std::optional<registry::snapshot> old_snap;  // for the diff printed after installing
  if (std::filesystem::exists(dest)) {
    if (auto old = registry::load_snapshot(dest, "xml")) previous = old->updated, old_snap = std::move(*old);
  }
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dest).parent_path(), ec);
  const std::string tmp = dest + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();  // flush now: a full disk shows up here, not silently in the destructor
    if (!f) {
      std::fprintf(stderr, "svcname: error: cannot write %s: %s\n", tmp.c_str(), std::strerror(errno));
      std::filesystem::remove(tmp, ec);
      return exit_io;
    }
  }
  if (std::rename(tmp.c_str(), dest.c_str()) != 0) {
    std::fprintf(stderr, "svcname: error: cannot install %s: %s\n", dest.c_str(), std::strerror(errno));
    std::filesystem::remove(tmp, ec);
    return exit_io;
  }
  auto reg = registry::registry::open(dest, g.cache_dir);  // builds the compact index now
  std::size_t names = reg ? reg->names().size() : 0;
  if (o.json) {
    nlohmann::json j{{"path", dest}, {"from", from}, {"updated", snap->updated},
                     {"records", snap->records.size()}, {"names", names}, {"people", snap->people.size()},
                     {"previous", previous.empty() ? nlohmann::json(nullptr) : nlohmann::json(previous)},
                     {"index", reg ? reg->info().cache : ""}};
    if (old_snap) j["diff"] = diff_to_json(registry::diff_snapshots(*old_snap, *snap));
    std::cout << json_text(j) << "\n";
  } else {
    std::printf("installed the registry of %s (%zu records, %zu names, %zu people) at %s\n",
                terminal_safe(snap->updated).c_str(), snap->records.size(), names, snap->people.size(),
                terminal_safe(dest).c_str());
    if (!previous.empty()) std::printf("previous snapshot: %s\n", terminal_safe(previous).c_str());
    if (old_snap) {  // what changed since the previous snapshot (svcname registry diff for all)
      std::printf("\n");
      print_diff(registry::diff_snapshots(*old_snap, *snap), use_color(g), 40);
    }
  }
  return exit_ok;
}

// ---- path ---------------------------------------------------------------------------------
int run_path(const globals& g) {
  const auto c = choose_registry(g);
  if (c.path.empty()) {
    std::printf("no registry (would be installed at %s)\n", registry::default_registry_path().c_str());
    return exit_findings;
  }
  std::printf("%s (%s)\n", c.path.c_str(), c.origin.c_str());
  return exit_ok;
}

void setup(CLI::App& app, state& st) {
  auto* r = app.add_subcommand("registry", "The IANA service-name registry: show records, install or update it.");
  r->require_subcommand(1);

  auto so = std::make_shared<show_opts>();
  auto* show = r->add_subcommand(
      "show",
      "Show the registry records for service names or ports.\n"
      "Examples:\n"
      "  svcname registry show ipp          every record named ipp (any transport)\n"
      "  svcname registry show 5353/udp     what is registered on a port\n"
      "  svcname registry show http --json");
  show->add_option("query", so->queries, "NAME, PORT or PORT/PROTO")->required();
  show->add_flag("--json", so->json, "machine-readable output");
  show->callback([so, &st] { st.action = [so, &st] { return run_show(*so, st.g); }; });

  auto uo = std::make_shared<update_opts>();
  auto* up = r->add_subcommand(
      "update",
      "Download IANA's registry XML (or take it from --from FILE|URL), validate it, and install it\n"
      "where svcname looks by default. Nothing is replaced unless the new file is a valid registry.\n"
      "Examples:\n"
      "  svcname registry update\n"
      "  svcname registry update --from ./service-names-port-numbers.xml    (offline machines)\n"
      "  svcname registry update --from https://mirror.example/service-names-port-numbers.xml");
  up->add_option("--from", uo->from, std::string("file or URL to read (default ") + iana_url + ")");
  up->add_option("-o,--output", uo->output, "where to install it (default " + registry::default_registry_path() + ")");
  up->add_flag("--json", uo->json, "machine-readable summary");
  up->callback([uo, &st] { st.action = [uo, &st] { return run_update(*uo, st.g); }; });

  auto* path = r->add_subcommand("path", "Print which registry file svcname would use, and why.");
  path->callback([&st] { st.action = [&st] { return run_path(st.g); }; });
}

const command_registration reg{registry_command_order, &setup};

}  // namespace
}  // namespace svcname::cli
