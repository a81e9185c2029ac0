// Kubernetes manifests (YAML, several documents per file). Service names live in:
//  - container ports[].name of every pod spec: Pod, the templates of Deployment, StatefulSet,
//    DaemonSet, ReplicaSet, ReplicationController, Job, PodTemplate, and CronJob's job template;
//  - Service spec.ports[].name, a string spec.ports[].targetPort, and appProtocol.
// Kubernetes validates container port names and string targetPorts as IANA_SVC_NAME
// (RFC 6335 §5.1 syntax, lowercase only); Service port names end up in SRV records
// (_name._proto.svc.ns.svc.cluster.local), so they are checked as service names too.
#include <yaml-cpp/yaml.h>

#include <algorithm>

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

/// yaml-cpp 0.7 loops forever on a document whose root node begins with ',' (after optional
/// "---", comments, tags and anchors), e.g. "--- ,". YAML 1.2 §7.3.3 forbids a plain scalar
/// to begin with the ',' indicator, so such a document is a syntax error anyway: report it
/// without handing it to yaml-cpp.
bool root_starts_with_comma(std::string_view text, std::size_t& where) {
  std::size_t i = 0;
  const auto n = text.size();
  bool at_doc_start = true;
  while (i < n) {
    const std::size_t line_start = i;
    auto eol = text.find('\n', i);
    if (eol == std::string_view::npos) eol = n;
    const auto line = text.substr(line_start, eol - line_start);
    if (line.starts_with("---") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r')) {
      at_doc_start = true;
      i = line_start + 3;
    } else if (!at_doc_start) {
      i = eol + 1;
      continue;
    } else if (line.starts_with("%")) {  // directive
      i = eol + 1;
      continue;
    }
    // Skip white space, comments and node properties (!tag, &anchor) up to the first token.
    while (i < eol) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
      } else if (c == '#') {
        i = eol;
      } else if (c == '!' || c == '&') {
        while (i < eol && text[i] != ' ' && text[i] != '\t') ++i;
      } else {
        break;
      }
    }
    if (i < eol) {
      if (text[i] == ',') {
        where = i;
        return true;
      }
      at_doc_start = false;  // the root node has begun
    }
    i = eol + 1;
  }
  return false;
}

}  // namespace

void read_kubernetes(file_ctx& ctx) {
  const auto text = ctx.text();
  std::size_t deep_at = 0;
  if (too_deep(text, deep_at)) {
    ctx.parse_error(deep_at, "YAML nested more than 64 levels deep: not read (no manifest is)");
    return;
  }
  if (root_starts_with_comma(text, deep_at)) {
    ctx.parse_error(deep_at, "a node cannot begin with ',' (YAML 1.2 §7.3.3)");
    return;
  }
  const line_index idx(text);
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    std::size_t off = 0;
    if (e.mark.line >= 0) {
      off = idx.line_start(static_cast<std::uint32_t>(e.mark.line + 1));
      if (e.mark.column > 0) off += static_cast<std::size_t>(e.mark.column);
    }
    ctx.parse_error(std::min(off, text.size()), "YAML: " + e.msg);
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
