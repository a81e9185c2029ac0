// Unicast DNS-SD backend (c-ares on the event loop) against an in-process DNS server on
// 127.0.0.1 (loopback only, ephemeral port): names with spaces/dots/UTF-8, binary TXT,
// additional-section addresses, NXDOMAIN, SERVFAIL, a silent server (timeout), TC -> TCP.
// The real-peer test against BIND 9 is tests/netns/dns/run-live.sh ([.live] cases below).
#include <catch2/catch.hpp>

#include <utility>  // before Asio (Boost 1.74, -std=c++23)

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "backend/cares/query_name.h"
#include "browse/event_loop_impl.h"
#include "svcname/backend/unicast.h"
#include "svcname/wire/message.h"

using namespace svcname;
namespace asio = boost::asio;

namespace {

wire::name N(std::string_view text) {
  auto n = wire::name_from_text(text);
  REQUIRE(n);
  return *n;
}

wire::resource_record rr(const wire::name& owner, std::uint16_t type, wire::rdata d,
                         std::uint32_t ttl = 120) {
  wire::resource_record r;
  r.owner = owner;
  r.type = type;
  r.ttl = ttl;
  r.data = std::move(d);
  return r;
}

// A tiny authoritative server: answers from `zone` (owner lower-cased + type), says
// NXDOMAIN for names it does not know, SERVFAIL under "broken.test", nothing under
// "silent.test", and sets TC on UDP answers under "big.test" (the TCP listener then serves it).
class fake_dns {
 public:
  explicit fake_dns(asio::io_context& io)
      : udp_(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        tcp_(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    // Same port for TCP: re-open the acceptor on the UDP port.
    tcp_.close();
    tcp_.open(asio::ip::tcp::v4());
    tcp_.set_option(asio::socket_base::reuse_address(true));
    tcp_.bind(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), udp_.local_endpoint().port()));
    tcp_.listen();
    receive();
    accept();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(udp_.local_endpoint().port()); }

  void add(wire::resource_record r) {
    names_.insert(lower(r.owner.to_text()));
    std::string k = key(r.owner, r.type);
    zone_[k].push_back(std::move(r));
  }
  void remove(const wire::name& owner, std::uint16_t type) { zone_.erase(key(owner, type)); }
  void add_additional(const wire::name& owner, std::uint16_t type, wire::resource_record r) {
    extra_[key(owner, type)].push_back(std::move(r));
  }
  std::map<std::string, int> queries;  // "name TYPE" -> count

 private:
  static std::string lower(std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  }
  static std::string key(const wire::name& n, std::uint16_t t) {
    return lower(n.to_text()) + " " + wire::type_to_string(t);
  }

  std::optional<std::vector<std::uint8_t>> answer(std::span<const std::uint8_t> q, bool over_tcp) {
    auto m = wire::parse_message(q, wire::parse_options{.mdns_class_bits = false});
    if (!m || m->questions.size() != 1) return std::nullopt;
    const auto& qu = m->questions[0];
    ++queries[key(qu.qname, qu.qtype)];
    wire::message r;
    r.hdr.id = m->hdr.id;
    r.hdr.flags = wire::flag_qr | wire::flag_aa;
    r.questions = m->questions;
    const std::string qn = lower(qu.qname.to_text());
    if (qn.ends_with("silent.test.")) return std::nullopt;
    if (qn.ends_with("broken.test.")) {
      r.hdr.flags |= 2;  // SERVFAIL
    } else if (qn.ends_with("big.test.") && !over_tcp) {
      r.hdr.flags |= wire::flag_tc;  // RFC 1035 §4.2.1: retry over TCP
    } else if (auto it = zone_.find(key(qu.qname, qu.qtype)); it != zone_.end()) {
      r.answers = it->second;
      if (auto x = extra_.find(key(qu.qname, qu.qtype)); x != extra_.end()) r.additionals = x->second;
    } else if (!names_.contains(qn)) {
      r.hdr.flags |= 3;  // NXDOMAIN
    }
    auto bytes = wire::write_message(r, wire::write_options{.compress = true, .mdns_class_bits = false});
    if (!bytes) return std::nullopt;
    return *bytes;
  }

  void receive() {
    udp_.async_receive_from(asio::buffer(buf_), peer_, [this](boost::system::error_code ec, std::size_t n) {
      if (ec) return;
      if (auto a = answer(std::span<const std::uint8_t>(buf_.data(), n), false)) {
        boost::system::error_code ec2;
        udp_.send_to(asio::buffer(*a), peer_, 0, ec2);
      }
      receive();
    });
  }

  void accept() {
    tcp_.async_accept([this](boost::system::error_code ec, asio::ip::tcp::socket s) {
      if (ec) return;
      auto sock = std::make_shared<asio::ip::tcp::socket>(std::move(s));
      serve_tcp(sock);
      accept();
    });
  }
  void serve_tcp(std::shared_ptr<asio::ip::tcp::socket> s) {
    auto len = std::make_shared<std::array<std::uint8_t, 2>>();
    asio::async_read(*s, asio::buffer(*len), [this, s, len](boost::system::error_code ec, std::size_t) {
      if (ec) return;
      auto body = std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(((*len)[0] << 8) | (*len)[1]));
      asio::async_read(*s, asio::buffer(*body), [this, s, body](boost::system::error_code ec2, std::size_t) {
        if (ec2) return;
        if (auto a = answer(*body, true)) {
          std::vector<std::uint8_t> out{static_cast<std::uint8_t>(a->size() >> 8),
                                        static_cast<std::uint8_t>(a->size() & 0xff)};
          out.insert(out.end(), a->begin(), a->end());
          boost::system::error_code ec3;
          asio::write(*s, asio::buffer(out), ec3);
        }
        serve_tcp(s);
      });
    });
  }

  asio::ip::udp::socket udp_;
  asio::ip::tcp::acceptor tcp_;
  asio::ip::udp::endpoint peer_;
  std::array<std::uint8_t, 65536> buf_{};
  std::map<std::string, std::vector<wire::resource_record>> zone_;
  std::map<std::string, std::vector<wire::resource_record>> extra_;
  std::set<std::string> names_;
};

const std::string cafe = "Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF" "code 2.OG";  // dot inside the label

void fill(fake_dns& d) {
  const auto type = N("_http._tcp.example.test");
  const auto web = wire::make_name({"Web Server v1.2", "_http", "_tcp", "example", "test"});
  const auto caf = wire::make_name({cafe, "_http", "_tcp", "example", "test"});
  d.add(rr(type, wire::rr_type::ptr, wire::ptr_rdata{web}, 4500));
  d.add(rr(type, wire::rr_type::ptr, wire::ptr_rdata{caf}, 4500));
  d.add(rr(web, wire::rr_type::srv, wire::srv_rdata{0, 0, 8080, N("web1.example.test")}));
  d.add(rr(web, wire::rr_type::txt, wire::txt_rdata{{"path=/", "txtvers=1"}}, 4500));
  d.add(rr(caf, wire::rr_type::srv, wire::srv_rdata{10, 5, 8443, N("web2.example.test")}));
  d.add(rr(caf, wire::rr_type::txt, wire::txt_rdata{{"path=/caf\xC3\xA9", "", std::string("bin=\0\x01\xFF", 7), "x"}}));
  d.add(rr(N("web1.example.test"), wire::rr_type::a, wire::a_rdata{{192, 0, 2, 10}}));
  d.add(rr(N("web1.example.test"), wire::rr_type::aaaa,
           wire::aaaa_rdata{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10}}));
  // web2's address only arrives in the SRV answer's additional section.
  d.add_additional(caf, wire::rr_type::srv, rr(N("web2.example.test"), wire::rr_type::a, wire::a_rdata{{192, 0, 2, 11}}));
  d.add(rr(N("web2.example.test"), wire::rr_type::a, wire::a_rdata{{192, 0, 2, 11}}));
  // big.test answers only over TCP.
  d.add(rr(N("_http._tcp.big.test"), wire::rr_type::ptr,
           wire::ptr_rdata{wire::make_name({"Big One", "_http", "_tcp", "big", "test"})}));
}

struct collected {
  std::vector<browse_event> events;
  bool done = false;
};

collected run_browse(event_loop& loop, backend& be, browse_request req) {
  collected c;
  auto b = be.browse(req, [&](const browse_event& e) {
    c.events.push_back(e);
    if (e.kind == browse_event_kind::all_for_now || e.kind == browse_event_kind::failed) {
      c.done = true;
      loop.stop();
    }
  });
  REQUIRE(b);
  loop.restart();
  loop.run_for(std::chrono::seconds(10));
  return c;
}

result<resolve_result, browse_error> run_resolve(event_loop& loop, backend& be, resolve_request req) {
  std::optional<result<resolve_result, browse_error>> out;
  auto r = be.resolve(req, [&](const result<resolve_result, browse_error>& x) {
    out = x;
    loop.stop();
  });
  REQUIRE(r);
  loop.restart();
  loop.run_for(std::chrono::seconds(10));
  REQUIRE(out.has_value());
  return *out;
}

}  // namespace

TEST_CASE("c-ares query names: raw bytes, '.' and '\\' escaped, no \\DDD", "[cares]") {
  using detail::to_ares_name;
  CHECK(*to_ares_name(wire::make_name({"Web Server v1.2", "_http", "_tcp", "example", "test"})) ==
        "Web Server v1\\.2._http._tcp.example.test");
  CHECK(*to_ares_name(wire::make_name({cafe, "_http", "_tcp", "local"})) ==
        "Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF" "code 2\\.OG._http._tcp.local");
  CHECK(*to_ares_name(wire::make_name({"back\\slash", "x"})) == "back\\\\slash.x");
  CHECK(*to_ares_name(wire::name{}) == ".");
  CHECK(to_ares_name(wire::make_name({std::string("nul\0byte", 8), "x"})).error() ==
        detail::ares_name_errc::nul_byte);
  CHECK(to_ares_name(wire::make_name({"", "x"})).error() == detail::ares_name_errc::empty_label);
}

TEST_CASE("unicast backend: browse and resolve against a loopback server", "[cares]") {
  event_loop loop;
  fake_dns dns(io_context_of(loop));
  fill(dns);
  backend_options opt;
  opt.servers = {dns.address()};
  opt.timeout = std::chrono::milliseconds(1500);
  auto be = make_unicast_backend(loop, opt);
  REQUIRE(be);
  CHECK((*be)->name() == "unicast");

  browse_request req;
  req.type = "_http._tcp";
  req.domain = "example.test";
  auto c = run_browse(loop, **be, req);
  REQUIRE(c.done);
  std::set<std::string> names;
  for (const auto& e : c.events)
    if (e.kind == browse_event_kind::added) {
      names.insert(e.instance);
      CHECK(e.type == "_http._tcp");
      CHECK(e.domain == "example.test");
      CHECK(e.ttl == 4500);
      CHECK(e.backend == "unicast");
    }
  CHECK(names == std::set<std::string>{"Web Server v1.2", cafe});
  CHECK(c.events.back().kind == browse_event_kind::all_for_now);

  resolve_request rq;
  rq.instance = cafe;
  rq.type = "_http._tcp";
  rq.domain = "example.test";
  auto r = run_resolve(loop, **be, rq);
  REQUIRE(r);
  CHECK(r->host == "web2.example.test.");
  CHECK(r->port == 8443);
  CHECK(r->priority == 10);
  CHECK(r->weight == 5);
  CHECK(r->has_txt);
  CHECK(r->txt == std::vector<std::string>{"path=/caf\xC3\xA9", "", std::string("bin=\0\x01\xFF", 7), "x"});
  REQUIRE(r->addresses.size() == 1);
  CHECK(r->addresses[0].address.to_string() == "192.0.2.11");
  // Taken from the SRV answer's additional section: no separate A/AAAA query was needed.
  CHECK(dns.queries["web2.example.test. A"] == 0);
  CHECK(dns.queries["web2.example.test. AAAA"] == 0);

  rq.instance = "Web Server v1.2";
  r = run_resolve(loop, **be, rq);
  REQUIRE(r);
  CHECK(r->port == 8080);
  CHECK(r->addresses.size() == 2);
  rq.address_family = ip_protocol::v6;
  r = run_resolve(loop, **be, rq);
  REQUIRE(r);
  REQUIRE(r->addresses.size() == 1);
  CHECK(r->addresses[0].address.to_string() == "2001:db8::10");
  // The address cache: web1's A/AAAA were asked once for both resolves.
  CHECK(dns.queries["web1.example.test. A"] == 1);
  // 1 PTR + (SRV+TXT) x 3 resolves + A + AAAA once.
  const auto st = unicast_stats(**be);
  CHECK(st.queries == 9);
  CHECK(st.answers == 9);
  CHECK(st.address_cache == 2);
  CHECK(st.peak_in_flight >= 2);
}

TEST_CASE("unicast backend: failures are failed events with the reason", "[cares]") {
  event_loop loop;
  fake_dns dns(io_context_of(loop));
  fill(dns);
  backend_options opt;
  opt.servers = {dns.address()};
  opt.timeout = std::chrono::milliseconds(600);
  auto be = make_unicast_backend(loop, opt);
  REQUIRE(be);
  browse_request req;
  req.type = "_http._tcp";

  req.domain = "broken.test";
  auto c = run_browse(loop, **be, req);
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind == browse_event_kind::failed);
  CHECK(c.events[0].error.code == browse_errc::server_failure);
  CHECK_THAT(c.events[0].error.message, Catch::Contains("SERVFAIL") && Catch::Contains(dns.address()));

  req.domain = "nothing.test";
  c = run_browse(loop, **be, req);
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].error.code == browse_errc::not_found);
  CHECK_THAT(c.events[0].error.message, Catch::Contains("NXDOMAIN"));

  req.domain = "silent.test";
  c = run_browse(loop, **be, req);
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].error.code == browse_errc::timeout);
  CHECK_THAT(c.events[0].error.message, Catch::Contains("timeout"));

  resolve_request rq;
  rq.instance = "Nobody";
  rq.type = "_http._tcp";
  rq.domain = "example.test";
  auto r = run_resolve(loop, **be, rq);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == browse_errc::not_found);
  CHECK_THAT(r.error().message, Catch::Contains("Nobody._http._tcp.example.test."));

  // Bad requests are setup errors, not events.
  rq.instance = std::string(64, 'x');
  CHECK_FALSE((*be)->resolve(rq, [](const auto&) {}));
  backend_options bad;
  bad.servers = {"not-an-ip"};
  auto be2 = make_unicast_backend(loop, bad);
  REQUIRE_FALSE(be2);
  CHECK_THAT(be2.error().message, Catch::Contains("not-an-ip"));
}

TEST_CASE("unicast backend: truncated UDP answer is retried over TCP", "[cares]") {
  event_loop loop;
  fake_dns dns(io_context_of(loop));
  fill(dns);
  backend_options opt;
  opt.servers = {dns.address()};
  auto be = make_unicast_backend(loop, opt);
  REQUIRE(be);
  browse_request req;
  req.type = "_http._tcp";
  req.domain = "big.test";
  auto c = run_browse(loop, **be, req);
  REQUIRE(c.events.size() == 2);
  CHECK(c.events[0].instance == "Big One");
}

TEST_CASE("unicast backend: cancelling stops callbacks", "[cares]") {
  event_loop loop;
  fake_dns dns(io_context_of(loop));
  fill(dns);
  backend_options opt;
  opt.servers = {dns.address()};
  auto be = make_unicast_backend(loop, opt);
  REQUIRE(be);
  int calls = 0;
  browse_request req;
  req.type = "_http._tcp";
  req.domain = "example.test";
  {
    auto b = (*be)->browse(req, [&](const browse_event&) { ++calls; });
    REQUIRE(b);
  }  // destroyed before the loop ran: the answer must not reach the callback
  loop.run_for(std::chrono::milliseconds(300));
  CHECK(calls == 0);
  CHECK(dns.queries["_http._tcp.example.test. PTR"] == 1);
}

TEST_CASE("RFC 6763 §11 enumeration names", "[cares]") {
  CHECK(is_domain_enumeration("b._dns-sd._udp"));
  CHECK(is_domain_enumeration("LB._dns-sd._udp"));
  CHECK_FALSE(is_domain_enumeration("_services._dns-sd._udp"));
  CHECK_FALSE(is_domain_enumeration("_http._tcp"));
}

TEST_CASE("unicast backend: watch mode re-asks at the PTR TTL and reports removals", "[cares]") {
  event_loop loop;
  fake_dns dns(io_context_of(loop));
  const auto type = N("_ftp._tcp.example.test");
  const auto one = wire::make_name({"One", "_ftp", "_tcp", "example", "test"});
  const auto two = wire::make_name({"Two", "_ftp", "_tcp", "example", "test"});
  dns.add(rr(type, wire::rr_type::ptr, wire::ptr_rdata{one}, 1));  // TTL 1 s
  backend_options opt;
  opt.servers = {dns.address()};
  auto be = make_unicast_backend(loop, opt);
  REQUIRE(be);
  browse_request req;
  req.type = "_ftp._tcp";
  req.domain = "example.test";
  req.watch = true;
  std::vector<std::pair<browse_event_kind, std::string>> seen;
  auto b = (*be)->browse(req, [&](const browse_event& e) {
    seen.emplace_back(e.kind, e.instance);
    if (e.kind == browse_event_kind::all_for_now) {
      // First round is in: change the zone; the refresh must see it.
      dns.remove(type, wire::rr_type::ptr);
      dns.add(rr(type, wire::rr_type::ptr, wire::ptr_rdata{two}, 1));
    }
    if (e.kind == browse_event_kind::removed) loop.stop();
  });
  REQUIRE(b);
  loop.run_for(std::chrono::seconds(5));
  using K = browse_event_kind;
  REQUIRE(seen.size() == 4);
  CHECK(seen[0] == std::pair{K::added, std::string("One")});
  CHECK(seen[1].first == K::all_for_now);  // once, after the first round only
  CHECK(seen[2] == std::pair{K::removed, std::string("One")});
  CHECK(seen[3] == std::pair{K::added, std::string("Two")});
  CHECK(dns.queries["_ftp._tcp.example.test. PTR"] == 2);
}
