#pragma once
/// @file check.h
/// `svcname check`: syntax findings (RFC 6335 §5.1, RFC 6763) plus registry facts for a bare
/// service name, a service type, a subtype type or a full service-instance name.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcname/diagnostic.h"
#include "svcname/dnssd_name.h"
#include "svcname/registry/registry.h"

namespace svcname {

/// What the input was taken to be.
enum class input_kind : std::uint8_t { bare_name, service_type, subtype, instance, invalid };
[[nodiscard]] std::string_view to_string(input_kind k) noexcept;

struct check_options {
  const registry::registry* reg = nullptr;  ///< nullptr: syntax checks only (adds name_no_registry)
  bool suggest = true;                      ///< did-you-mean for unregistered names
  /// Transport the caller knows from context (e.g. a Kubernetes port's protocol), if any.
  std::optional<std::string> protocol;
};

struct check_result {
  input_kind kind = input_kind::invalid;
  std::string service;                       ///< bare service name checked ("ipp")
  std::uint32_t service_offset = 0;          ///< its offset in the input
  dnssd_parse parsed;                        ///< structure, when the input was a DNS-SD name
  report findings;                           ///< syntax + registry findings, offsets into the input
  std::vector<registry::record_view> records;  ///< registry records with this name
  std::vector<std::string> suggestions;      ///< did-you-mean names (when not registered)
  bool legacy = false;                       ///< registered, but breaks RFC 6335 §5.1
};

/// Classifies @p input (bare name if it has no '.' and no leading '_'), validates its syntax
/// and, with a registry, adds: name-registered (note with transports and ports),
/// name-not-registered (warning with suggestions), name-protocol-mismatch, name-registered-legacy.
[[nodiscard]] check_result check_name(std::string_view input, const check_options& opt = {});

/// Registry facts only, for a bare service name (already split out of its context).
/// @param proto "tcp"/"udp"/... or empty for "any".
[[nodiscard]] check_result check_service_name(std::string_view name, std::string_view proto,
                                              const check_options& opt = {});

}  // namespace svcname
