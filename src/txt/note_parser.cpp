// Parser for the IANA registry's free-text TXT-key notes ("Defined TXT keys: ..."). The notes
// are written by hundreds of registrants in many forms; this turns each into a service_spec.
// The forms handled are listed in spec.h; every heuristic below names the notes it is for.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "svcname/chars.h"
#include "svcname/txt/spec.h"

namespace svcname::txt {
namespace {

using chars::iequals;
using chars::lower;
using chars::trim;

bool istarts(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && iequals(s.substr(0, p.size()), p);
}
bool icontains(std::string_view s, std::string_view p) {
  return lower(s).find(lower(p)) != std::string::npos;
}

// Position just after "TXT keys" (any case, any white space between the words), or npos.
std::size_t find_txt_keys(std::string_view note) {
  const std::string l = lower(note);
  for (std::size_t i = l.find("txt"); i != std::string::npos; i = l.find("txt", i + 1)) {
    std::size_t j = i + 3;
    if (j >= l.size() || !chars::is_space(l[j])) continue;
    while (j < l.size() && chars::is_space(l[j])) ++j;
    if (l.compare(j, 4, "keys") == 0) return j + 4;
  }
  return std::string::npos;
}

// Drops XML tags that a reader may have kept (<xref .../>, <paragraph>), keeping a URL from a
// data="..." attribute, and <br/> as a line break.
std::string strip_markup(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '<') {
      const auto end = s.find('>', i);
      const std::string_view tag =
          end == std::string_view::npos ? std::string_view() : s.substr(i, end - i + 1);
      const bool xml = !tag.empty() && (istarts(tag, "<xref") || istarts(tag, "<ns0:") ||
                                        istarts(tag, "</ns0:") || istarts(tag, "<paragraph") ||
                                        istarts(tag, "</paragraph") || istarts(tag, "<br"));
      if (xml) {
        if (istarts(tag, "<br") || icontains(tag, "paragraph")) out += '\n';
        if (const auto d = tag.find("data=\""); d != std::string_view::npos) {
          const auto e = tag.find('"', d + 6);
          if (e != std::string_view::npos) {
            auto data = tag.substr(d + 6, e - d - 6);
            if (icontains(data, "://")) out += std::string(data);
            else if (istarts(data, "rfc")) out += "[RFC" + std::string(data.substr(3)) + "]";
          }
        }
        i = end + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '\n') {
      lines.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  return lines;
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (const char c : s) {
    if (chars::is_space(c)) in = false;
    else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> w;
  std::string cur;
  for (const char c : s) {
    if (chars::is_space(c)) {
      if (!cur.empty()) w.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) w.push_back(std::move(cur));
  return w;
}

// Words that make an item prose rather than a key name ("others not publicly documented").
bool has_stopword(std::string_view item) {
  static constexpr std::array stop{"the", "of", "for", "to", "is", "be", "if", "and", "or", "a",
                                   "an", "as", "with", "are", "will", "not", "by", "in", "on",
                                   "from", "there", "any", "this", "that", "used", "where"};
  for (const auto& w : words(item)) {
    const auto lw = lower(w);
    for (const auto* s : stop)
      if (lw == s) return true;
  }
  return false;
}

bool is_url_like(std::string_view w) {
  return icontains(w, "://") || istarts(w, "www.") || icontains(w, ".html") ||
         icontains(w, ".pdf") || icontains(w, ".htm") || istarts(w, "[RFC");
}

// Removes a URL-ish word from @p s and returns it (first one).
std::string take_urls(std::string& s) {
  std::string found;
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && !chars::is_space(s[j])) ++j;
    const std::string w = s.substr(i, j - i);
    if (!w.empty() && is_url_like(w)) {
      if (found.empty()) {
        found = w;
        while (!found.empty() && (found.back() == '.' || found.back() == ')' || found.back() == ','))
          found.pop_back();
      }
    } else {
      out += w;
    }
    while (j < s.size() && chars::is_space(s[j])) out += s[j++];
    i = j;
  }
  s = out;
  return found;
}

bool key_char_ok(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u <= 0x7E && c != '=';
}

// A raw item → a clean key name, or "" if the item is not a key.
std::string clean_key(std::string_view raw) {
  std::string_view k = trim(raw);
  // Bullets: "- txtvers", "a. ssid", "1. foo" (soda, enphase-envoy).
  if (k.size() >= 2 && k[0] == '-' && chars::is_space(k[1])) k = trim(k.substr(2));
  if (k.size() >= 3 && chars::is_alnum(k[0]) && k[1] == '.' && chars::is_space(k[2]))
    k = trim(k.substr(3));
  // Quoted keys: "url", 'txtvers'.
  while (!k.empty() && (k.front() == '"' || k.front() == '\'' || k.front() == '`'))
    k.remove_prefix(1);
  while (!k.empty() && (k.back() == '"' || k.back() == '\'' || k.back() == '`' ||
                        k.back() == ';' || k.back() == ':' || k.back() == ',' || k.back() == '.'))
    k.remove_suffix(1);
  k = trim(k);
  while (k.size() >= 2 && k.back() == '-' && chars::is_space(k[k.size() - 2])) k = trim(k.substr(0, k.size() - 1));
  // "<type>" written as the key (iot): unwrap.
  if (k.size() > 2 && k.front() == '<' && k.back() == '>') {
    auto inner = k.substr(1, k.size() - 2);
    if (inner.find(' ') != std::string_view::npos) return {};
    k = inner;
  }
  if (k.empty() || k.size() > 40) return {};
  for (const char c : k)
    if (!key_char_ok(c)) return {};
  if (k.find('<') != std::string_view::npos || k.find('>') != std::string_view::npos) return {};
  if (k.front() == '(' || k.back() == ')') return {};
  if (word_count(k) > 3 || (word_count(k) > 1 && has_stopword(k))) return {};
  if (is_url_like(k)) return {};
  if (k == "..." || k == "\xE2\x80\xA6") return {};
  return std::string(k);
}

// Splits at top level (outside <>, (), [], {}, quotes) on any of @p seps.
std::vector<std::string> split_top(std::string_view s, std::string_view seps) {
  std::vector<std::string> out;
  std::string cur;
  int angle = 0, paren = 0, square = 0, brace = 0;
  char quote = 0;
  for (const char c : s) {
    if (quote) {
      if (c == quote) quote = 0;
      cur += c;
      continue;
    }
    switch (c) {
      case '<': ++angle; break;
      case '>': angle = std::max(0, angle - 1); break;
      case '(': ++paren; break;
      case ')': paren = std::max(0, paren - 1); break;
      case '[': ++square; break;
      case ']': square = std::max(0, square - 1); break;
      case '{': ++brace; break;
      case '}': brace = std::max(0, brace - 1); break;
      case '"': quote = c; break;
      default: break;
    }
    if (angle == 0 && paren == 0 && square == 0 && brace == 0 &&
        seps.find(c) != std::string_view::npos) {
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(std::move(cur));
  return out;
}

// Positions of top-level '=' in @p s.
std::vector<std::size_t> top_equals(std::string_view s) {
  std::vector<std::size_t> pos;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"') quote = c;
    else if (c == '<' || c == '(' || c == '[' || c == '{') ++depth;
    else if (c == '>' || c == ')' || c == ']' || c == '}') depth = std::max(0, depth - 1);
    else if (c == '=' && depth == 0) {
      pos.push_back(i);
      while (i + 1 < s.size() && s[i + 1] == '=') ++i;  // "==" (nasunifiler)
    }
  }
  return pos;
}

std::string strip_chars(std::string_view s, std::string_view drop) {
  std::string o;
  for (const char c : s)
    if (drop.find(c) == std::string_view::npos) o += c;
  return std::string(trim(o));
}

// Escapes regex metacharacters so a key prefix matches literally in a family pattern.
std::string regex_escape(std::string_view s) {
  std::string o;
  for (const char c : s) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) o += '\\';
    o += c;
  }
  return o;
}

// Words that stand for "a value goes here" rather than a fixed value.
bool placeholder_word(std::string_view key, std::string_view v) {
  static constexpr std::array generic{"name",   "value",  "string", "version", "id",
                                      "number", "x",      "n",      "?",       "text",
                                      "path",   "url",    "uuid",   "guid",    "type"};
  const auto lv = lower(v);
  for (const auto* g : generic)
    if (lv == g) return true;
  // "u=username; k=keypattern" (ncpu): the value spells out the key.
  if (!key.empty() && istarts(v, key) && v.size() > key.size()) return true;
  // "fix=APPLICATIONVERSION": upper-case words stand for a value from a list.
  bool all_upper = v.size() >= 10;
  for (const char c : v) all_upper = all_upper && (chars::is_upper(c) || c == '_');
  if (all_upper) return true;
  // Letters separated by dots ("x.y.z.w", "x.xx").
  bool letters_dots = v.find('.') != std::string_view::npos;
  for (const char c : v) letters_dots = letters_dots && (chars::is_lower(c) || c == '.');
  return letters_dots;
}

// Enumeration inside a value or description: "<master or slave>", "<true|false>",
// "plaintext | md5 | rsakeys", "{'production'|'standby'}", "['iiop']|['http']",
// "one of "normal", "safe" or "recovery"", "i.e. "Thing" or "Directory"".
std::vector<std::string> find_enum(std::string_view text) {
  std::vector<std::string> out;
  // Quoted alternatives after "one of" / "i.e.".
  for (const std::string_view lead : {"one of", "i.e."}) {
    const auto l = lower(text);
    const auto p = l.find(lead);
    if (p == std::string::npos) continue;
    std::string_view rest = text.substr(p + lead.size());
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] != '"') {
        if (rest[i] == '.' && i + 1 < rest.size() && rest[i + 1] == ' ') break;  // end of sentence
        continue;
      }
      const auto e = rest.find('"', i + 1);
      if (e == std::string_view::npos) break;
      out.emplace_back(rest.substr(i + 1, e - i - 1));
      i = e;
    }
    if (out.size() >= 2) return out;
    out.clear();
  }
  if (icontains(text, "e.g.") || icontains(text, "example")) return {};
  std::string t = std::string(trim(text));
  if (t.size() >= 2 && t.front() == '<' && t.back() == '>') t = t.substr(1, t.size() - 2);
  const bool braces = t.find('{') != std::string::npos || t.find('[') != std::string::npos;
  std::vector<std::string> parts;
  if (t.find('|') != std::string::npos) {
    parts = split_top(strip_chars(t, "{}[]'\""), "|,");
  } else if (braces) {
    parts = split_top(strip_chars(t, "{}[]'\""), ",");
  } else {
    const auto w = words(t);
    if (w.size() == 3 && iequals(w[1], "or")) parts = {w[0], w[2]};
  }
  if (parts.size() < 2) return {};
  for (auto& p : parts) {
    std::string v(trim(p));
    if (v.empty() || v.find(' ') != std::string::npos || v.find("..") != std::string::npos)
      return {};
    bool upper_word = v.size() >= 10;  // "APPLICATIONVERSION": a placeholder, not a value
    for (const char c : v) upper_word = upper_word && (chars::is_upper(c) || c == '_');
    if (upper_word) return {};
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out.size() >= 2 ? out : std::vector<std::string>{};
}

struct item {
  std::string key;
  std::string rest;     // text after '=' (value or description), or after the key
  bool has_equals = false;
};

// An item "key=<value>" or "key (meaning)" or "key: meaning" or "key   description".
item split_item(std::string_view raw) {
  item it;
  const auto eq = top_equals(raw);
  if (!eq.empty()) {
    it.key = std::string(raw.substr(0, eq[0]));
    auto v = raw.substr(eq[0] + 1);
    while (!v.empty() && v.front() == '=') v.remove_prefix(1);
    it.rest = std::string(trim(v));
    it.has_equals = true;
    return it;
  }
  std::string_view r = trim(raw);
  // "<type>:meaning" (iot), "td: Absolute pathname..." (wot), "\"url\": if present" (bootstrap).
  const auto colon = r.find(':');
  if (colon != std::string_view::npos && colon > 0 && r.substr(0, colon).find(' ') == std::string_view::npos &&
      !is_url_like(r)) {
    it.key = std::string(r.substr(0, colon));
    it.rest = std::string(trim(r.substr(colon + 1)));
    return it;
  }
  // "auth          plaintext | md5 | rsakeys" (iax, shifter): key, 2+ spaces, description.
  if (const auto p = r.find("  "); p != std::string_view::npos && p > 0 &&
                                    r.substr(0, p).find(' ') == std::string_view::npos) {
    it.key = std::string(r.substr(0, p));
    it.rest = std::string(trim(r.substr(p)));
    return it;
  }
  // "model (device model identifier)" (wchr, wdp, ims-ni).
  if (const auto p = r.find(" ("); p != std::string_view::npos && p > 0) {
    it.key = std::string(r.substr(0, p));
    it.rest = std::string(r.substr(p + 1));
    return it;
  }
  it.key = std::string(r);
  return it;
}

// Splits "u=<username> p=<password> path=<path>" into one item per key: each top-level '='
// after the first starts a new item at the white space before its key.
std::vector<std::string> split_multi_equals(const std::string& s) {
  const auto eq = top_equals(s);
  if (eq.size() < 2) return {s};
  std::vector<std::size_t> starts{0};
  for (std::size_t n = 1; n < eq.size(); ++n) {
    std::size_t b = eq[n];
    while (b > eq[n - 1] + 1 && !chars::is_space(s[b - 1])) --b;
    if (b <= eq[n - 1] + 1) return {s};  // no white space between: "a=b=c" is one item
    starts.push_back(b);
  }
  std::vector<std::string> out;
  for (std::size_t n = 0; n < starts.size(); ++n) {
    const auto end = n + 1 < starts.size() ? starts[n + 1] : s.size();
    out.push_back(s.substr(starts[n], end - starts[n]));
  }
  return out;
}

bool is_example_lead(std::string_view line) {
  const auto t = trim(line);
  return istarts(t, "e.g") || istarts(t, "eg ") || istarts(t, "example") ||
         istarts(t, "(example") || istarts(t, "normally") || istarts(t, "note:");
}

bool key_like_token(std::string_view t) {
  if (t.empty() || !chars::is_alpha(t.front())) return false;
  for (const char c : t)
    if (!(chars::is_alnum(c) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

// Adds @p raw as a key (with its value/description) to @p spec.
void add_key(service_spec& spec, const item& it) {
  std::string k = clean_key(it.key);
  if (k.empty()) return;
  for (const auto& have : spec.keys)
    if (have.key == k) return;
  key_spec ks;
  ks.key = k;
  std::string rest = it.rest;
  // "(optional)" / "(required)" markers (aeroflex, shifter).
  if (icontains(rest, "(required") || icontains(rest, "(requried")) ks.need = presence::required;
  if (it.has_equals) {
    std::string v(trim(rest));
    if (!v.empty() && v.front() == '<') {
      const auto e = v.find('>');
      const std::string inner = v.substr(1, e == std::string::npos ? std::string::npos : e - 1);
      ks.meaning = inner;
      auto en = find_enum("<" + inner + ">");
      if (!en.empty()) {
        ks.values = en;
        ks.enumeration = true;
      }
    } else if (!v.empty()) {
      auto en = find_enum(v);
      if (!en.empty()) {
        ks.values = en;
        ks.enumeration = true;
      } else {
        // A fixed value is one bare token: "txtvers=1", "role=master", "txtvers='1'".
        auto first = words(v);
        std::string tok = first.empty() ? std::string() : first[0];
        const bool single = first.size() == 1 || (first.size() > 1 && first[1].front() == '(');
        tok = strip_chars(tok, "'\",;");
        if (single && !tok.empty() && !placeholder_word(k, tok) && tok.front() != '/' &&
            tok.find('<') == std::string::npos)
          ks.values.push_back(tok);
        else
          ks.meaning = v;
      }
    }
  } else if (!rest.empty()) {
    auto en = find_enum(rest);
    if (!en.empty()) {
      ks.values = en;
      ks.enumeration = true;
    }
    ks.meaning = strip_chars(rest, "()");
  }
  // Numbered family written with a placeholder letter: "dkX" (adisk).
  if (k.size() >= 2 && k.back() == 'X' && chars::is_lower(k[k.size() - 2])) {
    bool lower_prefix = true;
    for (std::size_t i = 0; i + 1 < k.size(); ++i) lower_prefix = lower_prefix && chars::is_lower(k[i]);
    if (lower_prefix) ks.pattern = regex_escape(k.substr(0, k.size() - 1)) + "[0-9]+";
  }
  spec.keys.push_back(std::move(ks));
}

// Collapses "c0, c1, ..., cn" into one family key with a pattern (psap, ptp-req).
void collapse_families(service_spec& spec, bool ellipsis) {
  if (!ellipsis) return;
  std::vector<key_spec> out;
  std::vector<std::string> done;
  for (const auto& k : spec.keys) {
    std::size_t d = k.key.size();
    while (d > 0 && chars::is_digit(k.key[d - 1])) --d;
    const std::string prefix = k.key.substr(0, d);
    const bool numbered = d < k.key.size() && d > 0;
    const bool letter_n = k.key.size() >= 2 && (k.key.back() == 'n' || k.key.back() == 'N');
    std::string fam;
    if (numbered) fam = prefix;
    else if (letter_n) {
      const auto p = k.key.substr(0, k.key.size() - 1);
      // "cn" belongs to a family only if "c0"/"c1" are in the list too.
      for (const auto& o : spec.keys)
        if (o.key.size() > p.size() && o.key.compare(0, p.size(), p) == 0 &&
            chars::is_digit(o.key[p.size()]))
          fam = p;
    }
    if (fam.empty()) {
      out.push_back(k);
      continue;
    }
    if (std::find(done.begin(), done.end(), fam) != done.end()) continue;
    std::size_t members = 0;
    for (const auto& o : spec.keys)
      if (o.key.size() > fam.size() && o.key.compare(0, fam.size(), fam) == 0) ++members;
    if (members < 2) {
      out.push_back(k);
      continue;
    }
    done.push_back(fam);
    key_spec f;
    f.key = fam + "n";
    f.pattern = regex_escape(fam) + "[0-9]+";
    out.push_back(std::move(f));
  }
  spec.keys = std::move(out);
}

bool starts_none(std::string_view b) {
  const auto t = trim(b);
  if (!istarts(t, "none")) return false;
  return t.size() == 4 || !chars::is_alnum(t[4]);
}

}  // namespace

bool note_mentions_txt_keys(std::string_view note) noexcept {
  try {
    return find_txt_keys(note) != std::string::npos;
  } catch (...) {
    return false;
  }
}

service_spec parse_note(std::string_view service, std::string_view note_in) {
  service_spec spec;
  spec.service = std::string(service);
  spec.origin = "registry";
  const std::string note = strip_markup(note_in);
  const auto at = find_txt_keys(note);
  const std::string before = at == std::string::npos ? note : note.substr(0, at);
  std::string body = at == std::string::npos ? std::string() : note.substr(at);
  // "This is an extension of the http service." (caldav, timezone).
  if (const auto p = lower(before).find("extension of the "); p != std::string::npos) {
    auto w = words(before.substr(p + 17));
    if (!w.empty()) spec.inherits = strip_chars(w[0], "_.");
  }
  // Drop a leading ':' and a repeated "Defined TXT keys:" (est).
  body = std::string(trim(body));
  if (!body.empty() && body.front() == ':') body = std::string(trim(body.substr(1)));
  if (body.empty()) {
    spec.status = spec_status::none;  // "Defined TXT keys: " (msrps)
    return spec;
  }
  // "(Same as for _http._tcp)" (qttp, xul-http).
  if (const auto p = lower(body).find("same as for _"); p != std::string::npos) {
    auto w = words(body.substr(p + 13));
    if (!w.empty()) {
      auto name = w[0].substr(0, w[0].find('.'));
      if (!spec.inherits) spec.inherits = name;
    }
    const auto open = body.rfind('(', p);
    const auto close = body.find(')', p);
    if (open != std::string::npos && close != std::string::npos)
      body.erase(open, close - open + 1);
    else
      body.erase(p);
  }
  const std::string lb = lower(body);
  const std::string first_line(trim(body.substr(0, body.find('\n'))));

  // --- Statuses decided by the opening words --------------------------------------------
  // "there is no TXT keys defined" (tsbiis), "0" (mavlink).
  if (istarts(lb, "there is no") || trim(body) == "0") {
    spec.status = spec_status::none;
    return spec;
  }
  const bool none_lead = starts_none(body);
  // "Proprietary", "TBD", "Varies; ...", "Contact ...", "inherited from ..." (unlisted keys).
  const bool undocumented_lead = istarts(lb, "proprietary") || istarts(lb, "tbd") ||
                                 istarts(lb, "varies") || istarts(lb, "contact") ||
                                 istarts(lb, "inherited from") || istarts(lb, "application will");
  // "See BonjourPrinting.pdf.", "see www...", "Defined in URL specification", "Will be
  // described at ...", "TXT records keys, if any, will be defined in Section 8.12 ...".
  const bool reference_lead = istarts(lb, "see ") || istarts(lb, "see:") ||
                              istarts(lb, "defined in") || istarts(lb, "will be described") ||
                              istarts(lb, "txt records keys") || is_url_like(words(body)[0]);
  if (undocumented_lead) {
    spec.status = spec_status::undocumented;
    return spec;
  }
  bool url_then_list = false;
  if (reference_lead && is_url_like(words(body)[0])) {
    std::string b = body;
    const auto url = take_urls(b);
    const std::string rest(trim(b));
    if (rest.size() > 2 && rest.front() == '(' && rest.back() == ')') {
      body = rest.substr(1, rest.size() - 2);  // "URL (dn dt md mf pr sn vn)"
      spec.reference = url;
      url_then_list = true;
    }
  }
  if (reference_lead && !url_then_list) {
    spec.status = spec_status::reference;
    std::string b = body;
    spec.reference = take_urls(b);
    if (spec.reference.empty()) {
      auto w = words(body);
      if (w.size() >= 2) spec.reference = strip_chars(w[1], ":");
      if (spec.reference.size() > 1 && spec.reference.back() == '.') spec.reference.pop_back();
    }
    return spec;
  }

  // --- Key extraction --------------------------------------------------------------------
  std::string work = body;
  if (none_lead) {
    // "None" alone, "None at present", "None. RFID reader ..."; but "None\n path=<...>" (hg,
    // mxs) goes on to list keys on the following lines.
    const auto nl = work.find('\n');
    if (nl == std::string::npos || work.substr(nl).find('=') == std::string::npos) {
      spec.status = spec_status::none;
      return spec;
    }
    work = work.substr(nl + 1);
  }
  if (const auto url = take_urls(work); !url.empty()) spec.reference = url;
  // "Thread 1.1 Specification, Section 8.4.1.1.2. https://..." (meshcop): a pointer.
  if (!spec.reference.empty() && work.find('=') == std::string::npos &&
      (icontains(work, "specification") || icontains(work, "section "))) {
    spec.status = spec_status::reference;
    return spec;
  }
  // Open sets: "(others not publicly documented)", "txtvers + Proprietary",
  // "txtvers and proprietary keys", "Further keys may be added in the future."
  const std::string lw = lower(work);
  if (lw.find("not publicly documented") != std::string::npos ||
      lw.find("proprietary keys") != std::string::npos || lw.find("+ proprietary") != std::string::npos ||
      lw.find("and proprietary") != std::string::npos || lw.find("further keys") != std::string::npos ||
      lw.find("may be added") != std::string::npos)
    spec.open = true;
  {
    // Remove the open-set phrases so they are not read as keys.
    for (const std::string_view ph : {"and proprietary keys", "+ proprietary", "+ Proprietary",
                                      "and proprietary"}) {
      for (auto p = lower(work).find(lower(ph)); p != std::string::npos;
           p = lower(work).find(lower(ph)))
        work.erase(p, ph.size());
    }
  }
  // Quoted keys: "\"url\": if present ..." (bootstrap), "key \"txtvers\"" (pochi),
  // "1st key: \"txt-vers\"" (av-chat-ring-01).
  std::vector<std::string> quoted;
  for (std::size_t i = work.find('"'); i != std::string::npos; i = work.find('"', i + 1)) {
    const auto e = work.find('"', i + 1);
    if (e == std::string::npos) break;
    const std::string q = work.substr(i + 1, e - i - 1);
    std::size_t a = e + 1;
    while (a < work.size() && work[a] == ' ') ++a;
    std::size_t b = i;
    while (b > 0 && chars::is_space(work[b - 1])) --b;
    const bool colon_after = a < work.size() && work[a] == ':';
    const bool key_before = b >= 3 && (iequals(work.substr(b - 3, 3), "key") ||
                                       (b >= 4 && iequals(work.substr(b - 4, 4), "key:")));
    if ((colon_after || key_before) && key_like_token(q)) quoted.push_back(q);
    i = e;
  }
  if (!quoted.empty()) {
    for (const auto& q : quoted) add_key(spec, item{q, {}, false});
    spec.status = spec.keys.empty() ? spec_status::undocumented : spec_status::keys;
    return spec;
  }

  // Join soft line wraps: a line ending in ',' (tbricks, commfort, rradict, wdp).
  std::vector<std::string> lines;
  for (auto& l : split_lines(work)) {
    std::string t(trim(l));
    if (!lines.empty() && !lines.back().empty() && lines.back().back() == ',') {
      lines.back() += " " + t;
    } else {
      lines.push_back(std::move(t));
    }
  }
  // Cut at an "Example:" line (jnx-kcsync) and drop example / remark lines.
  std::vector<std::string> kept;
  for (auto& l : lines) {
    if (istarts(l, "example")) break;
    if (l.empty() || is_example_lead(l)) continue;
    kept.push_back(l);
  }
  std::size_t lines_with_eq = 0;
  for (const auto& l : kept)
    if (!top_equals(l).empty()) ++lines_with_eq;

  // "key: description" paragraphs (wot): a line starting "token: " opens an item, other lines
  // continue it.
  std::size_t colon_lines = 0;
  for (const auto& l : kept) {
    const auto c = l.find(": ");
    if (c != std::string::npos && c > 0 && l.substr(0, c).find(' ') == std::string::npos &&
        top_equals(l.substr(0, c)).empty() && !is_url_like(l.substr(0, c)))
      ++colon_lines;
  }
  std::vector<item> items;
  bool ellipsis = false;
  auto note_ellipsis = [&](std::string_view s) {
    if (s.find("...") != std::string_view::npos || s.find("\xE2\x80\xA6") != std::string_view::npos)
      ellipsis = true;
  };
  if (lines_with_eq == 0 && colon_lines >= 2) {
    for (const auto& l : kept) {
      const auto c = l.find(": ");
      if (c != std::string::npos && c > 0 && l.substr(0, c).find(' ') == std::string::npos) {
        items.push_back(item{l.substr(0, c), l.substr(c + 2), false});
      } else if (!items.empty()) {
        items.back().rest += " " + l;
      }
    }
  } else if (kept.size() > 1 && lines_with_eq > 0 && lines_with_eq * 2 >= kept.size()) {
    // One key per line, key=value form; lines without '=' continue the previous item unless
    // they are a lone key (lanrevagent "txtvers") (fix, spx-hmp, sparql, dbaudio, ...).
    for (const auto& l : kept) {
      note_ellipsis(l);
      if (!top_equals(l).empty()) {
        for (const auto& part : split_multi_equals(l)) {
          for (auto& sub : split_top(part, ",;")) {
            if (trim(sub).empty()) continue;
            if (top_equals(sub).empty() && !items.empty() && items.back().has_equals &&
                !key_like_token(trim(sub))) {
              items.back().rest += ", " + std::string(trim(sub));
              continue;
            }
            items.push_back(split_item(sub));
          }
        }
      } else if (key_like_token(l)) {
        items.push_back(item{l, {}, false});
      } else if (!items.empty()) {
        items.back().rest += " " + l;  // continuation ("operating, one of \"normal\", ...")
      }
    }
  } else {
    // Lists on one or more lines: split by newlines, commas, semicolons and " + ".
    for (const auto& l : kept) {
      note_ellipsis(l);
      // Table rows "key   description" (iax, shifter) stay whole.
      const auto p = l.find("  ");
      if (kept.size() > 1 && p != std::string::npos && top_equals(l).empty() &&
          key_like_token(l.substr(0, p))) {
        items.push_back(split_item(l));
        continue;
      }
      const auto parts = split_top(l, ",;+");
      // A sentence in place of a list: "Text keys are the file extensions of ..." (sessionfs).
      if (items.empty() && &l == &kept.front() && word_count(parts.front()) > 4 &&
          has_stopword(parts.front()) &&
          top_equals(parts.front()).empty() && parts.front().find(':') == std::string::npos) {
        spec.status = spec_status::undocumented;
        return spec;
      }
      for (auto& part : parts) {
        std::string t(trim(part));
        if (t.empty() || is_example_lead(t)) continue;
        for (auto& sub : split_multi_equals(t)) {
          std::string s(trim(sub));
          if (s.empty()) continue;
          // A space-separated list of plain identifiers: "txtvers uuid devicename" (duckrace),
          // "product version bus id featuremask" (bender). Not "TEST-OK Test Controller ...".
          const auto w = words(s);
          bool plain = w.size() >= 2 && top_equals(s).empty() && s.find('(') == std::string::npos &&
                       s.find(':') == std::string::npos;
          for (const auto& x : w) plain = plain && key_like_token(x) && !chars::is_upper(x[0]) &&
                                          !has_stopword(x);
          if (plain && w.size() > 3) {
            for (const auto& x : w) items.push_back(item{x, {}, false});
          } else if (plain && w.size() >= 2 && kept.size() == 1 && split_top(l, ",;+").size() == 1) {
            for (const auto& x : w) items.push_back(item{x, {}, false});
          } else {
            items.push_back(split_item(s));
          }
        }
      }
    }
  }
  // A note that only names its own service or a service type ("FF-ICE", "_hub._tcp.host...",
  // "Eucalyptus-DNS-SD") documents no keys.
  const std::string svc = lower(std::string(service));
  if (items.size() <= 2) {
    bool all_self = !items.empty();
    for (const auto& it : items) {
      const auto lk = lower(it.key);
      const bool self = (!svc.empty() && lk.find(svc) != std::string::npos) ||
                        lk.find("dns-sd") != std::string::npos || lk.find("_tcp") != std::string::npos ||
                        lk.find(".tcp") != std::string::npos || lk.find("_udp") != std::string::npos ||
                        (lk.size() > 4 && (lk.ends_with("-service") || lk.ends_with("-srv")));
      all_self = all_self && self && !it.has_equals;
    }
    if (all_self) {
      spec.status = spec_status::undocumented;
      return spec;
    }
  }
  // A document name in place of keys: "Shared_Activity_Protocol_1.0" (olpc-activity1).
  if (items.size() == 1 && !items.front().has_equals &&
      (icontains(items.front().key, "protocol_") || icontains(items.front().key, "_protocol"))) {
    spec.status = spec_status::reference;
    spec.reference = std::string(trim(items.front().key));
    return spec;
  }
  // Comma lists of tags that start with the service's own name (commfort) are not keys.
  if (items.size() > 4 && !svc.empty() && lower(items.front().key) == svc) {
    std::size_t multiword = 0;
    for (const auto& it : items)
      if (word_count(it.key) > 1) ++multiword;
    if (multiword >= 3) {
      spec.status = spec_status::undocumented;
      return spec;
    }
  }
  for (const auto& it : items) add_key(spec, it);
  collapse_families(spec, ellipsis);
  if (!spec.keys.empty()) {
    spec.status = spec_status::keys;
  } else if (none_lead) {
    spec.status = spec_status::none;
  } else if (!spec.reference.empty() || icontains(body, "specification") ||
             icontains(body, "protocol_")) {
    spec.status = spec_status::reference;
    if (spec.reference.empty()) spec.reference = std::string(trim(first_line));
  } else {
    spec.status = spec_status::undocumented;
  }
  return spec;
}

}  // namespace svcname::txt
