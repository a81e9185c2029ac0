// Kubernetes manifests (YAML, several documents per file). Service names live in:
//  - container ports[].name of every pod spec: Pod, the templates of Deployment, StatefulSet,
//    DaemonSet, ReplicaSet, ReplicationController, Job, PodTemplate, and CronJob's job template;
//  - Service spec.ports[].name, a string spec.ports[].targetPort, and appProtocol;
//  - EndpointSlice ports[] and Endpoints subsets[].ports[] (name, appProtocol), which mirror
//    a Service's ports, and Ingress backend service.port.name (a Service port's name).
// Kubernetes validates container port names and string targetPorts as IANA_SVC_NAME
// (RFC 6335 §5.1 syntax, lowercase only); Service port names end up in SRV records
// (_name._proto.svc.ns.svc.cluster.local), so they are checked as service names too.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <sstream>

#include "lint/context.h"
#include "svcname/chars.h"

namespace svcname::lint::detail {
namespace {

// yaml-cpp: a missing key yields an invalid node, and asking an invalid node anything but
// IsDefined() throws. These helpers never throw.
bool is_map(const YAML::Node& n) { return n.IsDefined() && n.IsMap(); }
bool is_seq(const YAML::Node& n) { return n.IsDefined() && n.IsSequence(); }
YAML::Node child(const YAML::Node& n, const char* key) {
  if (!is_map(n)) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node c = n[key];
  return c.IsDefined() ? c : YAML::Node(YAML::NodeType::Undefined);
}

class k8s_reader {
 public:
  k8s_reader(file_ctx& ctx, const line_index& idx) : ctx_(ctx), idx_(idx) {}

  void document(const YAML::Node& doc, int depth = 0) {
    if (!is_map(doc) || depth > 8) return;
    const auto kind = scalar(child(doc, "kind"));
    const auto spec = child(doc, "spec");
    if (kind == "List" || (kind.size() > 4 && kind.ends_with("List"))) {
      const auto items = child(doc, "items");
      if (is_seq(items))
        for (const auto& item : items) document(item, depth + 1);
    } else if (kind == "Pod") {
      pod_spec(spec);
    } else if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
               kind == "ReplicaSet" || kind == "ReplicationController" || kind == "Job") {
      template_spec(child(spec, "template"));
    } else if (kind == "CronJob") {
      template_spec(child(child(child(spec, "jobTemplate"), "spec"), "template"));
    } else if (kind == "PodTemplate") {
      template_spec(child(doc, "template"));
    } else if (kind == "Service") {
      service_spec(spec);
    } else if (kind == "EndpointSlice") {
      endpoint_ports(child(doc, "ports"), "EndpointSlice port name");
    } else if (kind == "Endpoints") {
      const auto subsets = child(doc, "subsets");
      if (is_seq(subsets))
        for (const auto& ss : subsets) endpoint_ports(child(ss, "ports"), "Endpoints port name");
    } else if (kind == "Ingress") {
      ingress_backend(child(spec, "defaultBackend"));
      const auto rules = child(spec, "rules");
      if (is_seq(rules))
        for (const auto& r : rules) {
          const auto paths = child(child(r, "http"), "paths");
          if (is_seq(paths))
            for (const auto& p : paths) ingress_backend(child(p, "backend"));
        }
    }
  }

 private:
  static std::string scalar(const YAML::Node& n) {
    return n.IsDefined() && n.IsScalar() ? n.Scalar() : std::string();
  }

  /// Offset of a scalar's first character (after an opening quote) in the file.
  std::size_t offset_of(const YAML::Node& n) const {
    const auto m = n.Mark();
    if (m.line < 0 || m.column < 0) return 0;
    // yaml-cpp counts lines from 0 and columns in characters from 0.
    const auto line = static_cast<std::uint32_t>(m.line + 1);
    const auto start = idx_.line_start(line);
    const auto text = ctx_.text();
    std::size_t off = start;
    for (int col = 0; col < m.column && off < text.size() && text[off] != '\n'; ++col) {
      ++off;  // step one code point
      while (off < text.size() && (static_cast<unsigned char>(text[off]) & 0xC0U) == 0x80U) ++off;
    }
    if (off < text.size() && (text[off] == '"' || text[off] == '\'')) ++off;
    return std::min(off, text.size());
  }

  /// Checks @p n (a scalar written in the file) with @p f(value, offset); when the scalar is
  /// not written verbatim (escapes, folding) the findings are pinned to its start.
  template <class F>
  void with_scalar(const YAML::Node& n, F&& f) {
    if (!n.IsDefined() || !n.IsScalar()) return;
    const auto& v = n.Scalar();
    const auto off = offset_of(n);
    const bool exact = ctx_.text().substr(off, v.size()) == v;
    if (!exact) ctx_.pin(off, 1);
    f(std::string_view(v), off);
    ctx_.unpin();
  }

  static std::string protocol_of(const YAML::Node& port) {
    auto p = chars::lower(scalar(child(port, "protocol")));
    return p.empty() ? std::string("tcp") : p;  // Kubernetes defaults protocol to TCP
  }

  void template_spec(const YAML::Node& tmpl) {
    pod_spec(child(tmpl, "spec"));
  }

  void pod_spec(const YAML::Node& spec) {
    if (!is_map(spec)) return;
    for (const char* key : {"containers", "initContainers", "ephemeralContainers"}) {
      const auto list = child(spec, key);
      if (!is_seq(list)) continue;
      for (const auto& c : list) {
        const auto ports = child(c, "ports");
        if (!is_seq(ports)) continue;
        for (const auto& p : ports) {
          if (!is_map(p)) continue;
          const auto proto = protocol_of(p);
          with_scalar(child(p, "name"), [&](std::string_view v, std::size_t off) {
            ctx_.check_bare(v, off, proto, true, "container port name");
          });
        }
      }
    }
  }

  /// EndpointSlice ports[] and Endpoints subsets[].ports[] mirror a Service's ports: the same
  /// names, which become SRV owner names (_name._proto.<service>...).
  void endpoint_ports(const YAML::Node& ports, const char* where_used) {
    if (!is_seq(ports)) return;
    for (const auto& p : ports) {
      if (!is_map(p)) continue;
      const auto proto = protocol_of(p);
      with_scalar(child(p, "name"), [&](std::string_view v, std::size_t off) {
        ctx_.check_bare(v, off, proto, true, where_used);
      });
      with_scalar(child(p, "appProtocol"), [&](std::string_view v, std::size_t off) {
        if (v.find('/') != std::string_view::npos) return;
        ctx_.check_bare(v, off, proto, false, "appProtocol");
      });
    }
  }

  /// Ingress backend: service.port.name names a port of the Service, which Kubernetes
  /// validates as IANA_SVC_NAME (service.port.number is the alternative).
  void ingress_backend(const YAML::Node& backend) {
    with_scalar(child(child(child(backend, "service"), "port"), "name"),
                [&](std::string_view v, std::size_t off) {
                  ctx_.check_bare(v, off, "", true, "Ingress backend port name");
                });
  }

  void service_spec(const YAML::Node& spec) {
    const auto ports = child(spec, "ports");
    if (!is_seq(ports)) return;
    for (const auto& p : ports) {
      if (!is_map(p)) continue;
      const auto proto = protocol_of(p);
      with_scalar(child(p, "name"), [&](std::string_view v, std::size_t off) {
        ctx_.check_bare(v, off, proto, true, "Service port name");
      });
      // targetPort: a number, or the name of a container port (IANA_SVC_NAME).
      with_scalar(child(p, "targetPort"), [&](std::string_view v, std::size_t off) {
        if (!v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return chars::is_digit(c); })) {
          (void)ctx_.check_port(v, off);
          return;
        }
        ctx_.check_bare(v, off, proto, true, "targetPort");
      });
      // appProtocol: an IANA service name, or a domain-prefixed name (example.com/proto,
      // kubernetes.io/h2c) that is not ours to check.
      with_scalar(child(p, "appProtocol"), [&](std::string_view v, std::size_t off) {
        if (v.find('/') != std::string_view::npos) return;
        ctx_.check_bare(v, off, proto, false, "appProtocol");
      });
    }
  }

  file_ctx& ctx_;
  const line_index& idx_;
};

/// yaml-cpp recurses once per nesting level; refuse input nested deeper than any manifest
/// before it can exhaust the stack.
bool too_deep(std::string_view text, std::size_t& where) {
  int flow = 0;
  std::size_t line_start = 0;
  bool in_indent = true;
  int indicators = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      line_start = i + 1;
      in_indent = true;
      indicators = 0;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++flow > 64) {
        where = i;
        return true;
      }
    } else if (c == ']' || c == '}') {
      flow = std::max(0, flow - 1);
    }
    if (in_indent && (c == '-' || c == '?' || c == ':') ) {
      if (++indicators > 64) {
        where = i;
        return true;
      }
    } else if (c != ' ' && c != '\t') {
      in_indent = false;
    }
    if (in_indent && i - line_start > 2000) {
      where = i;
      return true;
    }
  }
  return false;
}

/// A YAML stream holds only printable characters: no C0 control other than tab, LF and CR,
/// and no DEL (YAML 1.2 §5.1). yaml-cpp 0.7 reads a NUL as the end of input and then loops
/// forever on what follows ("\0,\n"; found by fuzzing), so such bytes are refused first.
bool non_printable(std::string_view t, std::size_t& where) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      where = i;
      return true;
    }
  }
  return false;
}

/// yaml-cpp 0.7 loops forever when a ',' follows a complete node outside any flow collection
/// and outside a block collection ("--- ,", "\"a\",", "[a] ,"; found by fuzzing). Outside
/// a flow collection ',' can neither begin a node nor follow a quoted scalar or a flow
/// collection (YAML 1.2 §7.3.3, §7.4), so every such ',' is a syntax error: this scanner finds
/// them and the file is reported without calling yaml-cpp.
bool stray_comma(std::string_view t, std::size_t& where) {
  const std::size_t n = t.size();
  int depth = 0;               // flow collection nesting
  bool node_start = true;      // the next non-space character begins a node
  bool after_node = false;     // a quoted scalar or a flow collection just ended
  bool same_line = false;      // ... on the line being read
  for (std::size_t i = 0; i < n; ++i) {
    const char c = t[i];
    if (c == '\n') {
      node_start = true;  // indentation follows; a new node may begin
      after_node = after_node && depth == 0 ? after_node : false;
      same_line = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    // After a quoted scalar or flow collection outside flow context, only ':' (it was a key),
    // a comment or the end of the line may follow on its line (YAML 1.2 §7.3, §7.4).
    if (after_node && same_line && depth == 0 && c != ':' && c != '#') {
      where = i;
      return true;
    }
    if (c == '#' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n')) {
      while (i < n && t[i] != '\n') ++i;
      --i;
      continue;
    }
    if ((i == 0 || t[i - 1] == '\n') && (t.substr(i, 3) == "---" || t.substr(i, 3) == "...") &&
        (i + 3 >= n || t[i + 3] == ' ' || t[i + 3] == '\t' || t[i + 3] == '\n' || t[i + 3] == '\r')) {
      i += 2;  // document marker: a new root node may follow
      depth = 0;
      node_start = true;
      after_node = false;
      continue;
    }
    if (c == '%' && (i == 0 || t[i - 1] == '\n')) {  // directive line
      while (i + 1 < n && t[i + 1] != '\n') ++i;
      continue;
    }
    if (c == ',') {
      if (depth == 0 && (node_start || after_node)) {
        where = i;
        return true;
      }
      node_start = depth > 0;
      after_node = false;
      continue;
    }
    after_node = false;
    if ((c == '"' || c == '\'') && node_start) {
      // Quoted scalar (may span lines): '' escapes a quote in single quotes, \ in double.
      for (++i; i < n; ++i) {
        if (c == '"' && t[i] == '\\') {
          ++i;
        } else if (t[i] == c) {
          if (c == '\'' && i + 1 < n && t[i + 1] == '\'') {
            ++i;
          } else {
            break;
          }
        }
      }
      node_start = false;
      after_node = true;
      same_line = true;
      continue;
    }
    if ((c == '[' || c == '{') && (node_start || depth > 0)) {
      ++depth;
      node_start = true;
      continue;
    }
    if ((c == ']' || c == '}') && depth > 0) {
      --depth;
      node_start = false;
      after_node = depth == 0;
      same_line = true;
      continue;
    }
    if ((c == '-' || c == '?' || c == ':') && (i + 1 >= n || t[i + 1] == ' ' || t[i + 1] == '\t' ||
                                              t[i + 1] == '\n' || t[i + 1] == '\r')) {
      node_start = true;  // block indicator or key/value separator: a node follows
      continue;
    }
    if ((c == '|' || c == '>') && node_start) {
      // Block scalar: its content is every following line indented deeper than this one.
      std::size_t ls = i;
      while (ls > 0 && t[ls - 1] != '\n') --ls;
      std::size_t indent = 0;
      while (ls + indent < n && t[ls + indent] == ' ') ++indent;
      std::size_t j = t.find('\n', i);
      while (j != std::string_view::npos && j + 1 < n) {
        std::size_t k = j + 1, sp = 0;
        while (k + sp < n && t[k + sp] == ' ') ++sp;
        const bool blank = k + sp >= n || t[k + sp] == '\n' || t[k + sp] == '\r';
        if (!blank && sp <= indent) break;
        j = t.find('\n', k);
      }
      if (j == std::string_view::npos) return false;
      i = j - 1;  // the loop's ++i lands on the '\n' that ends the block
      node_start = false;
      continue;
    }
    if ((c == '!' || c == '&' || c == '*') && node_start) {  // node properties, alias
      // They end at white space or a flow indicator (YAML 1.2 §6.8.2, §6.9.2: no ',[]{}').
      while (i + 1 < n && std::string_view(" \t\r\n,[]{}").find(t[i + 1]) == std::string_view::npos) ++i;
      continue;
    }
    // A plain scalar: up to the end of the line, ": ", " #", or (in flow) an indicator.
    while (i + 1 < n) {
      const char d = t[i + 1];
      if (d == '\n') break;
      if (d == ':' && (i + 2 >= n || t[i + 2] == ' ' || t[i + 2] == '\n' || t[i + 2] == '\r')) break;
      if (d == '#' && (t[i] == ' ' || t[i] == '\t')) break;
      if (depth > 0 && (d == ',' || d == ']' || d == '}' || d == '[' || d == '{')) break;
      ++i;
    }
    node_start = false;
  }
  return false;
}

// yaml-cpp 0.7's LoadAll() loops for ever, allocating, when a document's parse consumes no
// token: HandleNextDocument() keeps reporting a null document at the same place
// (jbeder/yaml-cpp#1319, fixed only in 0.8). The node builder LoadAll() uses is private, so
// the documents are walked once here with a handler that notices a document starting where
// the previous one did; LoadAll() runs only on a stream that ends. Returns the offending
// document's mark, or nothing when the stream is sound.
class progress_guard final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& m) override {
    stuck = docs > 0 && m.pos == last_pos;
    last = m;
    last_pos = m.pos;
    ++docs;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  bool stuck = false;
  std::size_t docs = 0;
  YAML::Mark last = YAML::Mark::null_mark();

 private:
  int last_pos = -1;
};

std::optional<YAML::Mark> stream_never_ends(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  progress_guard g;
  // Every real document starts at a new position, so the count is bounded by the text's
  // size; the cap is a second line of defence should the position test ever miss.
  while (parser.HandleNextDocument(g)) {
    if (g.stuck || g.docs > text.size() + 2) return g.last;
  }
  return std::nullopt;
}

}  // namespace

void read_kubernetes(file_ctx& ctx) {
  const auto text = ctx.text();
  std::size_t deep_at = 0;
  if (too_deep(text, deep_at)) {
    ctx.parse_error(deep_at, "YAML nested more than 64 levels deep: not read (no manifest is)");
    return;
  }
  if (non_printable(text, deep_at)) {
    const auto c = static_cast<unsigned char>(text[deep_at]);
    const char* hex = "0123456789ABCDEF";
    ctx.parse_error(deep_at, std::string("control character 0x") + hex[c >> 4] + hex[c & 0xF] +
                                 " is not allowed in YAML (YAML 1.2 §5.1): is this a binary file?");
    return;
  }
  if (stray_comma(text, deep_at)) {
    ctx.parse_error(deep_at, "unexpected '" + std::string(1, text[deep_at]) +
                                 "' after a quoted scalar or flow collection, or ',' outside one "
                                 "(YAML 1.2 §7.3, §7.4)");
    return;
  }
  const line_index idx(text);
  const auto offset_of = [&](const YAML::Mark& m) {
    std::size_t off = 0;
    if (m.line >= 0) {
      off = idx.line_start(static_cast<std::uint32_t>(m.line + 1));
      if (m.column > 0) off += static_cast<std::size_t>(m.column);
    }
    return std::min(off, text.size());
  };
  const std::string owned(text);
  std::vector<YAML::Node> docs;
  try {
    if (const auto at = stream_never_ends(owned)) {
      ctx.parse_error(offset_of(*at),
                      "YAML: the parser cannot get past this point (a stray indicator such as "
                      "',' or a broken block scalar?); the file was not read");
      return;
    }
    docs = YAML::LoadAll(owned);
  } catch (const YAML::Exception& e) {
    ctx.parse_error(offset_of(e.mark), "YAML: " + e.msg);
    return;
  }
  k8s_reader r(ctx, idx);
  for (const auto& d : docs) {
    try {
      r.document(d);
    } catch (const YAML::Exception& e) {
      ctx.parse_error(0, "YAML: " + e.msg);
    }
  }
}

}  // namespace svcname::lint::detail
