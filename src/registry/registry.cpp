// The compact registry index: one flat byte image (strings + fixed-size rows + sorted
// indexes) that is written once per source file and memory-mapped afterwards, so that
// `svcname check` with the full registry starts in well under a millisecond.
// The image is untrusted on open (it lives in a user-writable cache): every offset is
// bounds-checked once before use, and a bad image is simply rebuilt from the source.
#include "svcname/registry/registry.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "svcname/chars.h"
#include "svcname/edit_distance.h"
#include "svcname/registry/readers.h"

namespace svcname::registry {

namespace {

constexpr char magic[8] = {'S', 'V', 'C', 'I', 'D', 'X', '\0', '\1'};
constexpr std::uint32_t format_version = 4;
constexpr std::uint32_t endian_mark = 0x01020304;

struct sref {
  std::uint32_t off = 0, len = 0;
};

enum rec_field : std::size_t {
  f_name, f_protocol, f_description, f_assignee, f_contact, f_registered, f_modified,
  f_references, f_service_code, f_unauthorized, f_notes, rec_fields
};
enum per_field : std::size_t { p_id, p_name, p_org, p_uri, p_updated, per_fields };

struct rec_row {
  sref f[rec_fields];
  std::uint16_t port_first, port_last;
  std::uint8_t has_port, pad[3];
  std::uint32_t line;
};
struct per_row {
  sref f[per_fields];
};

struct header {
  char magic[8];
  std::uint32_t version, endian;
  std::uint64_t src_size, src_ino, src_dev;
  std::int64_t src_mtime_ns;
  std::uint32_t nrecords, npeople, nnames, nports, nranged;
  std::uint32_t off_records, off_names, off_ports, off_ranged, off_people, off_strings, len_strings;
  sref updated, format, source;
};

struct source_stamp {
  std::uint64_t size = 0, ino = 0, dev = 0;
  std::int64_t mtime_ns = 0;
};

bool stamp_of(const std::string& path, source_stamp& s) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return false;
  s.size = static_cast<std::uint64_t>(st.st_size);
  s.ino = static_cast<std::uint64_t>(st.st_ino);
  s.dev = static_cast<std::uint64_t>(st.st_dev);
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return true;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

int icompare(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = chars::to_lower(a[i]), y = chars::to_lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

// Lists are stored as items each ended by NUL (IANA text never contains NUL: both readers
// reject it), so that empty items and separators inside items survive the round trip.
std::string join_items(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) {
    s += x;
    s += '\0';
  }
  return s;
}

std::vector<std::string> split_items(std::string_view s) {
  std::vector<std::string> v;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto e = s.find('\0', i);
    if (e == std::string_view::npos) {  // not from our writer: keep the tail as an item
      v.emplace_back(s.substr(i));
      break;
    }
    v.emplace_back(s.substr(i, e - i));
    i = e + 1;
  }
  return v;
}

template <class T>
T load(const std::uint8_t* base, std::size_t off) {
  T v;
  std::memcpy(&v, base + off, sizeof(T));
  return v;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
class index_data {
 public:
  index_data() = default;
  index_data(const index_data&) = delete;
  index_data& operator=(const index_data&) = delete;
  ~index_data() {
    if (map_) ::munmap(map_, map_len_);
  }

  /// Adopts an owned image; validates it.
  bool adopt(std::string bytes) {
    owned_ = std::move(bytes);
    base_ = reinterpret_cast<const std::uint8_t*>(owned_.data());
    size_ = owned_.size();
    return validate();
  }
  /// Maps a file; validates it.
  bool map_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st{};
    if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(header))) {
      ::close(fd);
      return false;
    }
    map_len_ = static_cast<std::size_t>(st.st_size);
    void* m = ::mmap(nullptr, map_len_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (m == MAP_FAILED) return false;
    map_ = m;
    base_ = static_cast<const std::uint8_t*>(m);
    size_ = map_len_;
    return validate();
  }

  const header& hdr() const { return h_; }
  /// The string @p r refers to; an out-of-range reference (a corrupt image) reads as "".
  std::string_view str(sref r) const {
    if (std::uint64_t{r.off} + r.len > h_.len_strings) return {};
    return {reinterpret_cast<const char*>(base_) + h_.off_strings + r.off, r.len};
  }
  rec_row rec(std::uint32_t i) const {
    if (i >= h_.nrecords) return rec_row{};
    return load<rec_row>(base_, h_.off_records + std::size_t{i} * sizeof(rec_row));
  }
  std::string_view rec_str(std::uint32_t i, rec_field f) const {
    if (i >= h_.nrecords) return {};
    sref r;
    std::memcpy(&r, base_ + h_.off_records + std::size_t{i} * sizeof(rec_row) + f * sizeof(sref),
                sizeof r);
    return str(r);
  }
  per_row per(std::uint32_t i) const {
    if (i >= h_.npeople) return per_row{};
    return load<per_row>(base_, h_.off_people + std::size_t{i} * sizeof(per_row));
  }
  std::uint32_t id_at(std::uint32_t off, std::uint32_t k) const {
    return load<std::uint32_t>(base_, off + std::size_t{k} * 4);
  }
  std::string_view bytes() const { return {reinterpret_cast<const char*>(base_), size_}; }

 private:
  bool fits(std::uint64_t off, std::uint64_t len) const { return off <= size_ && len <= size_ - off; }

  bool validate() {
    if (size_ < sizeof(header)) return false;
    h_ = load<header>(base_, 0);
    if (std::memcmp(h_.magic, magic, sizeof magic) != 0 || h_.version != format_version ||
        h_.endian != endian_mark)
      return false;
    if (!fits(h_.off_strings, h_.len_strings) ||
        !fits(h_.off_records, std::uint64_t{h_.nrecords} * sizeof(rec_row)) ||
        !fits(h_.off_people, std::uint64_t{h_.npeople} * sizeof(per_row)) ||
        !fits(h_.off_names, std::uint64_t{h_.nnames} * 4) || !fits(h_.off_ports, std::uint64_t{h_.nports} * 4) ||
        !fits(h_.off_ranged, std::uint64_t{h_.nranged} * 4))
      return false;
    // String references are checked on every access (str() clamps), which costs nothing at
    // open; sweeping all ~160,000 of them up front cost 0.6 ms of each CLI start. The record
    // ids in the sorted indexes are checked here, once (they steer every lookup).
    std::uint32_t worst_id = 0;
    for (auto [off, n] : {std::pair{h_.off_names, h_.nnames}, std::pair{h_.off_ports, h_.nports},
                          std::pair{h_.off_ranged, h_.nranged}})
      for (std::uint32_t k = 0; k < n; ++k) worst_id = std::max(worst_id, id_at(off, k));
    const std::uint32_t any_ids = h_.nnames | h_.nports | h_.nranged;
    return any_ids == 0 || worst_id < h_.nrecords;
  }

  std::string owned_;
  void* map_ = nullptr;
  std::size_t map_len_ = 0;
  const std::uint8_t* base_ = nullptr;
  std::size_t size_ = 0;
  header h_{};
};

// ---------------------------------------------------------------------------------------------
namespace {

// Builds the image for a snapshot; the source stamp goes into the header.
std::string build_image(const snapshot& s, const std::string& source, const source_stamp& st) {
  std::string strings;
  std::unordered_map<std::string, sref> seen;
  auto put = [&](std::string_view v) -> sref {
    if (v.empty()) return {};
    auto it = seen.find(std::string(v));
    if (it != seen.end()) return it->second;
    sref r{static_cast<std::uint32_t>(strings.size()), static_cast<std::uint32_t>(v.size())};
    strings.append(v);
    seen.emplace(std::string(v), r);
    return r;
  };
  std::vector<rec_row> recs(s.records.size());
  for (std::size_t i = 0; i < s.records.size(); ++i) {
    const auto& r = s.records[i];
    rec_row& w = recs[i];
    w = rec_row{};
    w.f[f_name] = put(r.name);
    w.f[f_protocol] = put(r.protocol);
    w.f[f_description] = put(r.description);
    w.f[f_assignee] = put(join_items(r.assignee));
    w.f[f_contact] = put(join_items(r.contact));
    w.f[f_registered] = put(r.registered);
    w.f[f_modified] = put(r.modified);
    std::vector<std::string> refs;
    for (const auto& x : r.references) refs.insert(refs.end(), {x.type, x.data, x.text});
    w.f[f_references] = put(join_items(refs));
    w.f[f_service_code] = put(r.service_code);
    w.f[f_unauthorized] = put(r.unauthorized);
    w.f[f_notes] = put(r.notes);
    if (r.ports) {
      w.has_port = 1;
      w.port_first = r.ports->first;
      w.port_last = r.ports->last;
    }
    w.line = r.line;
  }
  std::vector<per_row> people(s.people.size());
  std::vector<std::uint32_t> porder(s.people.size());
  for (std::uint32_t i = 0; i < porder.size(); ++i) porder[i] = i;
  std::stable_sort(porder.begin(), porder.end(),
                   [&](auto a, auto b) { return s.people[a].id < s.people[b].id; });
  for (std::size_t k = 0; k < porder.size(); ++k) {
    const auto& p = s.people[porder[k]];
    per_row& w = people[k];
    w = per_row{};
    w.f[p_id] = put(p.id);
    w.f[p_name] = put(p.name);
    w.f[p_org] = put(p.org);
    w.f[p_uri] = put(p.uri);
    w.f[p_updated] = put(p.updated);
  }
  std::vector<std::uint32_t> names, ports, ranged;
  for (std::uint32_t i = 0; i < s.records.size(); ++i) {
    const auto& r = s.records[i];
    if (!r.name.empty()) names.push_back(i);
    if (r.ports) (r.ports->first == r.ports->last ? ports : ranged).push_back(i);
  }
  std::stable_sort(names.begin(), names.end(), [&](auto a, auto b) {
    return icompare(s.records[a].name, s.records[b].name) < 0;
  });
  std::stable_sort(ports.begin(), ports.end(), [&](auto a, auto b) {
    return s.records[a].ports->first < s.records[b].ports->first;
  });

  header h{};
  std::memcpy(h.magic, magic, sizeof magic);
  h.version = format_version;
  h.endian = endian_mark;
  h.src_size = st.size;
  h.src_ino = st.ino;
  h.src_dev = st.dev;
  h.src_mtime_ns = st.mtime_ns;
  h.updated = put(s.updated);
  h.format = put(s.format);
  h.source = put(source);
  auto u32 = [](std::size_t v) { return static_cast<std::uint32_t>(v); };
  h.nrecords = u32(recs.size());
  h.npeople = u32(people.size());
  h.nnames = u32(names.size());
  h.nports = u32(ports.size());
  h.nranged = u32(ranged.size());
  std::size_t off = sizeof(header);
  auto align = [&](std::size_t a) { off = (off + a - 1) / a * a; };
  align(8);
  h.off_records = u32(off);
  off += recs.size() * sizeof(rec_row);
  h.off_people = u32(off);
  off += people.size() * sizeof(per_row);
  h.off_names = u32(off);
  off += names.size() * 4;
  h.off_ports = u32(off);
  off += ports.size() * 4;
  h.off_ranged = u32(off);
  off += ranged.size() * 4;
  h.off_strings = u32(off);
  h.len_strings = u32(strings.size());
  off += strings.size();

  std::string img(off, '\0');
  std::memcpy(img.data(), &h, sizeof h);
  if (!recs.empty()) std::memcpy(img.data() + h.off_records, recs.data(), recs.size() * sizeof(rec_row));
  if (!people.empty()) std::memcpy(img.data() + h.off_people, people.data(), people.size() * sizeof(per_row));
  if (!names.empty()) std::memcpy(img.data() + h.off_names, names.data(), names.size() * 4);
  if (!ports.empty()) std::memcpy(img.data() + h.off_ports, ports.data(), ports.size() * 4);
  if (!ranged.empty()) std::memcpy(img.data() + h.off_ranged, ranged.data(), ranged.size() * 4);
  std::memcpy(img.data() + h.off_strings, strings.data(), strings.size());
  return img;
}

// Writes @p bytes to @p path atomically (temp file + rename): readers never see half a file.
bool write_atomic(const std::string& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return false;
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
      std::filesystem::remove(tmp, ec);
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(tmp, ec);
    return false;
  }
  return true;
}

std::string env_or_home(const char* var, const char* home_rel) {
  if (const char* v = std::getenv(var); v && *v) return v;
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/" + home_rel;
  return std::string("/tmp/svcname-") + std::to_string(::getuid()) + "/" + home_rel;
}

}  // namespace

std::string default_data_dir() { return env_or_home("XDG_DATA_HOME", ".local/share") + "/svcname"; }
std::string default_cache_dir() { return env_or_home("XDG_CACHE_HOME", ".cache") + "/svcname"; }
std::string default_registry_path() { return default_data_dir() + "/service-names-port-numbers.xml"; }

// ---------------------------------------------------------------------------------------------
std::string_view record_view::name() const noexcept { return d_->rec_str(i_, f_name); }
std::string_view record_view::protocol() const noexcept { return d_->rec_str(i_, f_protocol); }
std::string_view record_view::description() const noexcept { return d_->rec_str(i_, f_description); }
std::string_view record_view::notes() const noexcept { return d_->rec_str(i_, f_notes); }
std::string_view record_view::registered() const noexcept { return d_->rec_str(i_, f_registered); }
std::string_view record_view::modified() const noexcept { return d_->rec_str(i_, f_modified); }
std::uint32_t record_view::line() const noexcept { return d_->rec(i_).line; }
std::optional<port_range> record_view::ports() const noexcept {
  const auto r = d_->rec(i_);
  if (!r.has_port) return std::nullopt;
  return port_range{r.port_first, r.port_last};
}

record record_view::materialize() const {
  record r;
  r.name = name();
  r.protocol = protocol();
  r.description = description();
  r.assignee = split_items(d_->rec_str(i_, f_assignee));
  r.contact = split_items(d_->rec_str(i_, f_contact));
  r.registered = registered();
  r.modified = modified();
  auto refs = split_items(d_->rec_str(i_, f_references));
  refs.resize((refs.size() + 2) / 3 * 3);
  for (std::size_t k = 0; k + 2 < refs.size(); k += 3)
    r.references.push_back(xref{refs[k], refs[k + 1], refs[k + 2]});
  r.service_code = d_->rec_str(i_, f_service_code);
  r.unauthorized = d_->rec_str(i_, f_unauthorized);
  r.notes = notes();
  r.ports = ports();
  r.line = line();
  return r;
}

registry::registry() = default;
registry::registry(registry&&) noexcept = default;
registry& registry::operator=(registry&&) noexcept = default;
registry::~registry() = default;

registry registry::from_snapshot(const snapshot& s) {
  registry reg;
  reg.d_ = std::make_unique<index_data>();
  const bool ok = reg.d_->adopt(build_image(s, "", source_stamp{}));
  (void)ok;  // an image we just built is valid by construction (tested)
  return reg;
}

result<registry, load_error> registry::open(const std::string& source_path,
                                            const std::string& cache_dir, std::string_view format) {
  source_stamp st;
  if (!stamp_of(source_path, st))
    return fail(load_error{source_path, 0, 0, std::string("cannot open: ") + std::strerror(errno)});
  std::error_code ec;
  std::string canon = std::filesystem::weakly_canonical(source_path, ec).string();
  if (ec) canon = source_path;

  registry reg;
  reg.info_.source = source_path;
  std::string cache_path;
  if (cache_dir != "-") {
    const std::string dir = cache_dir.empty() ? default_cache_dir() : cache_dir;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(fnv1a(canon + "\n" + std::string(format))));
    cache_path = dir + "/registry-" + hex + ".idx";
    auto d = std::make_unique<index_data>();
    if (d->map_file(cache_path)) {
      const auto& h = d->hdr();
      if (h.src_size == st.size && h.src_ino == st.ino && h.src_dev == st.dev &&
          h.src_mtime_ns == st.mtime_ns && d->str(h.source) == canon) {
        reg.d_ = std::move(d);
        reg.info_.cache = cache_path;
        reg.info_.cache_hit = true;
        return reg;
      }
    }
  }
  auto snap = load_snapshot(source_path, format);
  if (!snap) return fail(std::move(snap.error()));
  reg.d_ = std::make_unique<index_data>();
  auto img = build_image(*snap, canon, st);
  if (!cache_path.empty() && write_atomic(cache_path, img)) reg.info_.cache = cache_path;
  (void)reg.d_->adopt(std::move(img));
  return reg;
}

std::string registry::serialize() const { return std::string(d_->bytes()); }
std::size_t registry::size() const noexcept { return d_->hdr().nrecords; }
record_view registry::at(std::size_t i) const noexcept {
  return record_view(d_.get(), static_cast<std::uint32_t>(i));
}
std::string_view registry::updated() const noexcept { return d_->str(d_->hdr().updated); }

std::vector<record_view> registry::by_name(std::string_view name) const {
  std::vector<record_view> out;
  const auto& h = d_->hdr();
  std::uint32_t lo = 0, hi = h.nnames;
  while (lo < hi) {  // lower_bound over the case-insensitively sorted name index
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (icompare(d_->rec_str(d_->id_at(h.off_names, mid), f_name), name) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (std::uint32_t k = lo; k < h.nnames; ++k) {
    const auto id = d_->id_at(h.off_names, k);
    if (icompare(d_->rec_str(id, f_name), name) != 0) break;
    out.emplace_back(d_.get(), id);
  }
  return out;
}

std::vector<record_view> registry::by_port(std::uint16_t port, std::string_view protocol) const {
  std::vector<record_view> out;
  const auto& h = d_->hdr();
  auto proto_ok = [&](std::uint32_t id) {
    return protocol.empty() || chars::iequals(d_->rec_str(id, f_protocol), protocol);
  };
  std::uint32_t lo = 0, hi = h.nports;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (d_->rec(d_->id_at(h.off_ports, mid)).port_first < port) lo = mid + 1;
    else hi = mid;
  }
  for (std::uint32_t k = lo; k < h.nports; ++k) {
    const auto id = d_->id_at(h.off_ports, k);
    if (d_->rec(id).port_first != port) break;
    if (proto_ok(id)) out.emplace_back(d_.get(), id);
  }
  for (std::uint32_t k = 0; k < h.nranged; ++k) {
    const auto id = d_->id_at(h.off_ranged, k);
    const auto r = d_->rec(id);
    if (port >= r.port_first && port <= r.port_last && proto_ok(id)) out.emplace_back(d_.get(), id);
  }
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return a.index() < b.index(); });
  return out;
}

std::vector<std::string_view> registry::names() const {
  std::vector<std::string_view> out;
  const auto& h = d_->hdr();
  for (std::uint32_t k = 0; k < h.nnames; ++k) {
    const auto n = d_->rec_str(d_->id_at(h.off_names, k), f_name);
    if (out.empty() || icompare(out.back(), n) != 0) out.push_back(n);
  }
  return out;
}

std::vector<std::string> registry::suggest(std::string_view name, std::size_t max) const {
  const std::size_t limit = name.size() <= 4 ? 1 : 2;
  std::vector<std::pair<std::size_t, std::string_view>> hits;
  for (auto n : names()) {
    const auto d = edit_distance(name, n, limit);
    if (d <= limit && d > 0) hits.emplace_back(d, n);
  }
  std::stable_sort(hits.begin(), hits.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < hits.size() && out.size() < max; ++i) out.emplace_back(hits[i].second);
  return out;
}

std::optional<person> registry::find_person(std::string_view id) const {
  const auto& h = d_->hdr();
  std::uint32_t lo = 0, hi = h.npeople;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (d_->str(d_->per(mid).f[p_id]) < id) lo = mid + 1;
    else hi = mid;
  }
  if (lo == h.npeople) return std::nullopt;
  const auto p = d_->per(lo);
  if (d_->str(p.f[p_id]) != id) return std::nullopt;
  return person{std::string(d_->str(p.f[p_id])), std::string(d_->str(p.f[p_name])),
                std::string(d_->str(p.f[p_org])), std::string(d_->str(p.f[p_uri])),
                std::string(d_->str(p.f[p_updated]))};
}

}  // namespace svcname::registry
