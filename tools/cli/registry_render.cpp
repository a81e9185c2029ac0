// Human and JSON rendering of registry diffs and records (see registry_render.h).
#include "registry_render.h"

#include "command.h"

#include <map>

namespace svcname::cli {

using registry::field_change;
using registry::record;
using registry::snapshot_diff;

nlohmann::json record_to_json(const record& r) {
  nlohmann::json j{{"name", r.name}, {"protocol", r.protocol}, {"description", r.description}};
  if (r.ports) {
    j["port"] = r.ports->first;
    if (r.ports->last != r.ports->first) j["port_last"] = r.ports->last;
  } else {
    j["port"] = nullptr;
  }
  j["assignee"] = r.assignee;
  j["contact"] = r.contact;
  j["registered"] = r.registered;
  j["modified"] = r.modified;
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& x : r.references) refs.push_back(registry::reference_spelling(x));
  j["references"] = std::move(refs);
  j["service_code"] = r.service_code;
  j["unauthorized"] = r.unauthorized;
  j["notes"] = r.notes;
  j["line"] = r.line;
  return j;
}

nlohmann::json changes_to_json(const std::vector<field_change>& f) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& c : f) a.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
  return a;
}

namespace {

struct group_events {
  std::vector<const record*> added, removed;
  std::vector<const registry::record_change*> deassigned, assigned, changed;
};

std::map<std::string, group_events> groups_of(const snapshot_diff& d) {
  std::map<std::string, group_events> g;
  for (const auto& r : d.added) g[registry::group_of(r)].added.push_back(&r);
  for (const auto& r : d.removed) g[registry::group_of(r)].removed.push_back(&r);
  for (const auto& c : d.deassigned) g[registry::group_of(c.before)].deassigned.push_back(&c);
  for (const auto& c : d.assigned) g[registry::group_of(c.after)].assigned.push_back(&c);
  for (const auto& c : d.changed) g[registry::group_of(c.after)].changed.push_back(&c);
  return g;
}

std::string where(const record& r) {
  return registry::ports_text(r) + "/" + (r.protocol.empty() ? "-" : terminal_safe(r.protocol));
}

std::string quote(const std::string& s) {
  constexpr std::size_t max = 160;
  std::string q = s.size() > max ? s.substr(0, max) + "..." : s;
  return "\"" + terminal_safe(q) + "\"";  // registry text comes from a file the user chose
}

}  // namespace

nlohmann::json diff_to_json(const snapshot_diff& d) {
  nlohmann::json j{{"old", d.old_updated}, {"new", d.new_updated}};
  j["summary"] = {{"added", d.added.size()},           {"removed", d.removed.size()},
                  {"deassigned", d.deassigned.size()}, {"assigned", d.assigned.size()},
                  {"changed", d.changed.size()},
                  {"unchanged", d.unchanged},
                  {"unassigned_ranges_added", d.unassigned_added.size()},
                  {"unassigned_ranges_removed", d.unassigned_removed.size()},          {"people_added", d.people_added.size()},
                  {"people_removed", d.people_removed.size()},
                  {"people_changed", d.people_changed.size()}};
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& [name, ev] : groups_of(d)) {
    nlohmann::json g{{"group", name}};
    auto arr = [](const std::vector<const record*>& v) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto* r : v) a.push_back(record_to_json(*r));
      return a;
    };
    auto chg = [](const std::vector<const registry::record_change*>& v) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto* c : v)
        a.push_back({{"key", registry::record_key(c->after)}, {"before", record_to_json(c->before)},
                     {"after", record_to_json(c->after)}, {"fields", changes_to_json(c->fields)}});
      return a;
    };
    g["added"] = arr(ev.added);
    g["removed"] = arr(ev.removed);
    g["deassigned"] = chg(ev.deassigned);
    g["assigned"] = chg(ev.assigned);
    g["changed"] = chg(ev.changed);
    groups.push_back(std::move(g));
  }
  j["groups"] = std::move(groups);
  nlohmann::json ua = nlohmann::json::array(), ur = nlohmann::json::array();
  for (const auto& r : d.unassigned_added) ua.push_back(registry::ports_text(r));
  for (const auto& r : d.unassigned_removed) ur.push_back(registry::ports_text(r));
  j["unassigned_ranges"] = {{"added", std::move(ua)}, {"removed", std::move(ur)}};
  nlohmann::json people{{"added", nlohmann::json::array()}, {"removed", nlohmann::json::array()},
                        {"changed", nlohmann::json::array()}};
  auto pj = [](const registry::person& p) {
    return nlohmann::json{{"id", p.id}, {"name", p.name}, {"org", p.org}, {"uri", p.uri}, {"updated", p.updated}};
  };
  for (const auto& p : d.people_added) people["added"].push_back(pj(p));
  for (const auto& p : d.people_removed) people["removed"].push_back(pj(p));
  for (const auto& [a, b] : d.people_changed) people["changed"].push_back({{"before", pj(a)}, {"after", pj(b)}});
  j["people"] = std::move(people);
  return j;
}

void print_diff(const snapshot_diff& d, bool color, std::size_t max_groups, std::FILE* out) {
  const char* green = color ? "\033[32m" : "";
  const char* red = color ? "\033[31m" : "";
  const char* yellow = color ? "\033[33m" : "";
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::fprintf(out,
               "registry %s -> %s: %zu added, %zu removed, %zu de-assigned, %zu assigned from Reserved, "
               "%zu changed, %zu unchanged",
               d.old_updated.empty() ? "?" : terminal_safe(d.old_updated).c_str(),
               d.new_updated.empty() ? "?" : terminal_safe(d.new_updated).c_str(), d.added.size(), d.removed.size(),
               d.deassigned.size(), d.assigned.size(), d.changed.size(), d.unchanged);
  std::fprintf(out, "; people: %zu added, %zu removed, %zu changed\n", d.people_added.size(),
               d.people_removed.size(), d.people_changed.size());
  if (!d.unassigned_added.empty() || !d.unassigned_removed.empty()) {
    std::string was, now;
    for (const auto& r : d.unassigned_removed) was += " " + registry::ports_text(r);
    for (const auto& r : d.unassigned_added) now += " " + registry::ports_text(r);
    std::fprintf(out, "unassigned ranges: was%s; now%s\n", was.empty() ? " -" : was.c_str(),
                 now.empty() ? " -" : now.c_str());
  }
  const auto groups = groups_of(d);
  std::size_t shown = 0;
  for (const auto& [name, ev] : groups) {
    if (max_groups && shown == max_groups) {
      std::fprintf(out, "... and %zu more service names (use 'svcname registry diff OLD NEW')\n",
                   groups.size() - shown);
      break;
    }
    ++shown;
    std::fprintf(out, "\n%s%s%s\n", bold, terminal_safe(name).c_str(), reset);
    for (const auto* r : ev.added)
      std::fprintf(out, "  %s+ added%s       %s  %s\n", green, reset, where(*r).c_str(), quote(r->description).c_str());
    for (const auto* r : ev.removed)
      std::fprintf(out, "  %s- removed%s     %s  %s\n", red, reset, where(*r).c_str(), quote(r->description).c_str());
    for (const auto* c : ev.deassigned) {
      std::fprintf(out, "  %sx de-assigned%s %s  now %s\n", red, reset, where(c->before).c_str(),
                   quote(c->after.description).c_str());
      if (!c->after.notes.empty()) std::fprintf(out, "      notes: %s\n", quote(c->after.notes).c_str());
    }
    for (const auto* c : ev.assigned)
      std::fprintf(out, "  %s* assigned%s    %s  %s (was %s)\n", green, reset, where(c->after).c_str(),
                   quote(c->after.description).c_str(), quote(c->before.description).c_str());
    for (const auto* c : ev.changed) {
      std::fprintf(out, "  %s~ changed%s     %s\n", yellow, reset, where(c->after).c_str());
      for (const auto& f : c->fields)
        std::fprintf(out, "      %s: %s -> %s\n", terminal_safe(f.field).c_str(), quote(f.before).c_str(), quote(f.after).c_str());
    }
  }
  if (!d.people_added.empty() || !d.people_removed.empty() || !d.people_changed.empty()) {
    std::fprintf(out, "\n%speople%s\n", bold, reset);
    for (const auto& p : d.people_added) std::fprintf(out, "  %s+%s [%s] %s\n", green, reset, terminal_safe(p.id).c_str(), terminal_safe(p.name).c_str());
    for (const auto& p : d.people_removed) std::fprintf(out, "  %s-%s [%s] %s\n", red, reset, terminal_safe(p.id).c_str(), terminal_safe(p.name).c_str());
    for (const auto& [a, b] : d.people_changed) {
      std::fprintf(out, "  %s~%s [%s]", yellow, reset, terminal_safe(a.id).c_str());
      if (a.name != b.name) std::fprintf(out, " name %s -> %s", quote(a.name).c_str(), quote(b.name).c_str());
      if (a.org != b.org) std::fprintf(out, " org %s -> %s", quote(a.org).c_str(), quote(b.org).c_str());
      if (a.uri != b.uri) std::fprintf(out, " uri %s -> %s", quote(a.uri).c_str(), quote(b.uri).c_str());
      if (a.updated != b.updated) std::fprintf(out, " updated %s -> %s", terminal_safe(a.updated).c_str(),
                                          terminal_safe(b.updated).c_str());
      std::fprintf(out, "\n");
    }
  }
}

}  // namespace svcname::cli
