#pragma once
/// @file backend/mdns.h
/// The built-in mDNS querier (RFC 6762): browse and resolve on the local link without a
/// daemon. Installed only when the backend is built; it is also registered as "mdns".
/// (Backends live in namespace svcname, with internals in svcname::<backend>: the name
/// svcname::backend is the interface class of browse.h.)
#include <memory>

#include "svcname/browse.h"

namespace svcname {

/// Creates the built-in querier on @p loop. Fails with backend_unavailable when no
/// multicast-capable interface is up.
/// @param loop the loop every callback runs on; must outlive the backend
/// @param opt  options (interfaces/protocol restrict every request; notice gets send errors)
[[nodiscard]] result<std::unique_ptr<backend>, browse_error> make_mdns_backend(
    event_loop& loop, const backend_options& opt);

}  // namespace svcname
