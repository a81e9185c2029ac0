#pragma once
/// @file lint/lint.h
/// `svcname lint`: finds every service name written in configuration files (Avahi service
/// files, systemd .dnssd files, Kubernetes manifests, DNS zone files, /etc/services, plain
/// lists), checks each one (RFC 6335 §5.1, RFC 6763, the IANA registry) and reports findings
/// with exact line and column. The library prints nothing; tools/cli renders the findings.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/diagnostic.h"
#include "svcname/lint/config.h"

namespace svcname::registry {
class registry;
}

namespace svcname::lint {

/// Input formats the linter reads.
enum class file_format : std::uint8_t {
  unknown,     ///< not a format svcname reads
  avahi,       ///< Avahi service file (XML, avahi.service(5))
  dnssd,       ///< systemd-resolved .dnssd file (INI, systemd.dnssd(5))
  kubernetes,  ///< Kubernetes manifest (YAML, multi-document)
  zone,        ///< DNS master file (RFC 1035 §5)
  services,    ///< /etc/services (services(5))
  list,        ///< one name or service type per line, '#' comments
};
/// "avahi", "dnssd", "kubernetes", "zone", "services", "list", "unknown".
[[nodiscard]] std::string_view to_string(file_format f) noexcept;
/// Inverse of to_string(file_format) (also accepts "k8s", "yaml", "etc-services").
[[nodiscard]] std::optional<file_format> file_format_from_string(std::string_view s) noexcept;

/// What the file name alone says.
enum class name_match : std::uint8_t {
  no,       ///< not one of ours: a directory walk skips it without reading it
  maybe,    ///< a candidate: the content decides (*.service, *.yaml, *.db, ...)
  yes,      ///< the name is conclusive (*.dnssd, *.zone, services, *.svcnames)
};

/// Classifies @p path by its file name only.
/// @param[out] guess the format the name points to (unknown when no).
[[nodiscard]] name_match match_file_name(std::string_view path, file_format& guess) noexcept;

/// Detects the format from the file name, then from the content: *.service must hold an
/// Avahi <service-group>, *.yaml/*.yml a Kubernetes object (apiVersion + kind), *.db/db.* a
/// master file ($ORIGIN, $TTL or an SOA record). Files with other names are recognised by
/// content alone. Returns unknown when nothing fits.
[[nodiscard]] file_format detect_format(std::string_view path, std::string_view content) noexcept;

/// One finding, placed in its file.
struct finding {
  diagnostic diag;               ///< where.offset/length: byte range in the file
  std::uint32_t line = 0;        ///< 1-based line
  std::uint32_t column = 0;      ///< 1-based column, in Unicode code points
  std::uint32_t end_column = 0;  ///< column just after the range (SARIF endColumn)
  std::string source_line;       ///< the whole line, without its line break
  std::string subject;           ///< the name or value that was checked, as written
};

/// Every finding for one file.
struct file_report {
  std::string path;                 ///< as given or as found while walking
  file_format format = file_format::unknown;
  std::vector<finding> findings;    ///< sorted by position
  std::size_t bytes = 0;            ///< size of the file
  std::size_t names = 0;            ///< names and values checked
  std::size_t suppressed = 0;       ///< findings dropped by inline suppressions
  bool io_error = false;            ///< the file could not be read (a lint-io-error finding)
};

/// One character-string of a TXT record as written in the linted file.
struct txt_string {
  std::string_view text;      ///< the string's bytes (quotes and escapes removed where the format has them)
  std::uint32_t offset = 0;   ///< byte offset of the string's first byte in the file
};

/// Checks one TXT record (all its strings, in order) of a service of type @p service_type
/// ("_ipp._tcp"; empty when the file does not say) and returns findings whose offsets are
/// file offsets. This is the seam for the TXT layer: empty means "no TXT checks".
using txt_check_fn =
    std::function<report(const std::vector<txt_string>& record, std::string_view service_type)>;

/// Registry facts already looked up (per service name and transport), shared by every file of
/// a run and safe to use from many threads. Repositories repeat the same few names thousands
/// of times, and a did-you-mean search over the registry is costly.
class fact_cache;
[[nodiscard]] std::shared_ptr<fact_cache> make_fact_cache();

/// How to lint.
struct options {
  const registry::registry* reg = nullptr;  ///< nullptr: syntax only
  const config* cfg = nullptr;              ///< allowed names, rule overrides (may be null)
  txt_check_fn txt_check;                   ///< TXT record checks (may be empty)
  std::shared_ptr<fact_cache> cache;        ///< for @p reg; lint_targets() makes one if empty
};

/// Lints @p content as @p format (detect_format() it first if unknown).
/// Never throws on bad input: an unparsable file yields a lint-parse-error finding at its line.
/// @param path used for reporting only.
[[nodiscard]] file_report lint_text(std::string_view path, std::string_view content,
                                    file_format format, const options& opt);

/// Reads and lints one file. A read failure yields a report with io_error and a
/// lint-io-error finding. @p format unknown: detect.
[[nodiscard]] file_report lint_file(const std::string& path, file_format format,
                                    const options& opt);


}  // namespace svcname::lint
