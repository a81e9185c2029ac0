#pragma once
/// @file lint/txt.h
/// TXT records found by `svcname lint` (Avahi <txt-record>, .dnssd TxtText=, zone TXT of a
/// service instance) graded by the TXT layer: every RFC 6763 §6 rule, and the documented keys
/// of the record's service when @p cat has a spec for it.
#include "svcname/lint/lint.h"

namespace svcname::txt {
class catalog;
}
namespace svcname::registry {
class registry;
}

namespace svcname::lint {

/// A txt_check_fn that runs txt::check_record on each record and maps its findings (RDATA
/// offsets) back to the strings' places in the file. @p cat may be nullptr (§6 rules only);
/// it must outlive the returned function and is only read (safe from many threads).
[[nodiscard]] txt_check_fn make_txt_check(const txt::catalog* cat);

/// Adds to @p cat the specs IANA's registry notes give ("Defined TXT keys: ..."), for every
/// service that has no curated spec, so that lint threads never modify the catalog.
void add_registry_txt_specs(txt::catalog& cat, const registry::registry& reg);

}  // namespace svcname::lint
