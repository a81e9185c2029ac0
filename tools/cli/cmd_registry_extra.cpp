// svcname registry diff|compare|load|search|people, and port-range/protocol queries for
// `registry show` (5000-5010/udp, /sctp). Adds subcommands to the `registry` command that
// cmd_registry.cpp creates.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "command.h"
#include "json_out.h"
#include "registry_render.h"
#include "svcname/chars.h"
#include "svcname/registry/diff.h"
#include "svcname/registry/formats.h"
#include "svcname/registry/readers.h"

namespace svcname::cli {
namespace {

using registry::load_note;
using registry::snapshot;

bool is_text_format(std::string_view f) {
  return f == "iana-text" || f == "xhtml" || f == "markdown" || f == "flat-text";
}

// Loads a snapshot file in any known format, collecting the notes of the readers that have them.
std::optional<snapshot> load_file(const std::string& path, const std::string& format,
                                  std::vector<load_note>& notes) {
  auto s = registry::load_snapshot(path, format.empty() ? "auto" : format);
  if (!s) {
    std::fprintf(stderr, "svcname: error: cannot read %s\n", terminal_safe(s.error().to_string()).c_str());
    return std::nullopt;
  }
  if (is_text_format(s->format)) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    (void)registry::parse_with_notes(s->format, ss.str(), path, notes);
  }
  return std::move(*s);
}

void print_notes(const std::string& path, const std::vector<load_note>& notes, std::size_t max) {
  std::size_t n = 0;
  for (const auto& x : notes) {
    if (max && n++ == max) {
      std::fprintf(stderr, "%s: note: ... %zu more (svcname registry load %s)\n", terminal_safe(path).c_str(),
                   notes.size() - max, terminal_safe(path).c_str());
      break;
    }
    std::fprintf(stderr, "%s:%u: note: %s\n", terminal_safe(path).c_str(), x.line, terminal_safe(x.message).c_str());
  }
}

std::string port_text(const registry::record& r) {
  return registry::ports_text(r) + "/" + (r.protocol.empty() ? "-" : terminal_safe(r.protocol));
}

void print_record_line(const registry::record& r) {
  std::printf("%-16s %-12s %s\n", r.name.empty() ? "(no name)" : terminal_safe(r.name).c_str(), port_text(r).c_str(),
              terminal_safe(registry::normalise_text(r.description)).c_str());
}

// ---- diff ---------------------------------------------------------------------------------
struct diff_opts {
  std::string old_path, new_path, format;
  bool json = false;
};

int run_diff(const diff_opts& o, const globals& g) {
  std::vector<load_note> n1, n2;
  auto a = load_file(o.old_path, o.format, n1);
  if (!a) return exit_io;
  auto b = load_file(o.new_path, o.format, n2);
  if (!b) return exit_io;
  if (!g.quiet) {
    print_notes(o.old_path, n1, 5);
    print_notes(o.new_path, n2, 5);
  }
  const auto d = registry::diff_snapshots(*a, *b);
  if (o.json) std::cout << json_text(diff_to_json(d)) << "\n";
  else print_diff(d, use_color(g));
  return d.empty() ? exit_ok : exit_findings;
}

// ---- compare (equivalence figures) --------------------------------------------------------
struct compare_opts {
  std::string left, right, cutoff, format;
  bool json = false;
  std::size_t max = 0;
};

int run_compare(const compare_opts& o, const globals& g) {
  std::vector<load_note> n1, n2;
  auto a = load_file(o.left, o.format, n1);
  if (!a) return exit_io;
  auto b = load_file(o.right, o.format, n2);
  if (!b) return exit_io;
  const auto e = registry::measure_equivalence(*a, *b, o.cutoff);
  if (o.json) {
    nlohmann::json j{{"left", {{"file", o.left}, {"format", a->format}, {"updated", a->updated}, {"records", e.left_records}, {"notes", n1.size()}}},
                     {"right", {{"file", o.right}, {"format", b->format}, {"updated", b->updated}, {"records", e.right_records}, {"notes", n2.size()}}},
                     {"cutoff", o.cutoff}, {"common", e.common}, {"skipped", e.skipped},
                     {"agreeing", e.agreeing}, {"percent", e.percent()}};
    nlohmann::json dis = nlohmann::json::array();
    for (const auto& c : e.disagreements)
      dis.push_back({{"key", registry::record_key(c.before)}, {"left_line", c.before.line},
                     {"right_line", c.after.line}, {"fields", changes_to_json(c.fields)}});
    j["disagreements"] = std::move(dis);
    std::cout << json_text(j) << "\n";
  } else {
    std::printf("%s (%s, %s, %zu records) vs %s (%s, %s, %zu records)%s%s\n", terminal_safe(o.left).c_str(),
                a->format.c_str(), terminal_safe(a->updated).c_str(), e.left_records, terminal_safe(o.right).c_str(), b->format.c_str(),
                terminal_safe(b->updated).c_str(), e.right_records, o.cutoff.empty() ? "" : ", skipping records dated after ",
                terminal_safe(o.cutoff).c_str());
    std::printf("records in both: %zu compared, %zu skipped; agreeing: %zu (%.2f%%); disagreeing: %zu\n",
                e.common, e.skipped, e.agreeing, e.percent(), e.disagreements.size());
    std::size_t n = 0;
    for (const auto& c : e.disagreements) {
      if (o.max && n++ == o.max) {
        std::printf("... %zu more (--max 0 lists all)\n", e.disagreements.size() - o.max);
        break;
      }
      std::printf("%s  (left line %u, right line %u)\n", terminal_safe(registry::record_key(c.before)).c_str(),
                  c.before.line, c.after.line);
      for (const auto& f : c.fields)
        std::printf("    %s: \"%s\" vs \"%s\"\n", terminal_safe(f.field).c_str(), terminal_safe(f.before).c_str(), terminal_safe(f.after).c_str());
    }
  }
  (void)g;
  return e.disagreements.empty() ? exit_ok : exit_findings;
}

// ---- load ---------------------------------------------------------------------------------
struct load_opts {
  std::string path, format;
  bool json = false;
};

int run_load(const load_opts& o, const globals& g) {
  std::vector<load_note> notes;
  auto s = load_file(o.path, o.format, notes);
  if (!s) return exit_io;
  std::size_t names = 0;
  {
    std::vector<std::string> v;
    for (const auto& r : s->records)
      if (!r.name.empty()) v.push_back(chars::lower(r.name));
    std::sort(v.begin(), v.end());
    names = static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin());
  }
  if (o.json) {
    nlohmann::json j{{"file", o.path}, {"format", s->format}, {"updated", s->updated},
                     {"records", s->records.size()}, {"names", names}, {"people", s->people.size()}};
    nlohmann::json n = nlohmann::json::array();
    for (const auto& x : notes) n.push_back({{"line", x.line}, {"message", x.message}});
    j["notes"] = std::move(n);
    std::cout << json_text(j) << "\n";
  } else {
    std::printf("%s: %s, last updated %s: %zu records, %zu distinct names, %zu people, %zu notes\n",
                terminal_safe(o.path).c_str(), s->format.c_str(), s->updated.empty() ? "?" : terminal_safe(s->updated).c_str(),
                s->records.size(), names, s->people.size(), notes.size());
    if (!g.quiet) print_notes(o.path, notes, 0);
  }
  return exit_ok;
}

// ---- search -------------------------------------------------------------------------------
struct search_opts {
  std::vector<std::string> words;
  bool json = false;
};

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (hay.size() < needle.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (chars::iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

int run_search(const search_opts& o, const globals& g) {
  bool io_error = false;
  auto reg = load_registry(g, io_error);
  if (!reg) {
    if (!io_error) std::fprintf(stderr, "svcname: error: 'registry search' needs a registry (see the note above)\n");
    return exit_io;
  }
  nlohmann::json out = nlohmann::json::array();
  std::size_t hits = 0;
  for (std::size_t i = 0; i < reg->size(); ++i) {
    const auto v = reg->at(i);
    bool all = true;
    for (const auto& w : o.words) all = all && (icontains(v.name(), w) || icontains(v.description(), w));
    if (!all) continue;
    ++hits;
    const auto r = v.materialize();
    if (o.json) out.push_back(record_to_json(r));
    else print_record_line(r);
  }
  if (o.json) std::cout << json_text(out) << "\n";
  else if (!hits) std::fprintf(stderr, "svcname: no record's name or description contains all of the words\n");
  return hits ? exit_ok : exit_findings;
}

// ---- people -------------------------------------------------------------------------------
struct people_opts {
  std::vector<std::string> ids;
  bool json = false;
};

int run_people(const people_opts& o, const globals& g) {
  bool io_error = false;
  auto reg = load_registry(g, io_error);
  if (!reg) {
    if (!io_error) std::fprintf(stderr, "svcname: error: 'registry people' needs a registry (see the note above)\n");
    return exit_io;
  }
  nlohmann::json out = nlohmann::json::array();
  bool missing = false;
  for (auto id : o.ids) {
    if (id.size() > 2 && id.front() == '[' && id.back() == ']') id = id.substr(1, id.size() - 2);
    auto p = reg->find_person(id);
    if (!p) {
      missing = true;
      std::fprintf(stderr, "svcname: no person [%s] in the registry of %s\n", terminal_safe(id).c_str(),
                   terminal_safe(reg->updated()).c_str());
      continue;
    }
    std::vector<registry::record> recs;
    for (std::size_t i = 0; i < reg->size(); ++i) {
      auto r = reg->at(i).materialize();
      const bool a = std::find(r.assignee.begin(), r.assignee.end(), p->id) != r.assignee.end();
      const bool c = std::find(r.contact.begin(), r.contact.end(), p->id) != r.contact.end();
      if (a || c) recs.push_back(std::move(r));
    }
    std::string uri = p->uri;
    if (auto amp = uri.find('&'); uri.starts_with("mailto:") && amp != std::string::npos) uri[amp] = '@';
    if (o.json) {
      nlohmann::json recj = nlohmann::json::array();
      for (const auto& r : recs) recj.push_back(record_to_json(r));
      out.push_back({{"id", p->id}, {"name", p->name}, {"org", p->org}, {"uri", p->uri},
                     {"contact", uri}, {"updated", p->updated}, {"records", std::move(recj)}});
    } else {
      std::printf("[%s]\n  name:         %s\n", terminal_safe(p->id).c_str(), p->name.empty() ? "-" : terminal_safe(p->name).c_str());
      if (!p->org.empty()) std::printf("  organisation: %s\n", terminal_safe(p->org).c_str());
      if (!uri.empty()) std::printf("  contact:      %s\n", terminal_safe(uri).c_str());
      if (!p->updated.empty()) std::printf("  updated:      %s\n", terminal_safe(p->updated).c_str());
      std::printf("  records:      %zu\n", recs.size());
      for (const auto& r : recs) {
        std::printf("    ");
        print_record_line(r);
      }
    }
  }
  if (o.json) std::cout << json_text(out) << "\n";
  return missing ? exit_findings : exit_ok;
}

// ---- show: port ranges and protocols ------------------------------------------------------
// "5000-5010/udp", "5000-5010", "/sctp" (every record of a transport). Single ports and names
// stay with cmd_registry.cpp's show.
bool parse_range_query(std::string_view q, registry::port_range& pr, std::string& proto, bool& has_ports) {
  const auto slash = q.find('/');
  const auto num = q.substr(0, slash);
  proto = slash == std::string_view::npos ? "" : chars::lower(q.substr(slash + 1));
  if (slash != std::string_view::npos && proto != "tcp" && proto != "udp" && proto != "sctp" && proto != "dccp")
    return false;
  if (num.empty()) {
    has_ports = false;
    return !proto.empty();
  }
  if (num.find('-') == std::string_view::npos) return false;  // single port: cmd_registry.cpp
  has_ports = true;
  const auto r = registry::parse_port_range(num);
  if (r) pr = *r;
  return r.has_value();
}

int run_show_ranges(const std::vector<std::string>& queries, bool json, const globals& g) {
  bool io_error = false;
  auto reg = load_registry(g, io_error);
  if (!reg) {
    if (!io_error) std::fprintf(stderr, "svcname: error: 'registry show' needs a registry (see the note above)\n");
    return exit_io;
  }
  nlohmann::json out = nlohmann::json::array();
  bool missing = false;
  for (const auto& q : queries) {
    registry::port_range want;
    std::string proto;
    bool has_ports = false;
    if (!parse_range_query(q, want, proto, has_ports)) {
      // A name or single port inside a mixed query list: exact lookups.
      std::vector<registry::record_view> hits;
      const auto slash = q.find('/');
      const auto num = std::string_view(q).substr(0, slash);
      if (const auto port = registry::parse_port(num))
        hits = reg->by_port(*port, slash == std::string::npos ? "" : chars::lower(std::string_view(q).substr(slash + 1)));
      else
        hits = reg->by_name(q.size() > 1 && q[0] == '_' ? q.substr(1) : q);
      nlohmann::json qj{{"query", q}, {"records", nlohmann::json::array()}};
      for (const auto& h : hits) {
        const auto r = h.materialize();
        if (json) qj["records"].push_back(record_to_json(r));
        else print_record_line(r);
      }
      if (hits.empty()) missing = true;
      if (json) out.push_back(std::move(qj));
      continue;
    }
    nlohmann::json qj{{"query", q}, {"records", nlohmann::json::array()}};
    std::size_t n = 0;
    for (std::size_t i = 0; i < reg->size(); ++i) {
      const auto v = reg->at(i);
      if (!proto.empty() && v.protocol() != proto) continue;
      if (has_ports) {
        const auto pr = v.ports();
        if (!pr || pr->last < want.first || pr->first > want.last) continue;  // overlap
      }
      ++n;
      const auto r = v.materialize();
      if (json) qj["records"].push_back(record_to_json(r));
      else print_record_line(r);
    }
    if (!n) {
      missing = true;
      std::fprintf(stderr, "svcname: nothing in the registry of %s for '%s'\n",
                   terminal_safe(reg->updated()).c_str(), terminal_safe(q).c_str());
    }
    if (json) out.push_back(std::move(qj));
  }
  if (json) std::cout << json_text(out) << "\n";
  return missing ? exit_findings : exit_ok;
}

void setup(CLI::App& app, state& st) {
  auto* r = app.get_subcommand("registry");

  auto dopt = std::make_shared<diff_opts>();
  auto* diff = r->add_subcommand(
      "diff",
      "What changed between two registry snapshots (any format: XML, CSV, text, XHTML, pastes):\n"
      "records added, removed, de-assigned (name gone, port now Reserved) and changed field by\n"
      "field (description, assignee, contact, dates, references, notes, TXT-key notes), grouped by\n"
      "service name; also people added, removed or changed. Exit 0 if identical, 1 if not.\n"
      "Examples:\n"
      "  svcname registry diff old.xml new.xml\n"
      "  svcname registry diff service-names-2026-02-26.xml service-names-2026-08-17.xml --json");
  diff->add_option("old", dopt->old_path, "older snapshot")->required();
  diff->add_option("new", dopt->new_path, "newer snapshot")->required();
  diff->add_option("--format", dopt->format, "force the input format (xml, csv, xhtml, iana-text, markdown, flat-text)");
  diff->add_flag("--json", dopt->json, "machine-readable output");
  diff->callback([dopt, &st] { st.action = [dopt, &st] { return run_diff(*dopt, st.g); }; });

  auto copt = std::make_shared<compare_opts>();
  auto* cmp = r->add_subcommand(
      "compare",
      "Equivalence of two forms of the registry: for the records present in both, how many agree\n"
      "field by field after normalisation (README 'Comparing and diffing snapshots'), and every\n"
      "disagreement. Exit 0 if all agree, 1 if not.\n"
      "Examples:\n"
      "  svcname registry compare registry.xml registry.csv\n"
      "  svcname registry compare 2024-03-18.xml 2024-06.csv --cutoff 2024-03-18\n"
      "      (skip records registered or modified after the older snapshot)");
  cmp->add_option("left", copt->left, "first form")->required();
  cmp->add_option("right", copt->right, "second form")->required();
  cmp->add_option("--cutoff", copt->cutoff, "skip records dated after YYYY-MM-DD in either form");
  cmp->add_option("--format", copt->format, "force the input format");
  cmp->add_option("--max", copt->max, "list at most N disagreements (default all)");
  cmp->add_flag("--json", copt->json, "machine-readable output");
  cmp->callback([copt, &st] { st.action = [copt, &st] { return run_compare(*copt, st.g); }; });

  auto lopt = std::make_shared<load_opts>();
  auto* load = r->add_subcommand(
      "load",
      "Read a registry file and report its format, counts, and every line the reader could not\n"
      "place with certainty (pasted forms). A file in no known format is an error naming each\n"
      "format tried and why it failed.\n"
      "Examples:\n"
      "  svcname registry load pasted.txt\n"
      "  svcname registry load page.xhtml --format xhtml --json");
  load->add_option("file", lopt->path, "registry file")->required();
  load->add_option("--format", lopt->format, "force the format (xml, csv, xhtml, iana-text, markdown, flat-text)");
  load->add_flag("--json", lopt->json, "machine-readable output");
  load->callback([lopt, &st] { st.action = [lopt, &st] { return run_load(*lopt, st.g); }; });

  auto sopt = std::make_shared<search_opts>();
  auto* search = r->add_subcommand(
      "search",
      "Records whose service name or description contains every word (case-insensitive).\n"
      "Examples:\n"
      "  svcname registry search printer\n"
      "  svcname registry search apple tv --json");
  search->add_option("text", sopt->words, "words to look for")->required();
  search->add_flag("--json", sopt->json, "machine-readable output");
  search->callback([sopt, &st] { st.action = [sopt, &st] { return run_search(*sopt, st.g); }; });

  auto popt = std::make_shared<people_opts>();
  auto* people = r->add_subcommand(
      "people",
      "Look up [Person_Id] references: name, organisation, contact, and the records naming them.\n"
      "Examples:\n"
      "  svcname registry people IESG\n"
      "  svcname registry people '[Stuart_Cheshire]' --json");
  people->add_option("id", popt->ids, "person ids, with or without brackets")->required();
  people->add_flag("--json", popt->json, "machine-readable output");
  people->callback([popt, &st] { st.action = [popt, &st] { return run_people(*popt, st.g); }; });

  // Port ranges and protocols for `registry show`: the registry command's own callback runs
  // after show's (CLI11 runs callbacks bottom-up), so it can take over when a query needs it.
  if (auto* show = r->get_subcommand("show")) {
    show->description(show->get_description() +
                      "\n  svcname registry show 5000-5010/udp   every record overlapping a port range"
                      "\n  svcname registry show /sctp           every SCTP record");
    r->callback([show, &st] {
      if (!show->parsed()) return;
      const auto queries = show->get_option("query")->as<std::vector<std::string>>();
      bool needs = false;
      for (const auto& q : queries) {
        registry::port_range pr;
        std::string proto;
        bool has = false;
        needs = needs || parse_range_query(q, pr, proto, has);
      }
      if (!needs) return;
      const bool json = show->get_option("--json")->count() > 0;
      st.action = [queries, json, &st] { return run_show_ranges(queries, json, st.g); };
    });
  }
}

const command_registration reg{registry_command_order + 5, &setup};

}  // namespace
}  // namespace svcname::cli
