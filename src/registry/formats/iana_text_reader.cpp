// IANA's plain-text rendering (service-names-port-numbers.txt), a text dump of the HTML table:
//
//                             Transport ...                                  Registration Modification ...
//  Service Name   Port Number Protocol          Description      Assignee  ...   Date         Date  ...
//  msp                 18         tcp    Message Send Protocol        [Rina_Nethaniel] ...
//                                        (historic)
//
// Layout rules this reader relies on (checked against the 2013-06-26 file):
//  * Column labels in the header row are centred over their columns. Text cells are left
//    aligned, so a column starts where the cells between the previous label's centre and its
//    own label's centre most often start: the widths come from the header row, refined by the
//    rows themselves.
//  * Service name, port and protocol are single tokens on a record's anchor line (left of the
//    Description column). Every other cell may wrap onto several lines, and each row's cells
//    are centred vertically on the anchor line: a row of h lines has floor((h-1)/2) lines above
//    the anchor and the rest below. The split of the lines between two anchors is therefore
//    solved for the whole table at once (a small dynamic programme), not guessed per gap.
//  * The people table follows a "People" title, with the same layout (anchor = "[Id]" line).
// Columns count bytes (IANA's dump does: a UTF-8 "ö" is two columns wide).
#include <algorithm>
#include <array>
#include <climits>
#include <functional>
#include <map>

#include "shapes.h"
#include "svcname/chars.h"
#include "svcname/registry/formats.h"

namespace svcname::registry {
namespace {

using shapes::split_lines;

// Substring of @p line between columns [c0, c1), trimmed. IANA's dump counts bytes, not
// characters: a UTF-8 "ö" takes two columns (see [Mario_Pörner] in the 2013 file).
std::string_view cols(std::string_view line, std::size_t c0, std::size_t c1) {
  if (c0 >= line.size() || c0 >= c1) return {};
  return chars::trim(line.substr(c0, std::min(c1, line.size()) - c0));
}

std::size_t col_of(std::string_view, std::size_t off) { return off; }

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> tok;
  for (std::size_t k = 0; k < s.size();) {
    while (k < s.size() && s[k] == ' ') ++k;
    auto e = s.find(' ', k);
    if (e == std::string_view::npos) e = s.size();
    if (e > k) tok.push_back(s.substr(k, e - k));
    k = e;
  }
  return tok;
}

bool blank(std::string_view l) { return chars::trim(l).empty(); }

// Centre column of the label @p label on the header line, searching from @p from.
bool label_centre(std::string_view line, std::string_view label, std::size_t& from, double& centre) {
  const auto at = line.find(label, from);
  if (at == std::string_view::npos) return false;
  centre = static_cast<double>(col_of(line, at)) + static_cast<double>(label.size() - 1) / 2.0;
  from = at + label.size();
  return true;
}

// Column starts from label centres: column i starts at the most frequent cell start in
// (centre[i-1], centre[i]] over the table lines (a cell start = non-blank after two blanks,
// or after one blank when the character is '[' or a digit).
std::vector<std::size_t> column_starts(const std::vector<std::string_view>& lines, std::size_t b,
                                       std::size_t e, const std::vector<double>& centre) {
  std::map<std::size_t, std::size_t> hist;
  for (std::size_t i = b; i < e; ++i) {
    const auto l = lines[i];
    std::size_t col = 0;
    char p1 = ' ', p2 = ' ';
    for (std::size_t k = 0; k < l.size(); ++k) {
      const char c = l[k];
      if (c != ' ' && p1 == ' ' && (p2 == ' ' || c == '[')) ++hist[col];
      p2 = p1;
      p1 = c;
      ++col;
    }
  }
  std::vector<std::size_t> starts(centre.size(), 0);
  for (std::size_t i = 1; i < centre.size(); ++i) {
    std::size_t best = 0, best_n = 0;
    for (const auto& [c, n] : hist) {
      if (static_cast<double>(c) <= centre[i - 1] || static_cast<double>(c) > centre[i]) continue;
      if (n > best_n) best = c, best_n = n;
    }
    starts[i] = best_n ? best : static_cast<std::size_t>((centre[i - 1] + centre[i]) / 2.0);
    if (starts[i] <= starts[i - 1]) starts[i] = starts[i - 1] + 1;
  }
  return starts;
}

// Splits the lines around @p anchors (sorted; the table ends before line @p e) into row blocks
// so that each block has floor((h-1)/2) lines above its anchor; lines after the last block must
// be blank. Several splits can satisfy that rule ("msp 18 tcp" + "(historic)" could be the
// tail of one row or the head of the next), so the split chosen is the one with the fewest
// lines above anchors (rows wrap downwards), except that a line holding only a wrapped service
// name (text left of the Description column, @p name_line) prefers to sit above its anchor
// ("Apple Remote" / "Desktop (Net  3283  tcp" / "Assistant)"), and a split that leaves a row
// with unbalanced [brackets] or (parentheses) is avoided: IANA's cells are balanced, so such
// a row has taken lines of its neighbour ("[Ariën Huisken" / "<xadmin&...>" / "15 June 2009]").
// Returns block [first, last] line pairs; false (with @p bad_anchor) if no split fits.
bool solve_blocks(const std::vector<std::string_view>& lines, const std::vector<std::size_t>& anchors,
                  std::size_t e, const std::vector<bool>& name_line, const std::vector<std::size_t>& starts,
                  const std::function<long(std::size_t, std::pair<std::size_t, std::size_t>,
                                           std::pair<std::size_t, std::size_t>)>& pair,
                  std::vector<std::pair<std::size_t, std::size_t>>& blocks, std::size_t& bad_anchor) {
  const std::size_t n = anchors.size();
  blocks.clear();
  if (n == 0) return true;
  // A row taller than this is not a row of IANA's table (the tallest in 2013 has 24 lines);
  // the cap also keeps the programme linear on hostile input.
  constexpr std::size_t max_gap = 256;
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (anchors[i + 1] - anchors[i] > max_gap) {
      bad_anchor = anchors[i];
      return false;
    }
  if (e - anchors[n - 1] > max_gap) {
    std::size_t last = anchors[n - 1];
    for (std::size_t k = anchors[n - 1]; k < e; ++k)
      if (!blank(lines[k])) last = k;
    if (last - anchors[n - 1] > max_gap) {
      bad_anchor = anchors[n - 1];
      return false;
    }
    e = last + 1;
  }
  constexpr long unreachable = LONG_MAX / 4;
  // Prefix sums of the net '[' - ']' and '(' - ')' per line, for the balance of a block.
  const std::size_t lo = anchors.front(), hi = e;
  std::vector<long> sq(hi - lo + 1, 0), par(hi - lo + 1, 0);
  for (std::size_t k = lo; k < hi; ++k) {
    long a = 0, b = 0;
    for (char ch : lines[k]) a += ch == '[' ? 1 : ch == ']' ? -1 : 0, b += ch == '(' ? 1 : ch == ')' ? -1 : 0;
    sq[k - lo + 1] = sq[k - lo] + a;
    par[k - lo + 1] = par[k - lo] + b;
  }
  // Widest text seen in each column: IANA wraps greedily, so a cell line followed by a word
  // that would still have fitted on it cannot be a wrap of the same cell.
  std::vector<std::size_t> widest(starts.size(), 0);
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t c0 = starts[k], c1 = k + 1 < starts.size() ? starts[k + 1] : SIZE_MAX;
    for (std::size_t i = lo; i < hi; ++i) widest[k] = std::max(widest[k], cols(lines[i], c0, c1).size());
  }
  // Penalties for a candidate block: cells not centred on it (a cell of k lines should start
  // floor((h-k)/2) lines into a block of h), or lines that a greedy wrap would have joined.
  auto block_cost = [&](std::size_t first, std::size_t last) {
    long c = 0;
    if (sq[last - lo + 1] != sq[first - lo]) c += 100;
    if (par[last - lo + 1] != par[first - lo]) c += 100;
    const std::size_t h = last - first + 1;
    for (std::size_t k = 0; k < starts.size(); ++k) {
      const std::size_t c0 = starts[k], c1 = k + 1 < starts.size() ? starts[k + 1] : SIZE_MAX;
      std::size_t top = SIZE_MAX, bottom = 0;
      std::string_view prev;
      for (std::size_t i = first; i <= last; ++i) {
        const auto t = cols(lines[i], c0, c1);
        if (t.empty()) {
          prev = {};
          continue;
        }
        top = std::min(top, i), bottom = i;
        if (!prev.empty()) {
          const auto w = t.find(' ');
          const std::size_t word = w == std::string_view::npos ? t.size() : w;
          if (prev.size() + 1 + word <= widest[k]) c += 20;
        }
        prev = t;
      }
      if (top == SIZE_MAX) continue;
      const std::size_t cell_h = bottom - top + 1;
      if (top - first != (h - cell_h) / 2) c += 10;
    }
    return c;
  };
  auto above_cost = [&](std::size_t i, std::size_t a) {
    long c = static_cast<long>(a);
    for (std::size_t k = anchors[i] - a; k < anchors[i]; ++k)
      if (k < name_line.size() && name_line[k]) c -= 2;
    return c;
  };
  // Dynamic programme over rows; a state is one row's block (above a, below a or a+1), so
  // that a cost can also depend on two neighbouring rows (@p pair: e.g. the tcp and udp rows
  // of one service carry the same description). cost[i][2a+d]: best cost with above_i = a,
  // below_i = a+d; from[i][..]: the state of row i-1 it came from.
  using block = std::pair<std::size_t, std::size_t>;
  auto blk = [&](std::size_t i, std::size_t st) {
    const std::size_t a = st / 2, below = a + st % 2;
    return block{anchors[i] - a, anchors[i] + below};
  };
  auto below_ok = [&](std::size_t i, std::size_t below) {
    if (i + 1 < n) return below <= anchors[i + 1] - anchors[i] - 1;
    if (below > e - anchors[i] - 1) return false;
    for (std::size_t k = anchors[i] + 1 + below; k < e; ++k)
      if (!blank(lines[k])) return false;  // what follows the last row must be blank
    return true;
  };
  std::vector<std::vector<long>> cost(n);
  std::vector<std::vector<std::size_t>> from(n);
  cost[0].assign(2, unreachable);  // above_0 = 0: the first row starts at its anchor
  from[0].assign(2, 0);
  for (std::size_t st = 0; st < 2; ++st)
    if (below_ok(0, st)) cost[0][st] = block_cost(blk(0, st).first, blk(0, st).second);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const std::size_t gap = anchors[i + 1] - anchors[i] - 1;
    cost[i + 1].assign(2 * (gap + 1), unreachable);
    from[i + 1].assign(2 * (gap + 1), 0);
    bool any = false;
    for (std::size_t st = 0; st < cost[i].size(); ++st) {
      if (cost[i][st] >= unreachable) continue;
      const std::size_t next_above = gap - (st / 2 + st % 2);
      for (std::size_t d = 0; d < 2; ++d) {
        if (!below_ok(i + 1, next_above + d)) continue;
        const std::size_t nst = 2 * next_above + d;
        const auto b1 = blk(i + 1, nst);
        long c = cost[i][st] + above_cost(i + 1, next_above) + block_cost(b1.first, b1.second);
        if (pair) c += pair(i, blk(i, st), b1);
        if (c < cost[i + 1][nst]) cost[i + 1][nst] = c, from[i + 1][nst] = st, any = true;
      }
    }
    if (!any) {
      bad_anchor = anchors[i + 1];
      return false;
    }
  }
  std::size_t best_st = SIZE_MAX;
  long best = unreachable;
  for (std::size_t st = 0; st < cost[n - 1].size(); ++st)
    if (cost[n - 1][st] < best) best = cost[n - 1][st], best_st = st;
  if (best_st == SIZE_MAX) {
    bad_anchor = anchors[n - 1];
    return false;
  }
  blocks.resize(n);
  for (std::size_t i = n, st = best_st; i-- > 0;) {
    blocks[i] = blk(i, st);
    st = from[i][st];
  }
  return true;
}

// Text of one column over a block: wrapped lines joined by a space, blank lines as '\n'.
std::string cell(const std::vector<std::string_view>& lines, std::pair<std::size_t, std::size_t> blk,
                 std::size_t c0, std::size_t c1) {
  std::vector<std::string_view> parts;
  for (std::size_t i = blk.first; i <= blk.second; ++i) parts.push_back(cols(lines[i], c0, c1));
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  std::size_t k = 0;
  while (k < parts.size() && parts[k].empty()) ++k;
  std::string out;
  bool para = false;
  for (; k < parts.size(); ++k) {
    if (parts[k].empty()) {
      para = true;
      continue;
    }
    if (!out.empty()) out += para ? "\n" : " ";
    out += parts[k];
    para = false;
  }
  return out;
}

load_error err(std::string_view file, std::size_t line, std::string msg) {
  return load_error{std::string(file), static_cast<std::uint32_t>(line), 0, std::move(msg)};
}

constexpr std::array<std::string_view, 12> record_labels{
    "Service Name", "Port Number", "Protocol", "Description", "Assignee", "Contact",
    "Date", "Date", "Reference", "Code", "Unauthorized", "Assignment Notes"};
constexpr std::array<std::string_view, 5> people_labels{"ID", "Name", "Organization", "Contact URI",
                                                        "Last"};

bool is_records_header(std::string_view l) {
  std::size_t from = 0;
  double c = 0;
  for (auto lab : record_labels)
    if (!label_centre(l, lab, from, c)) return false;
  return true;
}
bool is_people_header(std::string_view l) {
  std::size_t from = 0;
  double c = 0;
  for (auto lab : people_labels)
    if (!label_centre(l, lab, from, c)) return false;
  return chars::trim(l).starts_with("ID");
}

}  // namespace

int sniff_iana_text(std::string_view bytes) noexcept {
  return shapes::sniff_by_header(bytes, [](std::string_view l) {
    return l.find("Service Name  ") != std::string_view::npos && is_records_header(l);
  });
}

result<snapshot, load_error> parse_iana_text(std::string_view bytes, std::string_view file) {
  std::vector<load_note> notes;
  return parse_iana_text(bytes, file, notes);
}

result<snapshot, load_error> parse_iana_text(std::string_view bytes, std::string_view file,
                                             std::vector<load_note>& notes) {
  const auto lines = split_lines(bytes);
  snapshot snap;
  snap.format = "iana-text";
  snap.updated = shapes::find_updated(lines);

  std::size_t head = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (is_records_header(lines[i])) {
      head = i;
      break;
    }
  if (head == lines.size())
    return fail(err(file, 1,
                    "no records header: expected a line with the column labels \"Service Name  "
                    "Port Number Protocol  Description  Assignee  Contact ...\" separated by blanks"));
  std::vector<double> centre;
  {
    std::size_t from = 0;
    for (auto lab : record_labels) {
      double c = 0;
      (void)label_centre(lines[head], lab, from, c);
      centre.push_back(c);
    }
  }
  // End of the records table: the centred "People" title (or the end of the file).
  std::size_t people_title = lines.size(), people_head = lines.size();
  for (std::size_t i = head + 1; i < lines.size(); ++i) {
    if (chars::trim(lines[i]) == "People") {
      people_title = i;
      for (std::size_t j = i + 1; j < lines.size() && j < i + 5; ++j)
        if (is_people_header(lines[j])) people_head = j;
      break;
    }
  }
  const auto starts = column_starts(lines, head + 1, people_title, centre);
  const std::size_t desc = starts[static_cast<std::size_t>(shapes::col_description)];

  // Anchors (a row's middle line): a port or protocol token left of the Description column,
  // or a lone name token at column 0 on a line that has other cells too (DNS-SD-only names).
  // Legacy names with spaces ("Apple Remote Desktop (Net Assistant)") wrap around the anchor.
  std::vector<std::size_t> anchors;
  for (std::size_t i = head + 1; i < people_title; ++i) {
    const auto left = cols(lines[i], 0, desc);
    if (left.empty()) continue;
    const auto toks = tokens(left);
    bool port_or_proto = false;
    port_range pr;
    for (std::size_t k = 0; k < toks.size(); ++k)
      if ((k > 0 || lines[i].front() == ' ') &&
          (shapes::parse_port_range(toks[k], pr) || shapes::is_protocol(toks[k])))
        port_or_proto = true;
    if (port_or_proto || (toks.size() == 1 && lines[i].front() != ' ' && !cols(lines[i], desc, SIZE_MAX).empty()))
      anchors.push_back(i);
  }
  // Lines between the header and the first row are header continuation ("Uses").
  if (anchors.empty()) return fail(err(file, head + 1, "the records table has no rows"));
  std::vector<std::pair<std::size_t, std::size_t>> blocks;
  std::size_t bad = 0;
  std::vector<bool> name_line(lines.size(), false);
  for (std::size_t i = head + 1; i < people_title; ++i)
    name_line[i] = !cols(lines[i], 0, desc).empty() && lines[i].front() != ' ' &&
                   !std::binary_search(anchors.begin(), anchors.end(), i);
  // The tcp and udp (sctp, dccp) rows of one service nearly always carry the same
  // description: a split that makes them differ is less likely than one that keeps them equal.
  const std::size_t dc0 = starts[static_cast<std::size_t>(shapes::col_description)];
  const std::size_t dc1 = starts[static_cast<std::size_t>(shapes::col_assignee)];
  auto same_service_pair = [&](std::size_t i, std::pair<std::size_t, std::size_t> b0,
                               std::pair<std::size_t, std::size_t> b1) -> long {
    const auto n0 = tokens(cols(lines[anchors[i]], 0, desc)), n1 = tokens(cols(lines[anchors[i + 1]], 0, desc));
    if (n0.empty() || n1.empty() || n0.front() != n1.front() || lines[anchors[i]].front() == ' ') return 0;
    return cell(lines, b0, dc0, dc1) == cell(lines, b1, dc0, dc1) ? 0 : 15;
  };
  if (!solve_blocks(lines, anchors, people_title, name_line,
                    std::vector<std::size_t>(starts.begin() + shapes::col_description, starts.end()),
                    same_service_pair, blocks, bad))
    return fail(err(file, bad + 1,
                    "cannot split the wrapped lines around this row into rows (each row's cells "
                    "are expected centred on its first line)"));

  // People first: their ids tell [Person_Id] from bracketed text.
  shapes::person_ids ids;
  if (people_head != lines.size()) {
    std::vector<double> pc;
    std::size_t from = 0;
    for (auto lab : people_labels) {
      double c = 0;
      (void)label_centre(lines[people_head], lab, from, c);
      pc.push_back(c);
    }
    std::size_t end = lines.size();
    for (std::size_t i = people_head + 1; i < lines.size(); ++i) {
      const auto t = chars::trim(lines[i]);
      if (t == "Footnote" || t == "Footnotes") {
        end = i;
        break;
      }
    }
    const auto ps = column_starts(lines, people_head + 2, end, pc);
    std::vector<std::size_t> pa;
    for (std::size_t i = people_head + 1; i < end; ++i)
      if (chars::trim(lines[i]).starts_with("[") && lines[i].starts_with("[")) pa.push_back(i);
    std::vector<std::pair<std::size_t, std::size_t>> pblocks;
    if (!solve_blocks(lines, pa, end, {}, std::vector<std::size_t>(ps.begin() + 1, ps.end()), {}, pblocks, bad))
      return fail(err(file, bad + 1, "cannot split the wrapped lines of the people table into rows"));
    for (const auto& blk : pblocks) {
      std::vector<std::string> in;
      const auto idc = cell(lines, blk, 0, ps[1]);
      if (!shapes::split_brackets(idc, in) || in.size() != 1)
        return fail(err(file, blk.first + 1, "people row does not start with a [Person_Id]"));
      person p{in[0], cell(lines, blk, ps[1], ps[2]), cell(lines, blk, ps[2], ps[3]),
               cell(lines, blk, ps[3], ps[4]), cell(lines, blk, ps[4], SIZE_MAX)};
      ids.ids.insert(p.id);
      snap.people.push_back(std::move(p));
    }
  }

  for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
    const auto blk = blocks[bi];
    const std::size_t a = anchors[bi];
    const auto line = static_cast<std::uint32_t>(a + 1);
    record r;
    r.line = line;
    // Name, port, protocol: tokens on the anchor line left of the Description column; the
    // name may continue on the row's other lines (legacy names with spaces wrap).
    {
      const auto tok = tokens(cols(lines[a], 0, desc));
      std::size_t t = 0;
      port_range pr;
      std::string name;
      for (std::size_t i = blk.first; i < a; ++i)
        if (const auto l = cols(lines[i], 0, desc); !l.empty()) name += (name.empty() ? "" : " ") + std::string(l);
      if (lines[a].front() != ' ') {
        while (t < tok.size() && (t == 0 || (!shapes::parse_port_range(tok[t], pr) && !shapes::is_protocol(tok[t]))))
          name += (name.empty() ? "" : " ") + std::string(tok[t++]);
      }
      for (std::size_t i = a + 1; i <= blk.second; ++i)
        if (const auto l = cols(lines[i], 0, desc); !l.empty()) name += (name.empty() ? "" : " ") + std::string(l);
      r.name = std::move(name);
      if (t < tok.size() && shapes::parse_port_range(tok[t], pr)) r.ports = pr, ++t;
      if (t < tok.size() && shapes::is_protocol(tok[t])) r.protocol = std::string(tok[t++]);
      if (t < tok.size())
        return fail(err(file, line, "unexpected \"" + std::string(tok[t]) +
                                        "\" left of the Description column (expected service name, "
                                        "port or range, and protocol)"));
    }
    auto c = [&](int k) {
      const auto ku = static_cast<std::size_t>(k);
      return cell(lines, blk, starts[ku], ku + 1 < starts.size() ? starts[ku + 1] : SIZE_MAX);
    };
    r.description = c(shapes::col_description);
    std::vector<std::string> in;
    for (int k : {shapes::col_assignee, shapes::col_contact}) {
      auto t = c(k);
      std::erase(t, ' ');
      if (t.empty()) continue;
      if (!shapes::split_brackets(t, in)) {
        notes.push_back({line, std::string(k == shapes::col_assignee ? "Assignee" : "Contact") +
                                   " cell \"" + t + "\" is not a list of [Person_Id]: ignored"});
        continue;
      }
      auto& dst = k == shapes::col_assignee ? r.assignee : r.contact;
      dst.insert(dst.end(), in.begin(), in.end());
    }
    // The plain-text rendering repeats the contact at the end of the Assignee column when
    // they differ ("[IESG][IETF_Chair]" / "[IETF_Chair]"); the XML never has two assignees
    // (0 of 1272 <assignee> elements in 2024-03-18), so the repeat is dropped.
    if (r.assignee.size() > 1 && !r.contact.empty() && r.assignee.back() == r.contact.back())
      r.assignee.pop_back();
    r.registered = c(shapes::col_registered);
    r.modified = c(shapes::col_modified);
    for (auto* d : {&r.registered, &r.modified})
      if (!d->empty() && !shapes::is_date(*d))
        notes.push_back({line, "date cell \"" + *d + "\" is not YYYY-MM(-DD): kept as is"});
    if (auto t = c(shapes::col_reference); !t.empty()) {
      for (auto& ch : t)
        if (ch == '\n') ch = ' ';
      if (shapes::split_brackets(t, in)) {
        for (const auto& i : in) r.references.push_back(shapes::make_reference(i));
      } else {
        notes.push_back({line, "Reference cell \"" + t + "\" is not bracketed: kept as text"});
        r.references.push_back(xref{"text", "", t});
      }
    }
    r.service_code = c(shapes::col_service_code);
    r.unauthorized = c(shapes::col_unauthorized);
    r.notes = c(shapes::col_notes);
    if (r.name.empty() && !r.ports)
      return fail(err(file, line, "row has neither a service name nor a port number"));
    shapes::finish_record(r);
    snap.records.push_back(std::move(r));
  }
  return snap;
}

}  // namespace svcname::registry
