#pragma once
/// @file txt/spec.h
/// Documented TXT keys of a service: the key specification model, the parser for the IANA
/// registry's free-text notes ("Defined TXT keys: ..."), and the catalog that holds curated
/// specifications (registry/txt-keys/*.json) plus the specs derived from the notes.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/result.h"

namespace svcname::txt {

/// What a service's documentation says about its TXT keys.
enum class spec_status : std::uint8_t {
  none,          ///< no keys defined ("Defined TXT keys: None")
  keys,          ///< keys are listed
  undocumented,  ///< proprietary, TBD, "varies", "contact us"
  reference,     ///< only a pointer to a URL or document
};
[[nodiscard]] std::string_view to_string(spec_status s) noexcept;
[[nodiscard]] std::optional<spec_status> spec_status_from_string(std::string_view s) noexcept;

/// Whether a record must carry a key.
enum class presence : std::uint8_t { optional, required };

/// One documented key.
struct key_spec {
  std::string key;                     ///< exactly as a device sends it ("iTSh Version", "dkX")
  std::optional<std::string> pattern;  ///< full-match regex for a numbered family ("dk[0-9]+")
  /// Allowed values: one entry = a fixed value ("txtvers=1"), several = an enumeration.
  std::vector<std::string> values;
  bool enumeration = false;            ///< true when `values` is a list ("one of ...")
  std::optional<std::string> value_pattern;  ///< full-match regex the value must match
  presence need = presence::optional;
  bool boolean = false;                ///< documented as a flag without '=' (catalog only)
  std::string meaning;                 ///< what it carries (catalog, or the note's <...> text)
  std::string source;                  ///< document and section it comes from
  friend bool operator==(const key_spec&, const key_spec&) = default;
};

/// The documented keys of one service.
struct service_spec {
  std::string service;                 ///< bare service name, "ipp"
  spec_status status = spec_status::none;
  std::vector<key_spec> keys;
  bool open = false;                   ///< other keys may appear ("others not documented")
  std::optional<std::string> inherits; ///< service whose keys also apply ("http")
  std::string reference;               ///< URL or document named by the note / catalog
  std::string origin;                  ///< "registry" or the catalog file it came from
  std::string summary;                 ///< catalog: one line about the service

  /// The key spec matching @p key: exact key, then its pattern; case-insensitive
  /// (RFC 6763 §6.4). nullptr when not documented here.
  [[nodiscard]] const key_spec* find(std::string_view key) const;
};

/// Turns one registry note into a key specification. Never fails: text that cannot be
/// understood yields status `undocumented` or `reference`. Recognised forms include comma and
/// space lists, `key=<meaning>` lists, one key per line, `a. key=...` items, fixed values
/// (`txtvers=1`), enumerations (`one of "a", "b" or "c"`, `<x | y>`, `{'a'|'b'}`),
/// numbered families (`c0, c1, ..., cn` and `dkX` become patterns), open sets
/// ("others not publicly documented", "and proprietary keys"), inheritance
/// ("This is an extension of the http service", "Same as for _http._tcp").
/// @param service the record's name (kept in the result).
/// @param note the note text with line breaks as '\n'.
[[nodiscard]] service_spec parse_note(std::string_view service, std::string_view note);

/// True when @p note documents TXT keys at all (contains "TXT keys" in any case).
[[nodiscard]] bool note_mentions_txt_keys(std::string_view note) noexcept;

/// Merges the spec of another record of the same service (e.g. tcp and udp notes that differ).
/// Keys are united (first spelling wins); the more informative status wins
/// (keys > reference > undocumented > none).
void merge_spec(service_spec& into, const service_spec& other);

/// A catalog load error.
struct catalog_error {
  std::string file;
  std::string message;
  [[nodiscard]] std::string to_string() const;  ///< "file: message"
};

/// Curated specs (one JSON file per service) and registry-note specs, looked up by service name.
/// Curated specs win over registry notes; later directories override earlier ones.
class catalog {
 public:
  catalog();
  catalog(catalog&&) noexcept;
  catalog& operator=(catalog&&) noexcept;
  ~catalog();

  /// Loads every `*.json` file in @p dir (see registry/txt-keys/README.md for the format).
  /// A file for a service already present replaces it. A missing directory is not an error
  /// when @p optional is true.
  [[nodiscard]] result<std::size_t, catalog_error> load_dir(const std::string& dir,
                                                            bool optional = false);
  /// Loads the curated catalog built into the library (registry/txt-keys/*.json at build
  /// time); each spec's origin is "built-in txt-keys/<file>". Fails only if a shipped file is
  /// malformed, which the unit tests rule out.
  [[nodiscard]] result<std::size_t, catalog_error> load_shipped();
  /// Parses one catalog file's text; @p file is used in errors and as the spec's origin.
  [[nodiscard]] static result<service_spec, catalog_error> parse_json(std::string_view text,
                                                                      std::string_view file);
  /// Adds or replaces a curated spec.
  void add(service_spec spec);
  /// Adds a spec derived from registry notes (used only when no curated spec exists).
  void add_registry(service_spec spec);

  /// The spec for @p service (bare name, case-insensitive): curated first, else registry.
  [[nodiscard]] const service_spec* find(std::string_view service) const;
  /// The curated spec only.
  [[nodiscard]] const service_spec* find_curated(std::string_view service) const;
  /// The registry-note spec only.
  [[nodiscard]] const service_spec* find_registry(std::string_view service) const;
  /// Names of every curated spec, sorted.
  [[nodiscard]] std::vector<std::string> curated_names() const;
  /// Number of curated and registry specs.
  [[nodiscard]] std::size_t size() const noexcept;

 private:
  std::map<std::string, service_spec> curated_;   // key: lower-case service name
  std::map<std::string, service_spec> registry_;
};

/// Where the user's own catalog lives: $XDG_CONFIG_HOME/svcname/txt-keys (or
/// ~/.config/svcname/txt-keys).
[[nodiscard]] std::string user_catalog_dir();

/// Serialises a spec as one JSON object in the `registry txt-keys --jsonl` shape:
/// {"service": ..., "status": ..., "keys": [{"key":..,"value":..,"pattern":..}], "open":..,
/// "inherits":..}. `value` is null, a string (fixed value) or a list (enumeration).
[[nodiscard]] std::string to_jsonl(const service_spec& s);

/// Serialises a spec with every field (catalog file format; also `registry show --json`).
[[nodiscard]] std::string to_json(const service_spec& s, int indent = 2);

}  // namespace svcname::txt
