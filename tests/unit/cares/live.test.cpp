// Unicast DNS-SD against a real BIND 9 serving tests/netns/dns/example.test.zone, run inside a
// private network namespace by tests/netns/dns/run-live.sh (SVCNAME_TEST_DNS = its address).
// BIND keeps the case of instance names (TESTBED §4), so names must come back byte-exact.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "svcname/backend/unicast.h"

using namespace svcname;

namespace {

std::string server() {
  const char* v = std::getenv("SVCNAME_TEST_DNS");
  return v != nullptr ? v : "";
}

std::vector<browse_event> browse_once(event_loop& loop, backend& be, browse_request req) {
  std::vector<browse_event> out;
  auto b = be.browse(req, [&](const browse_event& e) {
    out.push_back(e);
    if (e.kind == browse_event_kind::all_for_now || e.kind == browse_event_kind::failed) loop.stop();
  });
  REQUIRE(b);
  loop.restart();
  loop.run_for(std::chrono::seconds(10));
  return out;
}

result<resolve_result, browse_error> resolve_once(event_loop& loop, backend& be, const std::string& inst,
                                                  const std::string& type, const std::string& domain) {
  std::optional<result<resolve_result, browse_error>> out;
  resolve_request rq;
  rq.instance = inst;
  rq.type = type;
  rq.domain = domain;
  auto r = be.resolve(rq, [&](const result<resolve_result, browse_error>& x) {
    out = x;
    loop.stop();
  });
  REQUIRE(r);
  loop.restart();
  loop.run_for(std::chrono::seconds(10));
  REQUIRE(out.has_value());
  return *out;
}

const std::string cafe = "Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF" "code 2.OG";
const std::string buero = "B\xC3\xBCro Drucker 2.OG";
const std::string long63 = "Sixty-three octets " + std::string(44, 'x');

}  // namespace

TEST_CASE("unicast live: BIND 9 example.test", "[.live][unicast-live]") {
  REQUIRE_FALSE(server().empty());
  REQUIRE(long63.size() == 63);
  event_loop loop;
  backend_options opt;
  opt.servers = {server()};
  // "auto" picks unicast for a non-local domain.
  auto be = make_backend(loop, "auto", "example.test", opt);
  REQUIRE(be);
  CHECK((*be)->name() == "unicast");

  browse_request req;
  req.type = "_http._tcp";
  req.domain = "example.test";
  std::set<std::string> names;
  for (const auto& e : browse_once(loop, **be, req))
    if (e.kind == browse_event_kind::added) names.insert(e.instance);
  CHECK(names == std::set<std::string>{"Web Server v1.2", cafe, long63});

  auto r = resolve_once(loop, **be, cafe, "_http._tcp", "example.test");
  REQUIRE(r);
  CHECK(r->host == "web2.example.test.");
  CHECK(r->port == 8443);
  CHECK(r->priority == 10);
  CHECK(r->weight == 5);
  CHECK(r->srv_ttl == 120);
  CHECK(r->txt_ttl == 4500);
  CHECK(r->txt == std::vector<std::string>{"path=/caf\xC3\xA9", "", std::string("bin=\0\x01\xff", 7), "x"});
  REQUIRE(r->addresses.size() == 1);
  CHECK(r->addresses[0].address.to_string() == "192.0.2.11");

  r = resolve_once(loop, **be, long63, "_http._tcp", "example.test");
  REQUIRE(r);
  CHECK(r->txt == std::vector<std::string>{""});  // a lone empty string (RFC 6763 §6.1)
  CHECK(r->addresses.size() == 2);

  // Subtype (RFC 6763 §7.1) and the printer with "empty=".
  browse_request sub;
  sub.type = "_ipp._tcp";
  sub.subtype = "_universal";
  sub.domain = "example.test";
  auto ev = browse_once(loop, **be, sub);
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].instance == buero);
  CHECK(ev[0].subtype == "_universal");
  CHECK(ev[0].type == "_ipp._tcp");
  r = resolve_once(loop, **be, buero, "_ipp._tcp", "example.test");
  REQUIRE(r);
  CHECK(r->txt == std::vector<std::string>{"txtvers=1", "rp=printers/buero", "empty=", "ty=B\xC3\xBCro Printer"});
  CHECK(r->addresses.size() == 2);

  // Service types (§9) and browse domains (§11).
  browse_request types;
  types.enumerate_types = true;
  types.domain = "example.test";
  std::set<std::string> ts;
  for (const auto& e : browse_once(loop, **be, types))
    if (e.kind == browse_event_kind::added) ts.insert(e.type);
  CHECK(ts == std::set<std::string>{"_http._tcp", "_ipp._tcp", "_printer._tcp"});
  browse_request doms;
  doms.type = "b._dns-sd._udp";
  doms.domain = "example.test";
  std::set<std::string> ds;
  for (const auto& e : browse_once(loop, **be, doms))
    if (e.kind == browse_event_kind::added) ds.insert(e.domain);
  CHECK(ds == std::set<std::string>{"example.test", "lab.example.test"});
  req.type = "_ssh._tcp";
  req.domain = "lab.example.test";
  ev = browse_once(loop, **be, req);
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].instance == "Lab Gateway");

  // Failures, each with its reason.
  r = resolve_once(loop, **be, "Ghost Printer", "_printer._tcp", "example.test");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == browse_errc::not_found);
  CHECK_THAT(r.error().message, Catch::Contains("NXDOMAIN"));
  r = resolve_once(loop, **be, "No Address", "_printer._tcp", "example.test");
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error().message, Catch::Contains("noaddr.example.test.") && Catch::Contains("no A or AAAA"));
  req.type = "_http._tcp";
  req.domain = "broken.test";
  ev = browse_once(loop, **be, req);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == browse_event_kind::failed);
  CHECK_THAT(ev[0].error.message, Catch::Contains("SERVFAIL"));
  req.domain = "elsewhere.test";
  ev = browse_once(loop, **be, req);
  REQUIRE(ev.size() == 1);
  CHECK_THAT(ev[0].error.message, Catch::Contains("REFUSED"));
}
