// The RFC 6762 querier without a network: a fake transport records what is sent, and
// packets are injected with querier::handle(). Time is passed in, so nothing waits.
#include <catch2/catch.hpp>

#include "backend/mdns/querier.h"
#include "svcname/wire/message.h"

using namespace svcname;
using namespace svcname::mdns;
using namespace std::chrono_literals;

namespace {

struct sent_packet {
  mdns::link on;
  send_mode mode;
  wire::message msg;
};

struct fake_transport final : transport {
  std::vector<sent_packet> sent;
  std::string open(send_mode, std::span<const mdns::link>) override { return {}; }
  std::string send(const mdns::link& l, send_mode mode, std::span<const std::uint8_t> bytes) override {
    auto m = wire::parse_message(bytes);
    REQUIRE(m);
    sent.push_back({l, mode, *m});
    return {};
  }
};

netif test_if() {
  netif n;
  n.name = "veth-t";
  n.index = 7;
  n.up = n.multicast = true;
  n.v4.push_back({ip_address::v4({192, 0, 2, 10}), 24});
  n.v6.push_back({ip_address::v6({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), 64});
  return n;
}

const mdns::link v4{7, ip_protocol::v4};

struct fixture {
  event_loop loop;
  fake_transport* t = nullptr;
  std::unique_ptr<querier> q;
  std::vector<browse_event> events;
  std::vector<result<resolve_result, browse_error>> resolved;

  fixture() {
    auto ft = std::make_unique<fake_transport>();
    t = ft.get();
    q = std::make_unique<querier>(loop, std::move(ft), std::vector<netif>{test_if()}, nullptr);
  }

  browse_request req(bool watch) {
    browse_request r;
    r.type = "_http._tcp";
    r.watch = watch;
    r.protocol = ip_protocol::v4;
    return r;
  }
  std::unique_ptr<operation> browse(bool watch) {
    auto op = q->browse(req(watch), [this](const browse_event& e) { events.push_back(e); });
    REQUIRE(op);
    loop.poll();  // the posted flush sends the queries
    return std::move(*op);
  }

  // A response as a responder sends it, from @p src:5353, echoing @p id.
  void inject(const wire::message& m, ip_address src = ip_address::v4({192, 0, 2, 20}),
              std::uint16_t port = 5353, bool shared = false, clock::time_point now = clock::now()) {
    auto bytes = wire::write_message(m);
    REQUIRE(bytes);
    received r;
    r.bytes = *bytes;
    r.on = v4;
    r.source = src;
    r.source_port = port;
    r.shared_socket = shared;
    q->handle(r, now);
    loop.poll();
  }
};

wire::resource_record ptr(std::string_view instance, std::uint32_t ttl = 4500) {
  wire::resource_record rr;
  rr.owner = wire::make_name({"_http", "_tcp", "local"});
  rr.type = wire::rr_type::ptr;
  rr.ttl = ttl;
  rr.data = wire::ptr_rdata{wire::make_name({instance, "_http", "_tcp", "local"})};
  return rr;
}

wire::message response(std::uint16_t id, std::vector<wire::resource_record> answers,
                       std::vector<wire::resource_record> additionals = {}) {
  wire::message m;
  m.hdr.id = id;
  m.hdr.flags = wire::flag_qr | wire::flag_aa;
  m.answers = std::move(answers);
  m.additionals = std::move(additionals);
  return m;
}

}  // namespace

TEST_CASE("one-shot browse: PTR query from the ephemeral socket, no QU bit", "[mdns]") {
  fixture f;
  auto op = f.browse(false);
  REQUIRE(f.t->sent.size() == 1);
  const auto& p = f.t->sent[0];
  CHECK(p.mode == send_mode::one_shot);
  CHECK(p.on == v4);
  CHECK(p.msg.hdr.id != 0);  // RFC 6762 §6.7: legacy queries carry an ID that is echoed
  REQUIRE(p.msg.questions.size() == 1);
  CHECK(p.msg.questions[0].qname == wire::make_name({"_http", "_tcp", "local"}));
  CHECK(p.msg.questions[0].qtype == wire::rr_type::ptr);
  CHECK_FALSE(p.msg.questions[0].unicast_response);
}

TEST_CASE("answers are accepted only from the link, port 5353, with our ID", "[mdns]") {
  fixture f;
  auto op = f.browse(false);
  const auto id = f.t->sent.at(0).msg.hdr.id;
  const auto name = std::string("B\xC3\xBCro Drucker 2.OG");

  f.inject(response(id, {ptr(name)}), ip_address::v4({203, 0, 113, 5}));  // RFC 6762 §11
  CHECK(f.q->stats().not_on_link == 1);
  f.inject(response(id, {ptr(name)}), ip_address::v4({192, 0, 2, 20}), 1234);  // §6
  CHECK(f.q->stats().bad_port == 1);
  f.inject(response(static_cast<std::uint16_t>(id + 1), {ptr(name)}));  // §6.7: not our query
  CHECK(f.q->stats().unknown_id == 1);
  auto query = response(id, {ptr(name)});
  query.hdr.flags = 0;  // a query, not a response
  f.inject(query);
  CHECK(f.q->stats().not_response == 1);
  auto bad_rcode = response(id, {ptr(name)});
  bad_rcode.hdr.flags |= 3;  // §18.11: non-zero rcode is ignored
  f.inject(bad_rcode);
  CHECK(f.q->stats().not_response == 2);
  CHECK(f.events.empty());

  // Link-local IPv4 sources are on the link too.
  f.inject(response(id, {ptr(name)}), ip_address::v4({169, 254, 1, 2}));
  REQUIRE(f.events.size() == 1);
  CHECK(f.events[0].kind == browse_event_kind::added);
  CHECK(f.events[0].instance == name);  // raw bytes: the dot stays inside the label
  CHECK(f.events[0].interface_name == "veth-t");
  CHECK(f.events[0].protocol == ip_protocol::v4);
  CHECK(f.events[0].ttl == 4500);
  // The same instance again (another responder, another packet) is not a second "added".
  f.inject(response(id, {ptr(name)}));
  CHECK(f.events.size() == 1);
  // A malformed datagram is counted and dropped.
  received r;
  const std::uint8_t junk[] = {0, 0, 0x84, 0, 0, 0, 0, 1};
  r.bytes = junk;
  r.on = v4;
  r.source = ip_address::v4({192, 0, 2, 20});
  r.source_port = 5353;
  f.q->handle(r, clock::now());
  CHECK(f.q->stats().malformed == 1);
}

TEST_CASE("one-shot: second query with known answers, then all_for_now", "[mdns]") {
  fixture f;
  const auto t0 = clock::now();
  auto op = f.browse(false);
  f.inject(response(f.t->sent.at(0).msg.hdr.id, {ptr("Web One")}));
  f.q->tick(t0 + 350ms);
  f.loop.poll();
  REQUIRE(f.t->sent.size() == 2);
  // RFC 6762 §7.1: the known PTR goes along in the answer section.
  REQUIRE(f.t->sent[1].msg.answers.size() == 1);
  CHECK(std::get<wire::ptr_rdata>(f.t->sent[1].msg.answers[0].data).target.labels[0] == "Web One");
  CHECK(f.t->sent[1].msg.answers[0].ttl <= 4500);
  f.q->tick(clock::now() + 1s);
  REQUIRE(f.events.size() == 2);
  CHECK(f.events[1].kind == browse_event_kind::all_for_now);
}

TEST_CASE("watch: goodbye (TTL 0) becomes removed one second later", "[mdns]") {
  fixture f;
  auto op = f.browse(true);
  const auto t0 = clock::now();
  f.inject(response(0, {ptr("Temp")}), ip_address::v4({192, 0, 2, 20}), 5353, true, t0);
  REQUIRE(f.events.size() == 1);
  f.inject(response(0, {ptr("Temp", 0)}), ip_address::v4({192, 0, 2, 20}), 5353, true, t0);
  f.q->tick(t0 + 500ms);  // RFC 6762 §10.1: kept one more second
  CHECK(std::none_of(f.events.begin(), f.events.end(),
                     [](const browse_event& e) { return e.kind == browse_event_kind::removed; }));
  f.q->tick(t0 + 1100ms);
  auto removed = std::find_if(f.events.begin(), f.events.end(),
                              [](const browse_event& e) { return e.kind == browse_event_kind::removed; });
  REQUIRE(removed != f.events.end());
  CHECK(removed->instance == "Temp");
}

TEST_CASE("watch: continuous querying backs off (RFC 6762 §5.2)", "[mdns]") {
  fixture f;
  const auto t0 = clock::now();
  auto op = f.browse(true);
  CHECK(f.t->sent.empty());  // the first query waits 20-120 ms
  auto sent_at = [&](clock::time_point t) {
    const auto before = f.t->sent.size();
    f.q->tick(t);
    f.loop.poll();
    return f.t->sent.size() - before;
  };
  CHECK(sent_at(t0 + 130ms) == 1);
  CHECK(f.t->sent.back().mode == send_mode::shared);
  CHECK(f.t->sent.back().msg.hdr.id == 0);
  CHECK(sent_at(t0 + 600ms) == 0);
  CHECK(sent_at(t0 + 1200ms) == 1);  // +1 s
  CHECK(sent_at(t0 + 2500ms) == 0);
  CHECK(sent_at(t0 + 3300ms) == 1);  // +2 s
  CHECK(sent_at(t0 + 6000ms) == 0);
  CHECK(sent_at(t0 + 7400ms) == 1);  // +4 s
}

TEST_CASE("cache: cache-flush ages out older records of the same name and type", "[mdns]") {
  cache c;
  const auto t0 = clock::now();
  wire::resource_record a;
  a.owner = wire::make_name({"hosta", "local"});
  a.type = wire::rr_type::a;
  a.ttl = 120;
  a.data = wire::a_rdata{{192, 0, 2, 1}};
  CHECK(c.insert(v4, a, t0) == cache_change::added);
  CHECK(c.insert(v4, a, t0) == cache_change::refreshed);
  auto b = a;
  b.data = wire::a_rdata{{192, 0, 2, 2}};
  b.cache_flush = true;  // RFC 6762 §10.2: "this is the whole set"
  CHECK(c.insert(v4, b, t0 + 2s) == cache_change::added);
  CHECK(c.find(v4, a.owner, wire::rr_type::a, t0 + 2s).size() == 2);
  CHECK(c.find(v4, a.owner, wire::rr_type::a, t0 + 3500ms).size() == 1);
  // Another link has its own records.
  CHECK(c.find(mdns::link{8, ip_protocol::v4}, a.owner, wire::rr_type::a, t0).empty());
  // Case-insensitive owner match (RFC 6762 §16).
  CHECK(c.find(v4, wire::make_name({"HOSTA", "Local"}), wire::rr_type::a, t0 + 2s).size() == 2);
  // Known answers: only with more than half the TTL left (§7.1).
  // The flushed record has 1 s left of 120: no longer a known answer.
  CHECK(c.known_answers(v4, a.owner, wire::rr_type::a, t0 + 2s).size() == 1);
  CHECK(c.known_answers(v4, a.owner, wire::rr_type::a, t0 + 100s).empty());
  CHECK(c.expire(t0 + 200s).size() == 2);
  CHECK(c.size() == 0);
}

TEST_CASE("resolve: SRV, TXT and a link-local AAAA with its scope", "[mdns]") {
  fixture f;
  resolve_request rq;
  rq.instance = "Web One";
  rq.type = "_http._tcp";
  rq.protocol = ip_protocol::v4;
  auto op = f.q->resolve(rq, [&](const result<resolve_result, browse_error>& r) { f.resolved.push_back(r); });
  REQUIRE(op);
  f.loop.poll();
  CHECK(f.t->sent.empty());  // questions wait: additional records usually come first
  f.q->tick(clock::now());
  f.loop.poll();
  CHECK(f.t->sent.empty());
  f.q->tick(clock::now() + 300ms);
  f.loop.poll();
  // Nothing cached: SRV and TXT are asked for, in one packet.
  REQUIRE(f.t->sent.size() == 1);
  CHECK(f.t->sent[0].msg.questions.size() == 2);
  const auto id = f.t->sent[0].msg.hdr.id;

  const auto inst = wire::make_name({"Web One", "_http", "_tcp", "local"});
  wire::resource_record srv;
  srv.owner = inst;
  srv.type = wire::rr_type::srv;
  srv.ttl = 120;
  srv.cache_flush = true;
  srv.data = wire::srv_rdata{1, 2, 8080, wire::make_name({"hosta", "local"})};
  wire::resource_record txt;
  txt.owner = inst;
  txt.type = wire::rr_type::txt;
  txt.ttl = 4500;
  txt.data = wire::txt_rdata{{"path=/", "", std::string("b=\0\xff", 4)}};
  f.inject(response(id, {srv, txt}));
  f.q->tick(clock::now() + 300ms);
  f.loop.poll();
  // SRV known, no address yet: A and AAAA of the target are asked for.
  REQUIRE(f.t->sent.size() == 2);
  CHECK(f.t->sent[1].msg.questions.size() == 2);
  CHECK(f.t->sent[1].msg.questions[0].qname == wire::make_name({"hosta", "local"}));
  CHECK(f.resolved.empty());

  wire::resource_record aaaa;
  aaaa.owner = wire::make_name({"hosta", "local"});
  aaaa.type = wire::rr_type::aaaa;
  aaaa.ttl = 120;
  aaaa.data = wire::aaaa_rdata{{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9}};
  f.inject(response(f.t->sent[1].msg.hdr.id, {aaaa}));
  REQUIRE(f.resolved.size() == 1);
  REQUIRE(f.resolved[0]);
  const auto& r = *f.resolved[0];
  CHECK(r.host == "hosta.local.");
  CHECK(r.port == 8080);
  CHECK(r.priority == 1);
  CHECK(r.weight == 2);
  CHECK(r.has_txt);
  CHECK(r.txt == std::vector<std::string>{"path=/", "", std::string("b=\0\xff", 4)});
  REQUIRE(r.addresses.size() == 1);
  CHECK(r.addresses[0].address.scope_id == 7);  // link-local: the interface it came from
  CHECK(r.addresses[0].address.to_string("veth-t") == "fe80::9%veth-t");
  CHECK(r.srv_ttl == 120);
  CHECK(r.txt_ttl == 4500);
}

TEST_CASE("resolve: nothing in time is a timeout error", "[mdns]") {
  fixture f;
  resolve_request rq;
  rq.instance = "Nobody";
  rq.type = "_http._tcp";
  rq.timeout = 1000ms;
  auto op = f.q->resolve(rq, [&](const result<resolve_result, browse_error>& r) { f.resolved.push_back(r); });
  REQUIRE(op);
  f.q->tick(clock::now() + 1100ms);
  REQUIRE(f.resolved.size() == 1);
  REQUIRE_FALSE(f.resolved[0]);
  CHECK(f.resolved[0].error().code == browse_errc::timeout);
}

TEST_CASE("requests are checked before anything is sent", "[mdns]") {
  fixture f;
  browse_request r;
  r.type = "_http._tcp";
  r.interfaces = {"nope0"};
  auto b = f.q->browse(r, [](const browse_event&) {});
  REQUIRE_FALSE(b);
  CHECK(b.error().code == browse_errc::invalid_request);
  CHECK(b.error().message.find("veth-t") != std::string::npos);  // says what exists
  r.interfaces.clear();
  r.type = "http";
  CHECK_FALSE(f.q->browse(r, [](const browse_event&) {}));
  r.type = "_http._tcp";
  r.domain = "example.com";
  auto u = f.q->browse(r, [](const browse_event&) {});
  REQUIRE_FALSE(u);
  CHECK(u.error().code == browse_errc::unsupported);
  CHECK(f.t->sent.empty());
}

TEST_CASE("subtype and service-type enumeration queries", "[mdns]") {
  fixture f;
  browse_request r;
  r.type = "_ipp._tcp";
  r.subtype = "_universal";
  r.protocol = ip_protocol::v4;
  auto b = f.q->browse(r, [&](const browse_event& e) { f.events.push_back(e); });
  REQUIRE(b);
  f.loop.poll();
  REQUIRE(f.t->sent.size() == 1);
  CHECK(f.t->sent[0].msg.questions[0].qname ==
        wire::make_name({"_universal", "_sub", "_ipp", "_tcp", "local"}));  // RFC 6763 §7.1
  // The PTR of a subtype browse points at the ordinary instance name.
  wire::resource_record rr;
  rr.owner = wire::make_name({"_universal", "_sub", "_ipp", "_tcp", "local"});
  rr.type = wire::rr_type::ptr;
  rr.ttl = 4500;
  rr.data = wire::ptr_rdata{wire::make_name({"Lab Printer", "_ipp", "_tcp", "local"})};
  f.inject(response(f.t->sent[0].msg.hdr.id, {rr}));
  REQUIRE(f.events.size() == 1);
  CHECK(f.events[0].instance == "Lab Printer");
  CHECK(f.events[0].subtype == "_universal");

  browse_request e;
  e.enumerate_types = true;
  e.protocol = ip_protocol::v4;
  auto eb = f.q->browse(e, [&](const browse_event& ev) { f.events.push_back(ev); });
  REQUIRE(eb);
  f.loop.poll();
  CHECK(f.t->sent.back().msg.questions[0].qname ==
        wire::make_name({"_services", "_dns-sd", "_udp", "local"}));  // RFC 6763 §9
  wire::resource_record t;
  t.owner = wire::make_name({"_services", "_dns-sd", "_udp", "local"});
  t.type = wire::rr_type::ptr;
  t.ttl = 4500;
  t.data = wire::ptr_rdata{wire::make_name({"_http", "_tcp", "local"})};
  f.inject(response(f.t->sent.back().msg.hdr.id, {t}));
  REQUIRE(f.events.size() == 2);
  CHECK(f.events[1].type == "_http._tcp");
  CHECK(f.events[1].instance.empty());
}

TEST_CASE("cancelled operations get no more callbacks", "[mdns]") {
  fixture f;
  auto op = f.browse(false);
  const auto id = f.t->sent.at(0).msg.hdr.id;
  op->cancel();
  f.inject(response(id, {ptr("Late")}));
  f.q->tick(clock::now() + 10s);
  CHECK(f.events.empty());
}
