#pragma once
// Rendering shared by `registry diff|compare|search|people|load` (cmd_registry_extra.cpp) and
// the diff that `registry update` prints (cmd_registry.cpp).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "svcname/registry/diff.h"
#include "svcname/registry/model.h"

namespace svcname::cli {

/// One record as JSON (the fields of registry/model.h; people as ids).
nlohmann::json record_to_json(const registry::record& r);
/// Field changes as JSON: [{"field", "before", "after"}].
nlohmann::json changes_to_json(const std::vector<registry::field_change>& f);
/// The whole diff as JSON, grouped by service name (see README "registry diff").
nlohmann::json diff_to_json(const registry::snapshot_diff& d);
/// Human diff: a summary line, then every change grouped by service name. @p max_groups = 0
/// prints every group; otherwise the first @p max_groups and a count of the rest.
void print_diff(const registry::snapshot_diff& d, bool color, std::size_t max_groups = 0,
                std::FILE* out = stdout);

}  // namespace svcname::cli
