#pragma once
// Internal: the state of one file being linted, shared by every reader. Readers find the
// service names in their format and hand each one, with its byte offset in the file, to the
// check_* functions here; those run the core validators (and the registry when one is loaded)
// and record findings in file byte offsets.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "svcname/diagnostic.h"
#include "svcname/lint/lint.h"

namespace svcname::lint::detail {

/// A suppression comment: `svcname: ignore` (all rules) or `svcname: ignore[a, b]`.
struct suppression {
  std::uint32_t line = 0;          ///< 1-based line it applies to
  std::vector<std::string> ids;    ///< empty: every rule
};

class file_ctx {
 public:
  file_ctx(std::string_view text, const options& opt, file_format format)
      : text_(text), opt_(opt), format_(format) {}

  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] const options& opt() const noexcept { return opt_; }

  /// Records a finding at byte range [offset, offset+length) of the file.
  diagnostic& add(diag_code c, std::size_t offset, std::size_t length, std::string detail = {},
                  std::string fix = {});
  /// A parse failure at @p offset: the syntax rule of this file's format, with @p what.
  void parse_error(std::size_t offset, std::string what, std::string fix = {});

  /// Service type or subtype type such as "_ipp._tcp" or "_printer._sub._http._tcp"
  /// (optionally with a domain), written at @p offset.
  void check_type(std::string_view value, std::size_t offset);
  /// Full service-instance name "Instance._ipp._tcp.local." at @p offset.
  void check_instance_name(std::string_view value, std::size_t offset);
  /// Instance label only (already unescaped or plain text), e.g. Avahi <name>.
  void check_instance_label(std::string_view value, std::size_t offset);
  /// Bare service name ("ipp") with the transport it is used with ("" = unknown).
  /// @param k8s also apply Kubernetes' IANA_SVC_NAME lowercase rule.
  /// @param where_used short context for messages ("container port name").
  void check_bare(std::string_view value, std::size_t offset, std::string_view proto, bool k8s,
                  std::string_view where_used = {});
  /// Port number as written: an integer 0-65535 (RFC 6335 §6).
  std::optional<std::uint16_t> check_port(std::string_view value, std::size_t offset);
  /// One TXT record through the TXT seam, if any.
  void check_txt(const std::vector<txt_string>& record, std::string_view service_type);
  /// While set, every finding is placed at [offset, offset+length) (e.g. a zone "@" that
  /// stands for $ORIGIN: the checked text is not what is written there).
  void pin(std::size_t offset, std::size_t length) { pin_ = {offset, length}; }
  void unpin() { pin_.reset(); }

  std::vector<diagnostic>& diags() noexcept { return diags_; }
  std::size_t names = 0;

 private:
  void merge(const report& r, std::size_t base, std::size_t value_len, std::string_view service);
  void registry_facts(std::string_view service, std::string_view proto, std::size_t offset);
  const report& local_facts(std::string_view service, std::string_view proto);
  std::shared_ptr<fact_cache> local_cache_;
  std::string_view text_;
  const options& opt_;
  file_format format_;
  std::vector<diagnostic> diags_;
  std::optional<std::pair<std::size_t, std::size_t>> pin_;
};

/// "key=<hex pairs>" -> "key=<bytes>" (avahi.service(5) binary-hex). A string without '='
/// is returned as it is. nullopt, with @p why, when the value cannot be decoded.
std::optional<std::string> decode_txt_value_hex(std::string_view s, std::string& why);
/// "key=<base64>" -> "key=<bytes>" (A-Za-z0-9+/; '=' padding required when @p need_padding).
std::optional<std::string> decode_txt_value_base64(std::string_view s, bool need_padding, std::string& why);

// The readers: each finds its format's names in ctx.text() and checks them.
void read_avahi(file_ctx& ctx);
void read_dnssd(file_ctx& ctx);
void read_kubernetes(file_ctx& ctx);
void read_zone(file_ctx& ctx);
void read_services(file_ctx& ctx);
void read_list(file_ctx& ctx);

/// Finds suppression comments for @p format (its own comment syntax).
std::vector<suppression> scan_suppressions(std::string_view text, file_format format,
                                           std::vector<std::pair<std::size_t, std::string>>& unknown_ids);

/// Byte offset -> 1-based line and code-point column.
class line_index {
 public:
  explicit line_index(std::string_view text);
  [[nodiscard]] std::uint32_t line_of(std::size_t offset) const noexcept;
  [[nodiscard]] std::uint32_t column_of(std::size_t offset) const noexcept;
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const noexcept;
  [[nodiscard]] std::size_t line_start(std::uint32_t line) const noexcept;
  [[nodiscard]] std::uint32_t lines() const noexcept {
    return static_cast<std::uint32_t>(starts_.size());
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

}  // namespace svcname::lint::detail
