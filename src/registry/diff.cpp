// Record comparison under the normalisation rules of registry/diff.h, snapshot diffs and
// equivalence figures between forms of the registry.
#include "svcname/registry/diff.h"

#include <map>
#include <set>

#include "svcname/chars.h"
#include "text_util.h"

namespace svcname::registry {
namespace {

std::string join_ids(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + ("[" + x + "]");
  return s;
}

std::string join_refs(const std::vector<xref>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + ("[" + reference_spelling(x) + "]");
  return s;
}

bool same_refs(const std::vector<xref>& a, const std::vector<xref>& b) {
  return chars::lower(join_refs(a)) == chars::lower(join_refs(b));
}

bool later_than(std::string_view date, std::string_view cutoff) {
  return !date.empty() && date > cutoff;
}

bool is_unassigned(const record& r) {
  return r.name.empty() && normalise_text(r.description) == "Unassigned";
}

bool is_placeholder(const record& r) {
  const auto d = normalise_text(r.description);
  return r.name.empty() && (d == "Reserved" || d == "Unassigned");
}

}  // namespace

std::string normalise_text(std::string_view s) { return detail::fold_space(s); }

std::string reference_spelling(const xref& x) {
  // The displayed text when the form has one (XML <xref ...>TR-352</xref>, as the CSV shows
  // it), else the data (rfc6335 -> RFC6335, a draft name, a URI).
  auto t = normalise_text(x.text.empty() ? x.data : x.text);
  if (t.size() >= 2 && t.front() == '[' && t.back() == ']') t = t.substr(1, t.size() - 2);
  if (x.type == "rfc" || (t.size() > 3 && chars::iequals(t.substr(0, 3), "rfc") &&
                          chars::is_digit(t[3]))) {
    std::string up = "RFC";
    for (std::size_t i = 3; i < t.size(); ++i) up += t[i];
    return up;
  }
  return t;
}

std::pair<std::string, std::string> split_txt_keys(std::string_view notes) {
  const auto n = normalise_text(notes);
  const auto at = n.find("Defined TXT keys:");
  if (at == std::string::npos) return {n, ""};
  std::string other = normalise_text(n.substr(0, at));
  return {other, normalise_text(n.substr(at))};
}

std::string ports_text(const record& r) {
  if (!r.ports) return "-";
  return std::to_string(r.ports->first) +
         (r.ports->last != r.ports->first ? "-" + std::to_string(r.ports->last) : "");
}

std::string record_key(const record& r) {
  return (r.name.empty() ? std::string("(no name)") : chars::lower(r.name)) + " " + ports_text(r) +
         " " + (r.protocol.empty() ? "-" : r.protocol);
}

std::string group_of(const record& r) {
  if (!r.name.empty()) return chars::lower(r.name);
  return "port " + ports_text(r) + (r.protocol.empty() ? "" : "/" + r.protocol);
}

std::vector<field_change> compare_records(const record& a, const record& b) {
  std::vector<field_change> out;
  auto cmp = [&](const char* f, std::string x, std::string y) {
    if (x != y) out.push_back({f, std::move(x), std::move(y)});
  };
  cmp("name", a.name, b.name);
  cmp("ports", ports_text(a), ports_text(b));
  cmp("protocol", a.protocol, b.protocol);
  cmp("description", normalise_text(a.description), normalise_text(b.description));
  // Rule 3: no assignee -> the contact stands in.
  cmp("assignee", join_ids(a.assignee.empty() ? a.contact : a.assignee),
      join_ids(b.assignee.empty() ? b.contact : b.assignee));
  cmp("contact", join_ids(a.contact), join_ids(b.contact));
  cmp("registered", a.registered, b.registered);
  cmp("modified", a.modified, b.modified);
  if (!same_refs(a.references, b.references))  // rule 2: case-insensitive
    out.push_back({"references", join_refs(a.references), join_refs(b.references)});
  cmp("service_code", normalise_text(a.service_code), normalise_text(b.service_code));
  cmp("unauthorized", normalise_text(a.unauthorized), normalise_text(b.unauthorized));
  auto [an, ak] = split_txt_keys(a.notes);
  auto [bn, bk] = split_txt_keys(b.notes);
  cmp("notes", std::move(an), std::move(bn));
  cmp("txt_keys", std::move(ak), std::move(bk));
  return out;
}

namespace {

// Pairs records of two snapshots by key (rule 6); unmatched indexes are left out.
struct matching {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<std::size_t> left_only, right_only;
};

matching match(const snapshot& l, const snapshot& r) {
  std::map<std::string, std::vector<std::size_t>> rk;
  for (std::size_t i = 0; i < r.records.size(); ++i) rk[record_key(r.records[i])].push_back(i);
  std::map<std::string, std::size_t> used;
  std::vector<bool> taken(r.records.size(), false);
  matching m;
  for (std::size_t i = 0; i < l.records.size(); ++i) {
    const auto k = record_key(l.records[i]);
    auto it = rk.find(k);
    auto& u = used[k];
    if (it != rk.end() && u < it->second.size()) {
      m.pairs.emplace_back(i, it->second[u]);
      taken[it->second[u]] = true;
      ++u;
    } else {
      m.left_only.push_back(i);
    }
  }
  for (std::size_t j = 0; j < r.records.size(); ++j)
    if (!taken[j]) m.right_only.push_back(j);
  return m;
}

}  // namespace

snapshot_diff diff_snapshots(const snapshot& older, const snapshot& newer) {
  snapshot_diff d;
  d.old_updated = older.updated;
  d.new_updated = newer.updated;
  const auto m = match(older, newer);
  for (const auto& [i, j] : m.pairs) {
    auto f = compare_records(older.records[i], newer.records[j]);
    if (f.empty()) ++d.unchanged;
    else d.changed.push_back({older.records[i], newer.records[j], std::move(f)});
  }
  // De-assignment: a named record gone, an unnamed Reserved/Unassigned one in its place.
  std::vector<bool> right_used(newer.records.size(), false);
  for (std::size_t i : m.left_only) {
    const auto& o = older.records[i];
    bool found = false;
    if (!o.name.empty()) {
      for (std::size_t j : m.right_only) {
        const auto& n = newer.records[j];
        if (right_used[j] || !is_placeholder(n) || n.ports != o.ports || n.protocol != o.protocol)
          continue;
        right_used[j] = true;
        d.deassigned.push_back({o, n, compare_records(o, n)});
        found = true;
        break;
      }
    }
    if (!found) (is_unassigned(o) ? d.unassigned_removed : d.removed).push_back(o);
  }
  // Assignment: an unnamed Reserved record gone, a named one on the same port and protocol.
  for (auto it = d.removed.begin(); it != d.removed.end();) {
    bool found = false;
    if (is_placeholder(*it) && it->ports) {
      for (std::size_t j : m.right_only) {
        const auto& n = newer.records[j];
        if (right_used[j] || n.name.empty() || n.ports != it->ports || n.protocol != it->protocol) continue;
        right_used[j] = true;
        d.assigned.push_back({*it, n, compare_records(*it, n)});
        found = true;
        break;
      }
    }
    it = found ? d.removed.erase(it) : it + 1;
  }
  for (std::size_t j : m.right_only)
    if (!right_used[j])
      (is_unassigned(newer.records[j]) ? d.unassigned_added : d.added).push_back(newer.records[j]);

  std::map<std::string, const person*> op, np;
  for (const auto& p : older.people) op[p.id] = &p;
  for (const auto& p : newer.people) np[p.id] = &p;
  for (const auto& [id, p] : op) {
    auto it = np.find(id);
    if (it == np.end()) d.people_removed.push_back(*p);
    else if (normalise_text(p->name) != normalise_text(it->second->name) ||
             normalise_text(p->org) != normalise_text(it->second->org) ||
             normalise_text(p->uri) != normalise_text(it->second->uri) || p->updated != it->second->updated)
      d.people_changed.emplace_back(*p, *it->second);
  }
  for (const auto& [id, p] : np)
    if (!op.contains(id)) d.people_added.push_back(*p);
  return d;
}

equivalence measure_equivalence(const snapshot& left, const snapshot& right, std::string_view cutoff) {
  equivalence e;
  e.left_records = left.records.size();
  e.right_records = right.records.size();
  const auto m = match(left, right);
  for (const auto& [i, j] : m.pairs) {
    const auto& a = left.records[i];
    const auto& b = right.records[j];
    if (!cutoff.empty() && (later_than(a.registered, cutoff) || later_than(a.modified, cutoff) ||
                            later_than(b.registered, cutoff) || later_than(b.modified, cutoff))) {
      ++e.skipped;
      continue;
    }
    ++e.common;
    auto f = compare_records(a, b);
    if (f.empty()) ++e.agreeing;
    else e.disagreements.push_back({a, b, std::move(f)});
  }
  return e;
}

}  // namespace svcname::registry
