#include "detect/http_call.h"

#include <algorithm>
#include <cctype>

#include "detect/context.h"

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;
using resolve::Value;

namespace {

struct Match {
  const ruleset::ClientRule* client = nullptr;
  const ruleset::CallRule* call = nullptr;      // nullptr for any_method calls
  std::optional<resolve::ObjectType> object;    // for method calls on client objects
  std::string callee;
};

std::optional<Match> MatchCall(const DetectContext& ctx, const resolve::CallSite& site) {
  const resolve::RepoIndex& ix = ctx.index;
  Match m;
  if (!site.callee.empty()) {
    if (const ruleset::CallRule* r = ix.FunctionRule(site.callee, &m.client)) {
      m.call = r;
      m.callee = site.callee;
      return m;
    }
  }
  const Expr& callee = site.call->children[0];
  if (callee.kind != ExprKind::kAttribute || callee.children.empty()) return std::nullopt;
  // Calls on internal code are not client calls, even when their name matches a client method.
  if (!site.target.empty()) return std::nullopt;
  std::optional<resolve::ObjectType> t = ix.TypeOf(callee.children[0], site.scope);
  if (!t || t->rule == nullptr) return std::nullopt;
  for (const ruleset::CallRule& r : t->rule->methods) {
    for (const std::string& n : r.names) {
      if (n == callee.text) {
        m.client = t->client;
        m.call = &r;
        m.object = t;
        m.callee = t->type + "." + callee.text;
        return m;
      }
    }
  }
  if (t->rule->any_method) {
    for (const std::string& a : t->rule->attributes) {
      if (a == callee.text) return std::nullopt;  // an attribute chain, not a request
    }
    m.client = t->client;
    m.object = t;
    m.callee = t->type + (t->detail.empty() ? "" : "." + t->detail) + "." + callee.text;
    return m;
  }
  return std::nullopt;
}

bool IsFalse(const DetectContext& ctx, const Expr* e, const resolve::Scope& s) {
  if (e == nullptr) return false;
  Value v = ctx.index.Evaluate(*e, s);
  return v.kind == Value::Kind::kBool && v.known && !v.boolean;
}

// Joins a client's base URL and a request path as httpx / edx-api-client do: an absolute URL wins, else
// base + "/" + path without doubling the slash.
Value JoinBase(const Value& base, const Value& path) {
  if (path.kind == Value::Kind::kString && !resolve::HostOf(path.known ? path.text : path.tmpl).empty()) return path;
  Value out;
  out.kind = Value::Kind::kString;
  auto join = [](std::string a, std::string b) {
    if (b.empty()) return a;
    while (!a.empty() && a.back() == '/') a.pop_back();
    if (b[0] != '/') b = "/" + b;
    return a + b;
  };
  out.known = base.known && path.known && base.kind == Value::Kind::kString;
  if (out.known) out.text = join(base.text, path.text);
  out.tmpl = join(base.tmpl, path.tmpl);
  out.prefix = out.known ? out.text : (base.known ? join(base.text, path.prefix) : base.prefix);
  out.origins = base.origins;
  for (const auto& o : path.origins) out.origins.push_back(o);
  out.host_from_literal = base.host_from_literal;
  out.host_from_env_default = base.host_from_env_default;
  out.from_env = base.from_env || path.from_env;
  return out;
}

}  // namespace

void HttpCallDetector::Run(const DetectContext& ctx, std::vector<edges::Edge>* out) {
  const resolve::RepoIndex& ix = ctx.index;
  for (const resolve::CallSite& site : ix.call_sites()) {
    std::optional<Match> m = MatchCall(ctx, site);
    if (!m || (m->call != nullptr && m->call->no_edge)) continue;
    const Expr& call = *site.call;
    const ruleset::ClientRule& client = *m->client;
    const ruleset::CallRule* rule = m->call;

    // URL: the call's URL argument, joined to the client's base URL where the client has one.
    std::vector<Value> urls;
    bool has_url_arg = false;
    if (rule != nullptr && rule->url.present()) {
      if (const Expr* arg = call.arg(rule->url.arg, rule->url.kw)) {
        urls = ix.EvaluateAll(*arg, site.scope);
        has_url_arg = true;
      }
    }
    if (m->object && m->object->rule != nullptr && m->object->rule->base_url.present() && m->object->ctor != nullptr) {
      const ruleset::ArgRef& b = m->object->rule->base_url;
      if (const Expr* base_arg = m->object->ctor->arg(b.arg, b.kw)) {
        std::vector<Value> bases = ix.EvaluateAll(*base_arg, m->object->ctor_scope);
        if (!has_url_arg) {
          urls = bases;
        } else {
          std::vector<Value> joined;
          for (const Value& base : bases) {
            for (const Value& u : urls) joined.push_back(JoinBase(base, u));
          }
          urls = joined;
        }
      }
    }
    if (rule != nullptr && !rule->url_prefix.empty()) {
      for (Value& u : urls) {
        Value p = Value::String(rule->url_prefix);
        u.tmpl = p.tmpl + u.tmpl;
        if (u.known) u.text = p.text + u.text;
      }
    }

    // Method.
    std::optional<std::string> method;
    if (rule != nullptr && !rule->method.empty()) {
      method = rule->method;
    } else if (rule != nullptr && rule->method_arg.present()) {
      if (const Expr* a = call.arg(rule->method_arg.arg, rule->method_arg.kw)) {
        Value v = ix.Evaluate(*a, site.scope);
        if (v.known && v.kind == Value::Kind::kString) {
          std::string up = v.text;
          for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          method = up;
        }
      }
    } else if (rule == nullptr && m->object && !m->object->rule->any_method_http.empty()) {
      method = m->object->rule->any_method_http;
    }

    // Brittleness from the call itself.
    std::vector<std::string> brittle_call;
    if (client.timeout_applies && call.keyword("timeout") == nullptr && !call.has_starred_args()) {
      bool session_default = false;
      if (m->object && m->object->rule != nullptr && m->object->rule->timeout.present() && m->object->ctor != nullptr) {
        session_default = m->object->ctor->arg(m->object->rule->timeout.arg, m->object->rule->timeout.kw) != nullptr;
      }
      if (!session_default) brittle_call.push_back("no_timeout");
    }
    if (IsFalse(ctx, call.keyword("verify"), site.scope)) brittle_call.push_back("tls_verify_off");

    std::string fixed_peer = rule != nullptr && !rule->peer.empty() ? rule->peer : client.peer;
    std::string kind = rule != nullptr && !rule->kind.empty() ? rule->kind : client.kind;
    std::string transport = rule != nullptr && !rule->transport.empty() ? rule->transport : client.transport;

    auto make = [&](const Value* url) {
      edges::Edge e;
      e.kind = kind;
      e.direction = "outbound";
      e.service = ctx.service;
      e.transport = transport;
      e.method = method;
      e.callee = m->callee;
      e.id_key = m->callee;
      e.location = ProvenanceOf(site.scope, call);
      e.brittle = brittle_call;
      std::string transport_override;
      if (url != nullptr) {
        e.url = UrlFromValue(*url);
        e.peer = PeerFor(ctx, *url, fixed_peer, &transport_override);
        if (HostIsHardcoded(*url) && e.url->host) e.brittle.push_back("hardcoded_url");
      } else if (!fixed_peer.empty()) {
        e.peer = fixed_peer;
      }
      if (!transport_override.empty() && kind == "http_call") e.transport = transport_override;
      std::sort(e.brittle.begin(), e.brittle.end());
      e.brittle.erase(std::unique(e.brittle.begin(), e.brittle.end()), e.brittle.end());
      e.confidence = ConfidenceFor(url);
      out->push_back(std::move(e));
    };
    if (urls.empty()) {
      make(nullptr);
    } else {
      for (const Value& u : urls) make(&u);
    }
  }
}

}  // namespace edgescan::detect
