// svcname txt check|decode|pcap: grade a TXT record against RFC 6763 §6 and the documented keys of
// its service; svcname registry txt-keys: the key specs parsed from the registry's notes;
// and the TXT-key section of `svcname registry show NAME`.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "command.h"
#include "json_out.h"
#include "svcname/chars.h"
#include "svcname/dnssd_name.h"
#include "svcname/capture.h"
#include "svcname/txt/check.h"
#include "svcname/wire/message.h"

namespace svcname::cli {
namespace {

using json = nlohmann::json;

// ---- input --------------------------------------------------------------------------------

struct input_opts {
  std::string hex, base64, file, text;
  std::vector<std::string> args;
};

struct loaded {
  txt::record rec;
  std::vector<std::uint8_t> bytes;  // the RDATA when the input was wire bytes
  bool wire = false;
  std::string subject;              // "--hex", a file name, "args"
};

// Reads the record. Returns an exit code (0 = ok). A malformed RDATA is not an input error:
// `check` grades it (txt-truncated); `decode` reports it.
int load_input(const input_opts& in, loaded& out) {
  int given = !in.hex.empty() + !in.base64.empty() + !in.file.empty() + !in.text.empty() +
              !in.args.empty();
  if (given != 1) {
    std::fprintf(stderr,
                 "svcname txt: give the record once: --hex HEX, --base64 B64, --file FILE, --text "
                 "'k=v k2', or key=value arguments (see --help)\n");
    return exit_usage;
  }
  auto bad_input = [](const char* what, const txt::parse_error& e, std::string_view text) {
    std::fprintf(stderr, "svcname txt: error: %s at offset %u: %s\n", what, e.offset, e.detail.c_str());
    if (!text.empty() && text.size() < 200) {
      // The caret goes under the escaped text: count the columns the escaped prefix takes
      // (escapes widen it; a UTF-8 character is one column).
      const auto prefix = txt::escape(text.substr(0, std::min<std::size_t>(e.offset, text.size())));
      int col = 0;
      for (const char c : prefix) col += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      std::fprintf(stderr, "    %s\n    %*s^\n", txt::escape(text).c_str(), col, "");
    }
    return exit_usage;
  };
  if (!in.hex.empty() || !in.base64.empty()) {
    auto b = !in.hex.empty() ? txt::decode_hex(in.hex) : txt::decode_base64(in.base64);
    if (!b)
      return bad_input(!in.hex.empty() ? "bad --hex input (two hex digits per byte; spaces and ':' allowed)"
                                       : "bad --base64 input",
                       b.error(), !in.hex.empty() ? in.hex : in.base64);
    out.bytes = std::move(*b);
    out.wire = true;
    out.subject = !in.hex.empty() ? "--hex" : "--base64";
  } else if (!in.file.empty()) {
    std::string data;
    if (in.file == "-") {
      data.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream f(in.file, std::ios::binary);
      if (!f) {
        const int err = errno;
        std::fprintf(stderr, "svcname txt: error: cannot read '%s': %s\n  --file takes the raw RDATA bytes; "
                     "use --hex, --base64 or --text for a record written out as text\n",
                     txt::escape(in.file).c_str(), std::strerror(err));
        return exit_io;
      }
      data.assign(std::istreambuf_iterator<char>(f), {});
    }
    out.bytes.assign(data.begin(), data.end());
    out.wire = true;
    out.subject = in.file == "-" ? "<stdin>" : txt::escape(in.file);  // no raw bytes to the terminal
  } else {
    auto r = !in.text.empty() ? txt::parse_text_line(in.text) : txt::parse_text_args(in.args);
    if (!r) {
      std::string joined = in.text;
      if (joined.empty())
        for (const auto& a : in.args) joined += (joined.empty() ? "" : " ") + a;
      return bad_input("bad text-form record", r.error(), joined);
    }
    out.rec = std::move(*r);
    out.subject = !in.text.empty() ? "--text" : "args";
    return exit_ok;
  }
  const std::span<const std::uint8_t> all(out.bytes);
  if (auto p = txt::parse_wire(all)) {
    out.rec = std::move(*p);
  } else if (p.error().code == txt::parse_errc::truncated) {
    // Show the strings before the broken one; check grades the rest (txt-truncated).
    if (auto head = txt::parse_wire(all.first(p.error().offset))) out.rec = std::move(*head);
  }
  return exit_ok;
}

void add_input_options(CLI::App* c, input_opts& in) {
  c->add_option("--hex", in.hex, "RDATA as hex (e.g. from a packet dump): 09747874766572733d31");
  c->add_option("--base64", in.base64, "RDATA as base64");
  c->add_option("--file", in.file, "file holding the raw RDATA bytes ('-' reads standard input)");
  c->add_option("--text", in.text,
                "the whole record on one line: strings separated by spaces, \"quoted\" when they hold "
                "spaces, \\xHH for bytes");
  c->add_option("strings", in.args,
                "the record's strings in text form, one per argument: key=value, key (a flag), key= "
                "(empty value); \\xHH, \\DDD, \\\\ escapes");
}

// ---- catalog --------------------------------------------------------------------------------

// Loads the built-in catalog, the user's, then every --catalog DIR. Errors are printed.
bool load_catalog(txt::catalog& cat, const std::vector<std::string>& extra) {
  bool ok = true;
  auto load = [&](const std::string& dir, bool optional) {
    if (dir.empty()) return;
    auto r = cat.load_dir(dir, optional);
    if (!r) {
      std::fprintf(stderr, "svcname: error: TXT-key catalog %s\n", r.error().to_string().c_str());
      ok = false;
    }
  };
  if (auto r = cat.load_shipped(); !r) {
    std::fprintf(stderr, "svcname: error: TXT-key catalog %s\n", r.error().to_string().c_str());
    ok = false;
  }
  load(txt::user_catalog_dir(), true);
  for (const auto& d : extra) load(d, false);
  return ok;
}

// Adds the registry-note specs of @p service and of the services it inherits from.
void add_registry_specs(txt::catalog& cat, const registry::registry& reg, std::string_view service) {
  std::string name(service);
  for (int depth = 0; depth < 4 && !name.empty(); ++depth) {
    if (cat.find_registry(name)) break;
    for (const auto& r : reg.by_name(name))
      if (txt::note_mentions_txt_keys(r.notes())) cat.add_registry(txt::parse_note(r.name(), r.notes()));
    const auto* s = cat.find(name);
    name = s && s->inherits ? *s->inherits : std::string();
  }
}

// ---- output ---------------------------------------------------------------------------------

json record_json(const txt::record& rec) {
  json strings = json::array();
  for (std::size_t i = 0; i < rec.strings.size(); ++i) {
    const auto kv = rec.at(i);
    const auto& s = rec.strings[i].bytes;
    json j{{"index", i},
           {"offset", rec.strings[i].offset},
           {"length", s.size()},
           {"text", txt::escape(s)},
           {"key", txt::escape(kv.key)},
           {"state", std::string(txt::to_string(kv.state))}};
    if (kv.state == txt::key_state::value) {
      j["value"] = txt::escape(kv.value);
      const std::vector<std::uint8_t> vb(kv.value.begin(), kv.value.end());
      j["value_hex"] = txt::encode_hex(vb);
      j["value_utf8"] = is_valid_utf8(kv.value);
    } else {
      j["value"] = kv.state == txt::key_state::empty_value ? json("") : json(nullptr);
    }
    strings.push_back(std::move(j));
  }
  return json{{"strings", std::move(strings)}, {"size", rec.wire_size()}, {"text", txt::to_text(rec)}};
}

void print_record(const txt::record& rec) {
  std::printf("%zu string(s), %zu bytes\n", rec.strings.size(), rec.wire_size());
  for (std::size_t i = 0; i < rec.strings.size(); ++i) {
    const auto kv = rec.at(i);
    std::printf("  [%zu] @%-4u %-7s %s\n", i, rec.strings[i].offset,
                std::string(txt::to_string(kv.state)).c_str(),
                rec.strings[i].bytes.empty() ? "\"\" (empty string)"
                                             : txt::escape(rec.strings[i].bytes).c_str());
  }
}

bool counts(const diagnostic& d, std::optional<severity> fail_on) { return fail_on && d.level >= *fail_on; }

/// The spec a record was checked against, for --json (null when there is none).
json spec_json(const txt::service_spec* spec) {
  if (!spec) return nullptr;
  return json{{"service", spec->service},
              {"origin", spec->origin},
              {"status", std::string(txt::to_string(spec->status))},
              {"open", spec->open},
              {"inherits", spec->inherits ? json(*spec->inherits) : json(nullptr)}};
}

/// "keys of 'ipp' from built-in txt-keys/ipp.json (keys, open set)", after @p indent.
void print_spec_line(const txt::service_spec& spec, const char* indent = "") {
  std::printf("%skeys of '%s' from %s (%s%s)\n", indent, spec.service.c_str(), spec.origin.c_str(),
              std::string(txt::to_string(spec.status)).c_str(), spec.open ? ", open set" : "");
}

// ---- txt check ------------------------------------------------------------------------------

struct check_opts {
  input_opts in;
  std::string type;
  std::vector<std::string> catalogs;
  bool json = false;
  bool quiet_record = false;
  std::string fail_on = "error";
};

int run_check(const check_opts& o, const globals& g) {
  loaded in;
  if (int rc = load_input(o.in, in)) return rc;
  txt::catalog cat;
  if (!load_catalog(cat, o.catalogs)) return exit_io;
  const std::string service = o.type.empty() ? std::string() : txt::service_of(o.type);
  if (!o.type.empty() && service.empty()) {
    std::fprintf(stderr, "svcname txt check: error: --type '%s' is not a service type; write e.g. _ipp._tcp\n",
                 o.type.c_str());
    return exit_usage;
  }
  std::optional<registry::registry> reg;
  if (!service.empty() && !cat.find_curated(service)) {
    bool io_error = false;
    reg = load_registry(g, io_error);
    if (io_error) return exit_io;
    if (reg) add_registry_specs(cat, *reg, service);
  }
  const auto rep = in.wire ? txt::check_record(std::span<const std::uint8_t>(in.bytes), o.type, &cat)
                           : txt::check_record(in.rec, o.type, &cat);
  const auto fail_on = parse_fail_on(o.fail_on);
  std::size_t errors = 0, warnings = 0, notes = 0;
  bool failed = false;
  for (const auto& d : rep.items) {
    (d.level == severity::error ? errors : d.level == severity::warning ? warnings : notes)++;
    failed = failed || counts(d, fail_on);
  }
  const auto* spec = service.empty() ? nullptr : cat.find(service);
  if (o.json) {
    json doc;
    doc["input"] = in.subject;
    doc["type"] = o.type.empty() ? json(nullptr) : json(o.type);
    doc["service"] = service.empty() ? json(nullptr) : json(service);
    doc["spec"] = spec_json(spec);
    doc["record"] = record_json(in.rec);
    if (in.wire) doc["record"]["rdata_hex"] = txt::encode_hex(std::span<const std::uint8_t>(in.bytes));
    json fs = json::array();
    for (const auto& d : rep.items) fs.push_back(finding_json(d));
    doc["findings"] = std::move(fs);
    doc["summary"] = {{"errors", errors}, {"warnings", warnings}, {"notes", notes}, {"failed", failed}};
    std::cout << json_text(doc) << "\n";
    return failed ? exit_findings : exit_ok;
  }
  const bool color = use_color(g);
  if (!o.quiet_record) {
    std::printf("%s: ", in.subject.c_str());
    print_record(in.rec);
    if (spec) print_spec_line(*spec);
  }
  for (const auto& d : rep.items) print_finding(in.subject, "", d, color);
  if (rep.items.empty()) std::printf("%s: ok\n", in.subject.c_str());
  else std::printf("%zu error(s), %zu warning(s), %zu note(s)\n", errors, warnings, notes);
  return failed ? exit_findings : exit_ok;
}

// ---- txt decode -----------------------------------------------------------------------------

struct decode_opts {
  input_opts in;
  bool json = false;
};

int run_decode(const decode_opts& o) {
  loaded in;
  if (int rc = load_input(o.in, in)) return rc;
  if (in.wire) {
    auto p = txt::parse_wire(std::span<const std::uint8_t>(in.bytes));
    if (!p) {
      if (o.json) {
        std::cout << json_text(json{{"input", in.subject},
                                    {"error", {{"code", std::string(txt::to_string(p.error().code))},
                                               {"offset", p.error().offset},
                                               {"detail", p.error().detail}}}})
                  << "\n";
      } else {
        std::fprintf(stderr, "svcname txt decode: %s: malformed RDATA at byte %u: %s (RFC 6763 §6.1)\n",
                     in.subject.c_str(), p.error().offset, p.error().detail.c_str());
      }
      return exit_findings;
    }
  }
  if (o.json) {
    json doc = record_json(in.rec);
    doc["input"] = in.subject;
    if (auto w = txt::write_wire(in.rec)) doc["rdata_hex"] = txt::encode_hex(std::span<const std::uint8_t>(*w));
    else doc["rdata_hex"] = nullptr;
    std::cout << json_text(doc) << "\n";
    return exit_ok;
  }
  print_record(in.rec);
  std::printf("text: %s\n", txt::to_text(in.rec).c_str());
  if (auto w = txt::write_wire(in.rec)) {
    std::printf("hex:  %s\n", txt::encode_hex(std::span<const std::uint8_t>(*w)).c_str());
  } else {
    std::printf("hex:  (cannot be encoded: %s)\n", w.error().to_string().c_str());
    return exit_findings;
  }
  return exit_ok;
}

// ---- txt pcap -------------------------------------------------------------------------------

struct pcap_opts {
  std::vector<std::string> files;
  std::string type;
  std::vector<std::string> catalogs;
  bool json = false;
  bool quiet_record = false;
  std::string fail_on = "error";
};

/// One distinct TXT record of a capture: the same owner with the same bytes is one record,
/// however often the device announced it.
struct seen_txt {
  wire::name owner;
  std::string owner_text;    // presentation form (RFC 6763 §4.3 escapes)
  std::string type_text;     // the owner without its instance label: "_ipp._tcp.local."
  std::vector<std::uint8_t> rdata;
  std::size_t frame = 0;     // first frame it was seen in
  std::int64_t time_us = 0;
  std::string source;
  std::size_t seen = 0;
  std::uint32_t ttl = 0;
  bool goodbye = false;      // also sent with TTL 0 (RFC 6762 §10.1)
};

struct bad_message {
  std::size_t frame = 0;
  std::string source;
  wire::wire_error error;
};

struct capture_scan {
  std::string file;
  capture::capture_stats stats;
  std::vector<seen_txt> records;
  std::vector<bad_message> malformed;
  std::optional<capture::capture_error> error;
};

// TXT records a device announced: answers and additionals of responses, and the authority
// section of probes (RFC 6762 §8.2: the records it is about to claim). Known answers inside
// queries (§7.1) are other hosts' cache entries, not the sender's own, and are skipped.
void collect_txt(const capture::dns_packet& pk, capture_scan& scan, std::map<std::string, std::size_t>& index) {
  const bool mdns = pk.source_port == 5353 || pk.dest_port == 5353;
  auto m = wire::parse_message(pk.payload, wire::parse_options{.mdns_class_bits = mdns});
  if (!m) {
    scan.malformed.push_back(bad_message{pk.frame, pk.source, m.error()});
    return;
  }
  auto take = [&](const std::vector<wire::resource_record>& section) {
    for (const auto& rr : section) {
      const auto* t = std::get_if<wire::txt_rdata>(&rr.data);
      if (rr.type != wire::rr_type::txt || !t) continue;
      std::vector<std::uint8_t> rdata;
      for (const auto& str : t->strings) {
        rdata.push_back(static_cast<std::uint8_t>(str.size()));  // <= 255: it was read from one length byte
        rdata.insert(rdata.end(), str.begin(), str.end());
      }
      std::string key = chars::lower(rr.owner.to_text());
      key.push_back('\0');
      key.append(rdata.begin(), rdata.end());
      auto [it, added] = index.emplace(std::move(key), scan.records.size());
      if (added) {
        seen_txt s;
        s.owner = rr.owner;
        s.owner_text = rr.owner.to_text();
        wire::name type;
        if (rr.owner.labels.size() > 1) type.labels.assign(rr.owner.labels.begin() + 1, rr.owner.labels.end());
        s.type_text = type.to_text();
        s.rdata = std::move(rdata);
        s.frame = pk.frame;
        s.time_us = pk.time_us;
        s.source = pk.source;
        s.ttl = rr.ttl;
        scan.records.push_back(std::move(s));
      }
      auto& s = scan.records[it->second];
      ++s.seen;
      if (rr.ttl == 0) s.goodbye = true;
      else s.ttl = rr.ttl;
    }
  };
  if (m->hdr.qr()) {
    take(m->answers);
    take(m->additionals);
  } else {
    take(m->authorities);
  }
}

std::string iso_time(std::int64_t us) {
  const std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>((us % 1000000 + 1000000) % 1000000));
  return buf;
}

int run_pcap(const pcap_opts& o, const globals& g) {
  const std::string want = o.type.empty() ? std::string() : txt::service_of(o.type);
  if (!o.type.empty() && want.empty()) {
    std::fprintf(stderr, "svcname txt pcap: error: --type '%s' is not a service type; write e.g. _ipp._tcp\n",
                 o.type.c_str());
    return exit_usage;
  }
  txt::catalog cat;
  if (!load_catalog(cat, o.catalogs)) return exit_io;

  std::vector<capture_scan> scans;
  for (const auto& f : o.files) {
    capture_scan scan;
    scan.file = f == "-" ? "<stdin>" : f;
    std::map<std::string, std::size_t> index;
    auto st = capture::read_dns_packets(f, [&](const capture::dns_packet& pk) { collect_txt(pk, scan, index); });
    if (st) scan.stats = *st;
    else scan.error = st.error();
    if (!want.empty())
      std::erase_if(scan.records, [&](const seen_txt& s) { return !chars::iequals(txt::service_of(s.type_text), want); });
    scans.push_back(std::move(scan));
  }

  // Services without a curated spec fall back to their registry note (loaded once, if needed).
  std::set<std::string> services;
  for (const auto& sc : scans)
    for (const auto& r : sc.records)
      if (auto sv = txt::service_of(r.type_text); !sv.empty() && !cat.find_curated(sv)) services.insert(sv);
  std::optional<registry::registry> reg;
  if (!services.empty()) {
    bool io_error = false;
    reg = load_registry(g, io_error);
    if (io_error) return exit_io;
    if (reg)
      for (const auto& sv : services) add_registry_specs(cat, *reg, sv);
  }

  const auto fail_on = parse_fail_on(o.fail_on);
  std::size_t errors = 0, warnings = 0, notes = 0, total_records = 0;
  bool failed = false, io_failed = false;
  auto tally = [&](const diagnostic& d) {
    (d.level == severity::error ? errors : d.level == severity::warning ? warnings : notes)++;
    failed = failed || counts(d, fail_on);
  };
  const bool color = use_color(g);
  json files = json::array();
  for (const auto& sc : scans) {
    json jrecords = json::array();
    if (!o.json)
      std::printf("%s: %zu frame(s), %zu DNS datagram(s), %zu distinct TXT record(s)%s\n", sc.file.c_str(),
                  sc.stats.frames, sc.stats.dns, sc.records.size(),
                  sc.stats.fragments ? (", " + std::to_string(sc.stats.fragments) + " IP fragment(s) skipped").c_str() : "");
    for (const auto& r : sc.records) {
      ++total_records;
      const std::string service = txt::service_of(r.type_text);
      report rep = parse_dnssd_name(r.owner_text).findings;  // the instance name (RFC 6763 §4)
      const auto tr = txt::check_record(std::span<const std::uint8_t>(r.rdata), r.type_text, &cat);
      const auto rec = txt::parse_wire(std::span<const std::uint8_t>(r.rdata));
      for (const auto& d : rep.items) tally(d);
      for (const auto& d : tr.items) tally(d);
      const auto* spec = service.empty() ? nullptr : cat.find(service);
      const std::string where = sc.file + ":" + std::to_string(r.frame);
      if (o.json) {
        json j{{"name", r.owner_text}, {"type", r.type_text}, {"service", service.empty() ? json(nullptr) : json(service)},
               {"frame", r.frame}, {"time", iso_time(r.time_us)}, {"source", r.source}, {"seen", r.seen},
               {"ttl", r.ttl}, {"goodbye", r.goodbye},
               {"rdata_hex", txt::encode_hex(std::span<const std::uint8_t>(r.rdata))}};
        j["record"] = rec ? record_json(*rec) : json(nullptr);
        j["spec"] = spec_json(spec);
        json fs = json::array();
        for (const auto& [items, subject] : {std::pair{&std::as_const(rep).items, "name"}, std::pair{&tr.items, "txt"}})
          for (const auto& d : *items) {
            auto f = finding_json(d);
            f["subject"] = subject;  // the instance name, or the TXT record (offsets into its RDATA)
            fs.push_back(std::move(f));
          }
        j["findings"] = std::move(fs);
        jrecords.push_back(std::move(j));
        continue;
      }
      std::printf("\n%s: %s  (from %s, seen %zu time(s), TTL %u%s)\n", where.c_str(),
                  terminal_safe(r.owner_text).c_str(), r.source.c_str(), r.seen, r.ttl,
                  r.goodbye ? ", goodbye seen" : "");
      if (!o.quiet_record && rec) {
        std::printf("  ");
        print_record(*rec);
        if (spec) print_spec_line(*spec, "  ");
      }
      for (const auto& d : rep.items) print_finding(where, r.owner_text, d, color);
      for (const auto& d : tr.items) print_finding(where, "", d, color);
    }
    // A device that sends a DNS message no resolver can parse is broken: an error each.
    errors += sc.malformed.size();
    failed = failed || (!sc.malformed.empty() && fail_on && severity::error >= *fail_on);
    if (sc.error) io_failed = true;
    if (o.json) {
      json bad = json::array();
      for (const auto& b : sc.malformed)
        bad.push_back({{"frame", b.frame}, {"source", b.source}, {"error", std::string(wire::to_string(b.error.code))},
                       {"offset", b.error.offset}});
      files.push_back({{"file", sc.file},
                       {"frames", sc.stats.frames}, {"dns", sc.stats.dns}, {"fragments", sc.stats.fragments},
                       {"truncated", sc.stats.truncated}, {"records", std::move(jrecords)},
                       {"malformed", std::move(bad)},
                       {"error", sc.error ? json(sc.error->to_string()) : json(nullptr)}});
    } else {
      for (const auto& b : sc.malformed)
        std::printf("%s:%zu: error: malformed DNS message from %s: %s at byte %u (RFC 1035 §4.1)\n", sc.file.c_str(),
                    b.frame, b.source.c_str(), std::string(wire::to_string(b.error.code)).c_str(), b.error.offset);
    }
    if (sc.error) std::fprintf(stderr, "svcname txt pcap: error: %s\n", sc.error->to_string().c_str());
  }
  if (o.json) {
    std::cout << json_text(json{{"files", std::move(files)},
                                {"summary", {{"records", total_records}, {"errors", errors}, {"warnings", warnings},
                                             {"notes", notes}, {"failed", failed}}}})
              << "\n";
  } else {
    std::printf("\n%zu TXT record(s): %zu error(s), %zu warning(s), %zu note(s)\n", total_records, errors, warnings, notes);
    if (total_records == 0 && !io_failed)
      std::fprintf(stderr, "svcname txt pcap: note: no TXT records%s in the capture (UDP port 5353 or 53)\n",
                   want.empty() ? "" : (" of '" + want + "'").c_str());
  }
  if (io_failed) return exit_io;
  return failed ? exit_findings : exit_ok;
}

void setup_txt(CLI::App& app, state& st) {
  auto* t = app.add_subcommand(
      "txt",
      "TXT records: check one against RFC 6763 §6 and its service's documented keys, or decode one.");
  t->require_subcommand(1);

  auto co = std::make_shared<check_opts>();
  auto* c = t->add_subcommand(
      "check",
      "Check a TXT record. Every RFC 6763 §6 rule is its own finding, with the string index and\n"
      "byte offset: zero-length RDATA (§6.1), strings over 255 bytes, missing or non-ASCII keys and\n"
      "keys over 9 characters (§6.4), repeated keys (which one clients ignore), sizes over\n"
      "200/400/1300 bytes (§6.2), txtvers not first (§6.7). With --type, the keys are also checked\n"
      "against the service's documented keys: the curated catalog (built in from registry/txt-keys, your\n"
      "$XDG_CONFIG_HOME/svcname/txt-keys, --catalog DIR), else the IANA registry's note.\n"
      "Values are shown escaped (\\xHH); nothing reaches the terminal raw.\n"
      "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 I/O.\n"
      "Examples:\n"
      "  svcname txt check --type _ipp._tcp txtvers=1 rp=ipp/print 'ty=Lab Printer' Color=T\n"
      "  svcname txt check --hex '09 74 78 74 76 65 72 73 3d 31'   (the RDATA in hex)\n"
      "  svcname txt check --type _hap._tcp --text 'c#=2 ff=0 id=AA:BB:CC:DD:EE:FF md=Lamp'\n"
      "  svcname txt check --file rdata.bin --json");
  add_input_options(c, co->in);
  c->add_option("--type", co->type, "service type whose documented keys apply, e.g. _ipp._tcp");
  c->add_option("--catalog", co->catalogs, "extra directory of TXT-key catalog files (repeatable)")
      ->allow_extra_args(false);
  c->add_flag("--json", co->json, "machine-readable output (one JSON document)");
  c->add_flag("--no-record", co->quiet_record, "do not list the record's strings before the findings");
  c->add_option("--fail-on", co->fail_on, "lowest severity that makes the exit status 1: note, warning, error, none")
      ->check(CLI::IsMember({"note", "warning", "error", "none"}))
      ->capture_default_str();
  c->callback([co, &st] { st.action = [co, &st] { return run_check(*co, st.g); }; });

  auto dopt = std::make_shared<decode_opts>();
  auto* d = t->add_subcommand(
      "decode",
      "Decode a TXT record: every string with its index, byte offset, key state (absent, boolean,\n"
      "empty, value; RFC 6763 §6.4) and escaped value, plus the text form and the hex RDATA.\n"
      "Exit status: 0 decoded, 1 malformed RDATA, 2 usage, 3 I/O.\n"
      "Examples:\n"
      "  svcname txt decode --hex 09747874766572733d31\n"
      "  svcname txt decode --base64 CXR4dHZlcnM9MQ== --json\n"
      "  svcname txt decode 'note=Room 204' 'bin=\\x00\\xff'   (encode the text form)");
  add_input_options(d, dopt->in);
  d->add_flag("--json", dopt->json, "machine-readable output");
  d->callback([dopt, &st] { st.action = [dopt] { return run_decode(*dopt); }; });

  auto po = std::make_shared<pcap_opts>();
  auto* pc = t->add_subcommand(
      "pcap",
      "Check every TXT record in packet captures (pcap or pcapng from tcpdump, Wireshark or\n"
      "dumpcap; mDNS on UDP 5353 and unicast DNS on 53, IPv4 and IPv6): the RFC 6763 §6 rules,\n"
      "the service's documented keys (as for `txt check --type`), and the instance name (§4).\n"
      "A record announced many times is checked once, with the first frame that carried it.\n"
      "Findings read FILE:FRAME:BYTE (Wireshark's frame number, the byte in the RDATA).\n"
      "Malformed DNS messages are errors. Exit status: 0 clean, 1 findings at or above\n"
      "--fail-on, 2 usage, 3 a capture that cannot be read (what was read is still reported).\n"
      "Examples:\n"
      "  tcpdump -i eth0 -w lan.pcap udp port 5353      (capture; then, offline:)\n"
      "  svcname txt pcap lan.pcap\n"
      "  svcname txt pcap --type _ipp._tcp --fail-on warning printer-boot.pcapng\n"
      "  svcname txt pcap --json lan.pcap | jq '.files[].records[] | {name, findings}'");
  pc->add_option("files", po->files, "capture files ('-' reads standard input)")->required();
  pc->add_option("--type", po->type, "only records of this service type, e.g. _ipp._tcp");
  pc->add_option("--catalog", po->catalogs, "extra directory of TXT-key catalog files (repeatable)")
      ->allow_extra_args(false);
  pc->add_flag("--json", po->json, "machine-readable output (one JSON document)");
  pc->add_flag("--no-record", po->quiet_record, "do not list each record's strings before its findings");
  pc->add_option("--fail-on", po->fail_on, "lowest severity that makes the exit status 1: note, warning, error, none")
      ->check(CLI::IsMember({"note", "warning", "error", "none"}))
      ->capture_default_str();
  pc->callback([po, &st] { st.action = [po, &st] { return run_pcap(*po, st.g); }; });
}

// ---- registry txt-keys ------------------------------------------------------------------------

struct keys_opts {
  std::vector<std::string> names;
  bool jsonl = false;
};

int run_txt_keys(const keys_opts& o, const globals& g) {
  bool io_error = false;
  auto reg = load_registry(g, io_error);
  if (io_error) return exit_io;
  if (!reg) {
    std::fprintf(stderr, "svcname registry txt-keys: error: needs the IANA registry (see above)\n");
    return exit_io;
  }
  // One spec per service name, in registry order, merging the records of the same name.
  std::vector<std::string> order;
  std::map<std::string, txt::service_spec> specs;
  std::set<std::string> wanted;
  for (const auto& n : o.names) wanted.insert(chars::lower(n));
  for (std::size_t i = 0; i < reg->size(); ++i) {
    const auto r = reg->at(i);
    if (r.name().empty() || !txt::note_mentions_txt_keys(r.notes())) continue;
    const auto key = chars::lower(r.name());
    if (!wanted.empty() && !wanted.count(key)) continue;
    auto s = txt::parse_note(r.name(), r.notes());
    auto it = specs.find(key);
    if (it == specs.end()) {
      order.push_back(key);
      specs.emplace(key, std::move(s));
    } else {
      txt::merge_spec(it->second, s);
    }
  }
  for (const auto& n : o.names)
    if (!specs.count(chars::lower(n)))
      std::fprintf(stderr, "svcname registry txt-keys: '%s' has no TXT-keys note in the registry\n", n.c_str());
  for (const auto& k : order) {
    const auto& s = specs[k];
    if (o.jsonl) {
      std::cout << txt::to_jsonl(s) << "\n";
      continue;
    }
    std::string keys;
    for (const auto& ks : s.keys) {
      keys += (keys.empty() ? "" : ", ") + txt::escape(ks.key);
      if (ks.pattern) keys += " (" + *ks.pattern + ")";
      if (!ks.values.empty()) {
        keys += "=";
        for (std::size_t v = 0; v < ks.values.size(); ++v) keys += (v ? "|" : "") + txt::escape(ks.values[v]);
      }
    }
    std::printf("%-16s %-12s %s%s%s%s\n", s.service.c_str(), std::string(txt::to_string(s.status)).c_str(),
                keys.c_str(), s.open ? " (open set)" : "",
                s.inherits ? (" (inherits " + *s.inherits + ")").c_str() : "",
                s.status == txt::spec_status::reference ? (" " + s.reference).c_str() : "");
  }
  return o.names.size() > 0 && order.size() < o.names.size() ? exit_findings : exit_ok;
}

void setup_registry_keys(CLI::App& app, state& st) {
  auto* r = app.get_subcommand("registry");
  auto o = std::make_shared<keys_opts>();
  auto* k = r->add_subcommand(
      "txt-keys",
      "The TXT keys each service documents in its registry note (\"Defined TXT keys: ...\"), parsed:\n"
      "status none | keys | undocumented | reference, the keys as sent (numbered families become\n"
      "patterns: dkX -> dk[0-9]+), fixed values and enumerations, open sets, inheritance.\n"
      "The curated catalog (registry/txt-keys) is not mixed in.\n"
      "Examples:\n"
      "  svcname registry txt-keys --jsonl > txt-keys.jsonl\n"
      "  svcname registry txt-keys adisk daap");
  k->add_option("names", o->names, "only these services (default: every service with a TXT-keys note)");
  k->add_flag("--jsonl", o->jsonl,
              "one JSON object per line: {\"service\", \"status\", \"keys\": [{\"key\", \"value\", "
              "\"pattern\"}], \"open\", \"inherits\"}");
  k->callback([o, &st] { st.action = [o, &st] { return run_txt_keys(*o, st.g); }; });
}

// ---- registry show hook ---------------------------------------------------------------------

void show_txt_keys(std::string_view name, const registry::registry* reg, void* json_out) {
  txt::catalog cat;
  const bool ok = load_catalog(cat, {});
  (void)ok;  // errors were printed; show what loaded
  const auto* curated = cat.find_curated(name);
  std::optional<txt::service_spec> notes;
  if (reg) {
    for (const auto& r : reg->by_name(name)) {
      if (!txt::note_mentions_txt_keys(r.notes())) continue;
      auto s = txt::parse_note(r.name(), r.notes());
      if (!notes) notes = std::move(s);
      else txt::merge_spec(*notes, s);
    }
  }
  if (json_out) {
    auto& j = *static_cast<json*>(json_out);
    j["txt_keys"] = {{"catalog", curated ? json::parse(txt::to_json(*curated)) : json(nullptr)},
                     {"registry", notes ? json::parse(txt::to_jsonl(*notes)) : json(nullptr)}};
    return;
  }
  if (!curated && !notes) return;
  std::printf("\nTXT keys\n");
  if (notes) {
    std::printf("  registry note: %s", std::string(txt::to_string(notes->status)).c_str());
    if (notes->status == txt::spec_status::reference) std::printf(" (%s)", notes->reference.c_str());
    for (std::size_t i = 0; i < notes->keys.size(); ++i)
      std::printf("%s%s", i ? ", " : ": ", txt::escape(notes->keys[i].key).c_str());
    if (notes->inherits) std::printf(" (inherits %s)", notes->inherits->c_str());
    std::printf("\n");
  }
  if (curated) {
    std::printf("  catalog (%s)%s%s:\n", curated->origin.c_str(), curated->open ? ", open set" : "",
                curated->inherits ? (", inherits " + *curated->inherits).c_str() : "");
    if (!curated->summary.empty()) std::printf("    %s\n", curated->summary.c_str());
    for (const auto& k : curated->keys) {
      std::string form;
      if (k.pattern) form += " key~" + *k.pattern;
      if (!k.values.empty()) {
        form += k.enumeration ? " one of " : " = ";
        for (std::size_t v = 0; v < k.values.size(); ++v) form += (v ? "|" : "") + txt::escape(k.values[v]);
      }
      if (k.value_pattern) form += " ~" + *k.value_pattern;
      std::printf("    %-10s %s%s\n      %s [%s]\n", txt::escape(k.key).c_str(),
                  k.need == txt::presence::required ? "required" : "optional", form.c_str(),
                  k.meaning.c_str(), k.source.c_str());
    }
  }
}

struct hook_registration {
  hook_registration() { registry_show_hooks().push_back(&show_txt_keys); }
};
const hook_registration hook_reg;

const command_registration reg_txt{30, &setup_txt};
const command_registration reg_keys{registry_command_order + 5, &setup_registry_keys};

}  // namespace
}  // namespace svcname::cli
