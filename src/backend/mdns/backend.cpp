// The "mdns" backend: backend over the built-in querier, and its registration.
#include "browse/event_loop_impl.h"  // first: <utility> before Asio

#include "backend/mdns/querier.h"
#include "backend/mdns/socket_transport.h"
#include "svcname/backend/mdns.h"

namespace svcname {
namespace {

class mdns_backend final : public backend {
 public:
  mdns_backend(event_loop& loop, std::vector<mdns::netif> ifs, const backend_options& opt)
      : opt_(opt),
        q_(loop, mdns::make_socket_transport(io_context_of(loop), ifs), ifs, opt.notice) {}

  [[nodiscard]] std::string_view name() const noexcept override { return "mdns"; }

  [[nodiscard]] result<browser, browse_error> browse(const browse_request& req, browse_callback cb) override {
    auto r = req;
    narrow(r.interfaces, r.protocol);
    auto op = q_.browse(r, std::move(cb));
    if (!op) return fail(op.error());
    return browser(std::move(*op));
  }

  [[nodiscard]] result<resolver, browse_error> resolve(const resolve_request& req, resolve_callback cb) override {
    auto r = req;
    narrow(r.interfaces, r.protocol);
    auto op = q_.resolve(r, std::move(cb));
    if (!op) return fail(op.error());
    return resolver(std::move(*op));
  }

 private:
  // Backend-wide options restrict every request that does not say otherwise.
  void narrow(std::vector<std::string>& ifs, ip_protocol& p) const {
    if (ifs.empty()) ifs = opt_.interfaces;
    if (p == ip_protocol::any) p = opt_.protocol;
  }
  backend_options opt_;
  mdns::querier q_;
};

result<std::unique_ptr<backend>, browse_error> create(event_loop& loop, const backend_options& opt) {
  return make_mdns_backend(loop, opt);
}

bool serves(std::string_view domain) { return is_local_domain(domain); }

const backend_info info{"mdns",
                        "built-in mDNS querier (RFC 6762): no daemon needed, shares port 5353",
                        20, &serves, &create};
const backend_registration reg{info};

}  // namespace

result<std::unique_ptr<backend>, browse_error> make_mdns_backend(event_loop& loop,
                                                                          const backend_options& opt) {
  auto ifs = mdns::list_interfaces();
  if (std::none_of(ifs.begin(), ifs.end(), [](const mdns::netif& n) { return n.usable(ip_protocol::any); }))
    return fail(browse_error{browse_errc::backend_unavailable,
                             "no network interface is up with multicast (mDNS needs one)"});
  return std::unique_ptr<backend>(std::make_unique<mdns_backend>(loop, std::move(ifs), opt));
}

}  // namespace svcname

// Referenced through the linker (--undefined) so this object, and its registration, is kept.
extern "C" {
extern const char svcname_backend_mdns_anchor;
const char svcname_backend_mdns_anchor = 0;
}
