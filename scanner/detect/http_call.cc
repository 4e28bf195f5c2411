#include "detect/http_call.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "detect/context.h"
#include "detect/internal/guards.h"
#include "detect/scrape_signals.h"

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;
using resolve::Value;

namespace {

// URL alternatives per call site: the resolver's own fan-out bound (--max-values), set for each scan by Run (scans
// of several roots run on several threads at once).
thread_local size_t max_urls = 8;
constexpr size_t kMaxCallerRequests = 32;  // (method, URL) pairs a wrapper's call site gives, one per caller

struct Match {
  const ruleset::ClientRule* client = nullptr;
  const ruleset::CallRule* call = nullptr;      // nullptr for any_method calls
  std::optional<resolve::ObjectType> object;    // for method calls on client objects
  std::string callee;
};

// `only_if`: pycurl's setopt is a request only with pycurl.URL; libtaxii's parse only with allow_url=True.
bool Holds(const DetectContext& ctx, const ruleset::Condition& c, const Expr& call, const resolve::Scope& s) {
  if (!c.present()) return true;
  const Expr* a = call.arg(c.arg.arg, c.arg.kw);
  if (a == nullptr) return false;
  Value v = ctx.index.Evaluate(*a, s);
  if (c.is_bool >= 0) return v.kind == Value::Kind::kBool && v.known && v.boolean == (c.is_bool == 1);
  if (v.kind == Value::Kind::kString && v.known && v.text == c.is_name) return true;
  return ctx.index.QualifiedName(*a, s) == c.is_name;
}

// A call of a parameter that holds a library function: `request_func(url, data=...)` in a helper whose callers pass
// `requests.post` (or whose default is one). The first caller, in file order, passing a function a rule knows
// decides; the parameter's default when none does.
std::optional<Match> MatchParameterCall(const DetectContext& ctx, const resolve::CallSite& site, const std::string& name) {
  const resolve::RepoIndex& ix = ctx.index;
  const facts::Function& fn = *site.scope.function;
  for (size_t k = 0; k < fn.params.size(); ++k) {
    if (fn.params[k].name != name) continue;
    auto known = [&](const Expr& arg, const resolve::Scope& s) -> std::optional<Match> {
      Match m;
      std::string q = ix.QualifiedName(arg, s);
      if (q.empty()) return std::nullopt;
      const ruleset::CallRule* r = ix.FunctionRule(q, &m.client);
      if (r == nullptr || !Holds(ctx, r->only_if, *site.call, site.scope)) return std::nullopt;
      m.call = r;
      m.callee = q;
      return m;
    };
    for (const resolve::CallSite* caller : ix.CallersOf(fn.qualname)) {
      if (caller->fan_out) continue;
      const Expr* arg = resolve::ArgumentFor(*caller->call, fn, k, caller->bound_self);
      if (arg == nullptr) continue;
      if (auto m = known(*arg, caller->scope)) return m;
    }
    if (fn.params[k].has_default) {
      resolve::Scope defining = site.scope;
      defining.function = fn.parent.empty() ? nullptr : ix.FindFunction(fn.parent);
      if (auto m = known(fn.params[k].default_value, defining)) return m;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Match> MatchCall(const DetectContext& ctx, const resolve::CallSite& site) {
  const resolve::RepoIndex& ix = ctx.index;
  Match m;
  if (!site.callee.empty()) {
    if (const ruleset::CallRule* r = ix.FunctionRule(site.callee, &m.client)) {
      if (!Holds(ctx, r->only_if, *site.call, site.scope)) return std::nullopt;
      m.call = r;
      m.callee = site.callee;
      // helpers.bulk(client, ...): the request goes to the base URL of the client passed in.
      if (r->client_arg.present()) {
        if (const Expr* a = site.call->arg(r->client_arg.arg, r->client_arg.kw)) {
          std::optional<resolve::ObjectType> t = ix.TypeOf(*a, site.scope);
          if (t && t->rule != nullptr && t->client == m.client) m.object = t;
        }
      }
      return m;
    }
  }
  const Expr& callee = site.call->children[0];
  if (callee.kind == ExprKind::kName && site.scope.function != nullptr && site.target().empty()) {
    return MatchParameterCall(ctx, site, callee.text);
  }
  if (callee.kind != ExprKind::kAttribute || callee.children.empty()) return std::nullopt;
  // Calls on internal code are not client calls, even when their name matches a client method.
  if (!site.target().empty()) return std::nullopt;
  std::optional<resolve::ObjectType> t = ix.TypeOf(callee.children[0], site.scope);
  if (!t || t->rule == nullptr) return std::nullopt;
  std::string on = t->type + (t->detail.empty() ? "" : "." + t->detail) + ".";
  // A name with dots is the method under that attribute path (OpenSearch "indices.delete", not the client's
  // "delete"); it is tried before the bare names.
  std::string dotted = t->detail.empty() ? "" : t->detail + "." + callee.text;
  for (int pass = dotted.empty() ? 1 : 0; pass < 2; ++pass) {
    for (const ruleset::CallRule& r : t->rule->methods) {
      for (const std::string& n : r.names) {
        if (pass == 0 ? n != dotted : n != callee.text) continue;
        if (!Holds(ctx, r.only_if, *site.call, site.scope)) return std::nullopt;
        m.client = t->client;
        m.call = &r;
        m.object = t;
        m.callee = on + callee.text;
        return m;
      }
    }
  }
  // Dunder methods (`super().__init__(...)` in a subclass of the client, `__enter__`) set the object up: no request.
  if (t->rule->any_method && callee.text.rfind("__", 0) != 0) {
    for (const std::string& a : t->rule->attributes) {
      if (a == callee.text) return std::nullopt;  // an attribute chain, not a request
    }
    m.client = t->client;
    m.object = t;
    m.callee = on + callee.text;
    return m;
  }
  return std::nullopt;
}

bool IsFalse(const DetectContext& ctx, const Expr* e, const resolve::Scope& s) {
  if (e == nullptr) return false;
  Value v = ctx.index.Evaluate(*e, s);
  return v.kind == Value::Kind::kBool && v.known && !v.boolean;
}

std::string JoinText(std::string a, std::string b) {
  if (b.empty()) return a;
  if (a.empty()) return b;
  while (!a.empty() && a.back() == '/') a.pop_back();
  if (b[0] != '/') b = "/" + b;
  return a + b;
}

// Joins a client's base URL and a request path as httpx / edx-api-client do: an absolute URL wins, else
// base + "/" + path without doubling the slash.
// The part of `path` ("/oauth2/access_token") left to add to `url` when the URL may already end with its leading
// segments: ".../oauth2" -> "/access_token", ".../oauth2/access_token" -> "", anything else -> the whole path.
std::string NotYetEnding(std::string_view url, std::string_view path) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  std::string_view p = path;
  while (!p.empty() && p.front() == '/') p.remove_prefix(1);
  // Try the longest leading run of segments first.
  for (size_t end = p.size(); end != std::string_view::npos && end > 0; end = p.rfind('/', end - 1)) {
    std::string_view head = p.substr(0, end);
    if (url.size() > head.size() && url.substr(url.size() - head.size()) == head && url[url.size() - head.size() - 1] == '/') {
      return std::string(p.substr(end));
    }
  }
  return std::string(path);
}

Value JoinBase(const Value& base, const Value& path) {
  if (path.kind == Value::Kind::kString && !resolve::HostOf(path.known ? path.text : path.tmpl).empty()) return path;
  Value out;
  out.kind = Value::Kind::kString;
  auto join = JoinText;
  out.known = base.known && path.known && base.kind == Value::Kind::kString;
  if (out.known) out.text = join(base.text, path.text);
  out.tmpl = join(base.tmpl, path.tmpl);
  out.prefix = out.known ? out.text : (base.known ? join(base.text, path.prefix) : base.prefix);
  out.display = join(base.display, path.display);
  out.origins = base.origins;
  for (const auto& o : path.origins) out.origins.push_back(o);
  out.host_from_literal = base.host_from_literal;
  out.host_from_env_default = base.host_from_env_default;
  out.from_env = base.from_env || path.from_env;
  return out;
}

// A literal from a rule ("s3://", "/api/enrollment/v1/enrollment", "/api/grades/v1/courses/{course_id}/"): its
// "{name}" parts are placeholders, never values.
Value RuleLiteral(const std::string& text) {
  size_t brace = text.find('{');
  Value v = Value::String(text);
  if (brace == std::string::npos) return v;
  v.known = false;
  v.text.clear();
  v.prefix = text.substr(0, brace);
  return v;
}

// A rule's path with its "{name}" parts filled from the call's arguments (rule.path_args): OpenSearch
// `indices.put_alias(index=new_index, name=alias)` requests "/{new_index}/_alias/{alias}", or the values when
// known statically. A part whose argument is not passed stays a placeholder, or is left out with the "/" before it
// when written "{name?}" (`indices.refresh()` is "/_refresh").
// The argument a rule path's "{name}" part takes (rule.path_args), or null when the call does not pass it.
const Expr* PathArgument(const ruleset::CallRule& rule, const Expr& call, std::string_view name) {
  const Expr* arg = nullptr;
  for (const auto& [n, ref] : rule.path_args) {
    if (n == name) arg = call.arg(ref.arg, ref.kw);
  }
  return arg;
}

std::vector<Value> FilledPaths(const DetectContext& ctx, const ruleset::CallRule& rule, const Expr& call,
                               const resolve::Scope& s) {
  // The first alternative whose required parts all have their arguments passed, else `path`.
  const std::string* chosen = &rule.path;
  for (const std::string& alt : rule.path_alternatives) {
    bool complete = true;
    for (size_t open = alt.find('{'); open != std::string::npos && complete; open = alt.find('{', open + 1)) {
      size_t close = alt.find('}', open);
      if (close == std::string::npos) break;
      std::string name = alt.substr(open + 1, close - open - 1);
      if (!name.empty() && name.back() == '?') continue;
      complete = PathArgument(rule, call, name) != nullptr;
    }
    if (complete) {
      chosen = &alt;
      break;
    }
  }
  const std::string& path = *chosen;
  // An argument with one value fills its part; with several (`for object_type in TYPES: ...`) its name does.
  std::vector<Value> outs{Value::String("")};
  auto append = [&](const std::vector<Value>& parts) {
    std::vector<Value> next;
    for (const Value& o : outs) {
      for (const Value& p : parts) {
        if (next.size() < max_urls) next.push_back(resolve::Concat(o, p));
      }
    }
    outs = std::move(next);
  };
  size_t at = 0;
  while (at < path.size()) {
    size_t open = path.find('{', at);
    size_t close = open == std::string::npos ? std::string::npos : path.find('}', open);
    if (close == std::string::npos) {
      append({Value::String(path.substr(at))});
      break;
    }
    std::string name = path.substr(open + 1, close - open - 1);
    bool optional = !name.empty() && name.back() == '?';
    if (optional) name.pop_back();
    std::string literal = path.substr(at, open - at);
    at = close + 1;
    const Expr* arg = PathArgument(rule, call, name);
    if (arg == nullptr && optional) {
      if (!literal.empty() && literal.back() == '/') literal.pop_back();
      append({Value::String(literal)});
      continue;
    }
    append({Value::String(literal)});
    std::vector<Value> values;
    if (arg == nullptr) {
      values.push_back(Value::Unknown(name));
    } else {
      const std::string named = !arg->dotted().empty() ? arg->dotted() : name;
      for (Value& v : ctx.index.EvaluateAll(*arg, s)) {
        bool usable = (v.kind == Value::Kind::kString && !v.tmpl.empty()) || (v.kind == Value::Kind::kNumber && v.known);
        if (!usable && (v.kind != Value::Kind::kUnknown || v.tmpl.empty())) v = Value::Unknown(named);
        if (std::none_of(values.begin(), values.end(), [&](const Value& w) { return w.tmpl == v.tmpl; })) {
          values.push_back(std::move(v));
        }
      }
      // Several values (a loop over object types, callers passing different ids): the argument's name, one path.
      if (values.size() != 1) values = {Value::Unknown(named)};
    }
    append(values);
  }
  return outs;
}

// `prefix` + v, for a scheme the library implies ("s3://" + bucket).
Value Prefixed(const std::string& prefix, const Value& v) {
  Value p = RuleLiteral(prefix);
  Value out = v;
  out.kind = Value::Kind::kString;
  out.known = p.known && v.known && v.kind == Value::Kind::kString;
  out.text = out.known ? p.text + v.text : "";
  out.tmpl = p.tmpl + v.tmpl;
  out.prefix = p.known ? p.text + v.prefix : p.prefix;
  out.display = p.display + (v.display.empty() ? v.tmpl : v.display);
  // HTTPSConnection("api.example.org"): a host written in the code is a hardcoded URL once the scheme is put on.
  bool http = prefix == "http://" || prefix == "https://";
  bool literal = v.known && !v.from_env &&
                 std::all_of(v.origins.begin(), v.origins.end(), [](const resolve::Origin& o) {
                   return o.kind == resolve::Origin::Kind::kLiteral || o.kind == resolve::Origin::Kind::kConstant;
                 });
  if (http && literal) out.host_from_literal = true;
  return out;
}

std::vector<Value> Cross(const std::vector<Value>& bases, const std::vector<Value>& paths) {
  std::vector<Value> out;
  for (const Value& b : bases) {
    for (const Value& p : paths) {
      if (out.size() < max_urls) out.push_back(JoinBase(b, p));
    }
  }
  return out;
}

// The values of `first` (every alternative) joined with "/" to the first value of each of `more` present.
// Empty when `first` is not passed.
// A list of URLs (`OpenSearch(hosts=[A, B])`) is one alternative per element; at most max_urls in all.
std::vector<Value> Expanded(const std::vector<Value>& values) {
  std::vector<Value> out;
  for (const Value& v : values) {
    if (v.kind != Value::Kind::kList) {
      out.push_back(v);
      continue;
    }
    for (const Value& item : v.items) {
      if (item.kind == Value::Kind::kString || item.kind == Value::Kind::kUnknown) out.push_back(item);
    }
  }
  if (out.size() > max_urls) out.resize(max_urls);
  return out;
}

// The base URLs a registry read's object (`connections.get_connection()`) is configured with: what the repo's calls
// of its configuring functions pass (`connections.configure(default={"hosts": [settings.OPENSEARCH_URL]})`).
std::vector<Value> Configured(const DetectContext& ctx, const ruleset::CallRule& read) {
  std::vector<Value> out;
  for (const resolve::CallSite& site : ctx.index.call_sites()) {
    for (const ruleset::Configurer& c : read.configured_by) {
      if (std::find(c.names.begin(), c.names.end(), site.callee) == c.names.end()) continue;
      const Expr* a = site.call->arg(c.arg.arg, c.arg.kw);
      if (a == nullptr) continue;
      std::vector<Value> found;
      for (const Value& v : ctx.index.EvaluateAll(*a, site.scope)) {
        if (c.key.empty()) {
          found.push_back(v);
          continue;
        }
        if (v.kind != Value::Kind::kDict) continue;
        for (const resolve::ValueEntry& e : v.entries) {
          if (e.first.known && e.first.text == c.key) found.push_back(e.second);
        }
      }
      for (Value& v : Expanded(found)) {
        if (out.size() < max_urls) out.push_back(std::move(v));
      }
    }
  }
  return out;
}

// The entries `key` of dict values, or of the dicts they hold (`{"web": {"token_uri": ...}}`).
std::vector<Value> DictEntries(const std::vector<Value>& dicts, const std::string& key) {
  std::vector<Value> out;
  for (const Value& d : dicts) {
    if (d.kind != Value::Kind::kDict) continue;
    for (const resolve::ValueEntry& e : d.entries) {
      if (e.first.known && e.first.text == key) {
        out.push_back(e.second);
      } else if (e.second.kind == Value::Kind::kDict) {
        for (const resolve::ValueEntry& inner : e.second.entries) {
          if (inner.first.known && inner.first.text == key) out.push_back(inner.second);
        }
      }
    }
  }
  return out;
}

// A GraphQL request: its JSON body (`json=` or `data=json.dumps(...)`) is a dict literal with a "query" entry
// (`{"query": PROLEARN_QUERY % (...)}`), or its URL's path ends in /graphql.
bool GraphQlBody(const DetectContext& ctx, const Expr& call, const resolve::Scope& s) {
  for (const char* kw : {"json", "data"}) {
    const Expr* body = call.keyword(kw);
    if (body == nullptr) continue;
    if (body->kind == ExprKind::kCall && body->callee() != nullptr &&
        ctx.index.QualifiedName(*body->callee(), s) == "json.dumps" && !body->positional().empty()) {
      body = body->positional()[0];
    }
    if (body->kind != ExprKind::kDict) continue;  // as written: evaluating every request body costs too much
    for (const Expr& pair : body->children) {
      if (pair.kind == ExprKind::kPair && pair.children.size() == 2 && pair.children[0].kind == ExprKind::kString &&
          pair.children[0].text == "query") {
        return true;
      }
    }
  }
  return false;
}

bool GraphQlPath(std::string_view tmpl) {
  size_t q = tmpl.find('?');
  std::string_view path = tmpl.substr(0, q);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  constexpr std::string_view kGraphQl = "/graphql";
  if (path.size() < kGraphQl.size()) return false;
  std::string tail(path.substr(path.size() - kGraphQl.size()));
  for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == kGraphQl;
}

// The values keyword `kw` takes through the call's `**` arguments: `Github(**({"base_url": settings.GIT_API_URL} if
// settings.GIT_API_URL else {}))` passes `{settings.GIT_API_URL}` when it passes one (an alternative without the key
// leaves the library's default, which the caller adds when nothing is found).
std::vector<Value> SplatKeyword(const DetectContext& ctx, const Expr& call, std::string_view kw, const resolve::Scope& s,
                                const std::vector<resolve::CallFrame>& frames) {
  std::vector<Value> out;
  if (kw.empty() || call.kind != ExprKind::kCall) return out;
  for (size_t i = 1; i < call.children.size(); ++i) {
    const Expr& c = call.children[i];
    if (c.kind != ExprKind::kDoubleStarred || c.children.empty()) continue;
    for (const Value& v : ctx.index.EvaluateAllIn(c.children[0], s, frames)) {
      if (v.kind != Value::Kind::kDict) continue;
      for (const resolve::ValueEntry& e : v.entries) {
        if (e.first.known && e.first.text == kw && out.size() < max_urls) out.push_back(e.second);
      }
    }
  }
  return out;
}

// Whether the call's `*`/`**` arguments may pass a timeout: a `**` of dicts whose keys are all known and none is
// "timeout" (`client.service.runTransaction(**payload)` with a payload literal) passes none.
bool MayPassTimeout(const DetectContext& ctx, const Expr& call, const resolve::Scope& s) {
  for (size_t i = 1; i < call.children.size(); ++i) {
    const Expr& c = call.children[i];
    if (c.kind == ExprKind::kStarred) return true;
    if (c.kind != ExprKind::kDoubleStarred) continue;
    if (c.children.empty()) return true;
    std::vector<Value> values = ctx.index.EvaluateAll(c.children[0], s);
    if (values.empty()) return true;
    for (const Value& v : values) {
      if (v.kind != Value::Kind::kDict) return true;
      for (const resolve::ValueEntry& e : v.entries) {
        if (!e.first.known || e.first.text == "timeout") return true;
      }
    }
  }
  return false;
}

// `frames`: the factory calls the object was returned through (its arguments depend on their parameters).
std::vector<Value> ArgUrl(const DetectContext& ctx, const Expr& call, const resolve::Scope& s,
                          const ruleset::ArgRef& first, const std::vector<ruleset::ArgRef>& more,
                          const std::vector<resolve::CallFrame>& frames = {}) {
  const Expr* a = call.arg(first.arg, first.kw);
  if (a == nullptr) return Expanded(SplatKeyword(ctx, call, first.kw, s, frames));
  std::vector<Value> out = Expanded(ctx.index.EvaluateAllIn(*a, s, frames));
  if (!first.key.empty()) out = Expanded(DictEntries(out, first.key));
  for (const ruleset::ArgRef& r : more) {
    const Expr* b = call.arg(r.arg, r.kw);
    if (b == nullptr) continue;
    std::vector<Value> all = ctx.index.EvaluateAllIn(*b, s, frames);
    if (all.empty()) continue;
    auto known = std::find_if(all.begin(), all.end(), [](const Value& x) { return x.known; });
    Value v = known != all.end() ? *known : all.front();
    for (Value& u : out) u = JoinBase(u, v);
  }
  return out;
}

// The base URL a client object carries: each call that built it adds its base_url arguments
// (resource("s3") -> .Bucket(name) -> .Object(key) gives "s3://{name}/{key}").
std::vector<Value> ObjectBase(const DetectContext& ctx, const resolve::ObjectType& t, bool* library_default) {
  std::vector<Value> acc;
  for (const resolve::CtorStep& step : t.chain) {
    if (step.rule == nullptr || step.call == nullptr) continue;
    bool registry = step.made_by != nullptr && !step.made_by->configured_by.empty();
    // Search(index=...) sends through the registry's client: its hosts, then the index.
    const ruleset::CallRule* connection = nullptr;
    if (!step.rule->connection_from.empty()) {
      const ruleset::ClientRule* unused = nullptr;
      connection = ctx.index.FunctionRule(step.rule->connection_from, &unused);
      if (connection != nullptr && connection->configured_by.empty()) connection = nullptr;
    }
    if (!step.rule->base_url.present() && !registry && connection == nullptr) continue;
    std::vector<Value> part;
    if (step.rule->base_url.present()) {
      part = ArgUrl(ctx, *step.call, step.scope, step.rule->base_url, step.rule->base_url_join, step.frames);
    }
    if (part.empty() && registry) part = Configured(ctx, *step.made_by);
    if ((connection != nullptr || step.rule->client_arg.present()) && acc.empty()) {
      std::vector<Value> hosts;
      const ruleset::ArgRef& using_arg = step.rule->client_arg;
      const Expr* client = using_arg.present() ? step.call->arg(using_arg.arg, using_arg.kw) : nullptr;
      if (client != nullptr) {
        std::optional<resolve::ObjectType> t = ctx.index.TypeOf(*client, step.scope);
        if (t && t->rule != nullptr && t->rule != step.rule) hosts = ObjectBase(ctx, *t, nullptr);
      } else if (connection != nullptr) {
        hosts = Configured(ctx, *connection);
      }
      // Hosts unknown: the indices are still a path ("/{index}/_search"), not a host.
      if (hosts.empty()) hosts.push_back(Value::String(""));
      if (!part.empty()) {
        for (Value& h : hosts) {
          if (h.known && h.text.empty()) h = RuleLiteral("/");
        }
      }
      part = part.empty() ? hosts : Cross(hosts, part);
      part.erase(std::remove_if(part.begin(), part.end(), [](const Value& v) { return v.known && v.text.empty(); }),
                 part.end());
    }
    if (part.empty()) continue;
    // Repository("o/r") under a Github() that named no base_url: the library's root comes first.
    if (acc.empty() && !step.rule->path_prefix.empty()) {
      for (const resolve::CtorStep& earlier : t.chain) {
        if (&earlier == &step) break;
        if (earlier.rule != nullptr && !earlier.rule->default_url.empty()) {
          acc.push_back(RuleLiteral(earlier.rule->default_url));
          if (library_default != nullptr) *library_default = true;
          break;
        }
      }
    }
    if (acc.empty()) {
      if (!step.rule->url_prefix.empty()) {
        for (Value& v : part) v = Prefixed(step.rule->url_prefix, v);
      }
      acc = part;
    } else {
      if (!step.rule->path_prefix.empty()) {
        for (Value& v : part) v = JoinBase(RuleLiteral(step.rule->path_prefix), v);
      }
      acc = Cross(acc, part);
    }
  }
  // The library's own endpoint when no constructor named one (OpenAI(): https://api.openai.com/v1).
  // The object's own class first: pygsheets' `client.drive.service` is a Drive API resource, whose endpoint is
  // Drive's, not pygsheets'.
  const ruleset::ClassRule* with_default = t.rule != nullptr && !t.rule->default_url.empty() ? t.rule
                                           : !t.chain.empty() ? t.chain.front().rule : nullptr;
  if (acc.empty() && with_default != nullptr && !with_default->default_url.empty()) {
    acc.push_back(RuleLiteral(with_default->default_url));
    if (library_default != nullptr) *library_default = true;
  }
  return acc;
}

// `url_only`: feedparser.parse(x) fetches x only when x is a URL; parse(resp.text) or parse("<rss>...") fetches nothing.
bool MayBeUrl(const DetectContext& ctx, const Expr& arg, const resolve::Scope& s) {
  const Expr* e = &arg;
  if (e->kind == ExprKind::kCall && e->callee() != nullptr) e = e->callee();  // resp.read()
  if (e->kind == ExprKind::kAttribute &&
      std::find(ctx.rules.scrape.body_attributes.begin(), ctx.rules.scrape.body_attributes.end(), e->text) !=
          ctx.rules.scrape.body_attributes.end()) {
    return false;
  }
  std::vector<Value> values = ctx.index.EvaluateAll(arg, s);
  if (values.empty()) return true;
  return std::any_of(values.begin(), values.end(), [](const Value& v) {
    return !(v.known && v.kind == Value::Kind::kString && v.text.find("://") == std::string::npos);
  });
}

// Whether a client object was built with a default timeout / with TLS verification off.
bool ChainArgPresent(const resolve::ObjectType& t, ruleset::ArgRef ruleset::ClassRule::*field) {
  for (const resolve::CtorStep& step : t.chain) {
    if (step.rule == nullptr || step.call == nullptr) continue;
    const ruleset::ArgRef& a = step.rule->*field;
    if (a.present() && step.call->arg(a.arg, a.kw) != nullptr) return true;
  }
  return false;
}

bool ChainVerifyOff(const DetectContext& ctx, const resolve::ObjectType& t) {
  for (const resolve::CtorStep& step : t.chain) {
    if (step.rule == nullptr || step.call == nullptr) continue;
    const ruleset::ArgRef& a = step.rule->verify;
    if (a.present() && IsFalse(ctx, step.call->arg(a.arg, a.kw), step.scope)) return true;
  }
  return false;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::optional<std::string> MethodFrom(const DetectContext& ctx, const Expr& call, const resolve::Scope& s,
                                      const ruleset::ArgRef& where) {
  if (!where.present()) return std::nullopt;
  const Expr* a = call.arg(where.arg, where.kw);
  if (a == nullptr) return std::nullopt;
  Value v = ctx.index.Evaluate(*a, s);
  if (v.known && v.kind == Value::Kind::kString) return Upper(v.text);
  return std::nullopt;
}

// A wrapper taking the method and the path (`perform_request(self, method, url_suffix)` calling
// `requests.request(method.upper(), urljoin(self.base_api_url, url_suffix))`): each caller passes one request, so the
// method and the URL are evaluated per caller, together (not every method crossed with every URL), and `self` is the
// caller's class. Empty when the method does not come from the callers or nothing is known of it.
std::vector<std::pair<std::optional<std::string>, Value>> PerCaller(const DetectContext& ctx,
                                                                    const resolve::CallSite& site,
                                                                    const ruleset::CallRule& rule) {
  std::vector<std::pair<std::optional<std::string>, Value>> out;
  const Expr& call = *site.call;
  const Expr* method_arg = call.arg(rule.method_arg.arg, rule.method_arg.kw);
  if (method_arg == nullptr || site.scope.function == nullptr || !rule.url.present()) return out;
  const facts::Function& fn = *site.scope.function;
  bool from_parameter = false;  // the method is (built from) a parameter of the enclosing function
  facts::ForEachExpr(*method_arg, [&](const Expr& x) {
    if (x.kind != ExprKind::kName) return;
    for (const facts::Param& p : fn.params) from_parameter |= p.name == x.text;
  });
  if (!from_parameter) return out;
  std::vector<const resolve::CallSite*> callers = ctx.index.CallersOf(fn.qualname);
  if (callers.size() > 2 * kMaxCallerRequests) {
    ctx.index.NoteLimit("value fan-out", static_cast<int>(kMaxCallerRequests), site.scope.module->path, call.line);
    callers.resize(2 * kMaxCallerRequests);
  }
  for (const resolve::CallSite* caller : callers) {
    std::vector<resolve::CallFrame> frames{{&fn, caller->call, caller->scope, caller->bound_self}};
    std::vector<Value> methods = ctx.index.EvaluateAllIn(*method_arg, site.scope, frames);
    std::vector<Value> urls = ArgUrl(ctx, call, site.scope, rule.url, rule.url_join, frames);
    if (!rule.url_prefix.empty()) {
      for (Value& u : urls) u = Prefixed(rule.url_prefix, u);
    }
    for (const Value& m : methods) {
      std::optional<std::string> method;
      if (m.known && m.kind == Value::Kind::kString) method = Upper(m.text);
      for (const Value& u : urls) {
        bool dup = std::any_of(out.begin(), out.end(), [&](const auto& p) {
          return p.first == method && p.second.tmpl == u.tmpl && p.second.text == u.text && p.second.known == u.known;
        });
        if (dup) continue;
        if (out.size() >= kMaxCallerRequests) {
          ctx.index.NoteLimit("value fan-out", static_cast<int>(kMaxCallerRequests), site.scope.module->path,
                              call.line);
          return out;
        }
        out.emplace_back(method, u);
      }
    }
  }
  bool any_method = std::any_of(out.begin(), out.end(), [](const auto& p) { return p.first.has_value(); });
  if (!any_method) out.clear();
  return out;
}

// The URL argument of a call that only some callers of its function can reach (a branch on a parameter, as
// `if method == "delete": requests.delete(url)`; detect/internal/guards.h): evaluated for each of those callers,
// or, when none can, as if the function had no caller (its parameters unknown). Empty when no caller is left out:
// the plain evaluation answers then.
std::vector<Value> GuardedArgUrl(const DetectContext& ctx, const resolve::CallSite& site, const ruleset::CallRule& rule) {
  if (site.scope.function == nullptr) return {};
  const facts::Function& fn = *site.scope.function;
  bool excluded = false;
  std::vector<const resolve::CallSite*> callers =
      internal::CallersThatMayRun(ctx.index, fn, *site.call, site.scope, &excluded);
  if (!excluded) return {};
  std::vector<Value> out;
  auto add = [&](std::vector<Value> urls) {
    for (Value& u : urls) {
      bool dup = std::any_of(out.begin(), out.end(),
                             [&](const Value& o) { return o.tmpl == u.tmpl && o.text == u.text && o.known == u.known; });
      if (!dup && out.size() < max_urls) out.push_back(std::move(u));
    }
  };
  if (callers.empty()) {
    Expr no_arguments;  // a call passing nothing: every parameter is its default or unknown
    no_arguments.kind = ExprKind::kCall;
    no_arguments.children.emplace_back();
    std::vector<const resolve::CallSite*> all = ctx.index.CallersOf(fn.qualname);  // none may run the call
    bool bound_self = !all.empty() && all[0]->bound_self;
    add(ArgUrl(ctx, *site.call, site.scope, rule.url, rule.url_join, {{&fn, &no_arguments, site.scope, bound_self}}));
    return out;
  }
  for (const resolve::CallSite* caller : callers) {
    add(ArgUrl(ctx, *site.call, site.scope, rule.url, rule.url_join,
               {{&fn, caller->call, caller->scope, caller->bound_self}}));
  }
  return out;
}

// What one matched call site is, before edges are made: its URLs, method and brittleness from the call itself.
struct Request {
  const resolve::CallSite* site = nullptr;
  Match match;
  std::vector<Value> urls;
  std::optional<std::string> method;
  // When not empty, the method of each of `urls` (a wrapper's callers each pass their own method and path).
  std::vector<std::optional<std::string>> url_methods;
  std::vector<std::string> brittle;
  bool library_default = false;  // the URL is the library's default endpoint, not written in the repo
};

Request Describe(const DetectContext& ctx, const resolve::CallSite& site, Match m) {
  const resolve::RepoIndex& ix = ctx.index;
  const Expr& call = *site.call;
  const ruleset::ClientRule& client = *m.client;
  const ruleset::CallRule* rule = m.call;
  const resolve::ObjectType* object = m.object ? &*m.object : nullptr;
  Request req;
  req.site = &site;

  // URL: the call's URL argument (or a request object passed as it), the rule's path, joined to the client's base.
  std::vector<Value> urls;
  bool has_path = false;
  bool from_request_object = false;
  if (rule != nullptr && rule->url.present()) {
    if (const Expr* arg = call.arg(rule->url.arg, rule->url.kw)) {
      has_path = true;
      std::optional<resolve::ObjectType> as_object = ix.TypeOf(*arg, site.scope);
      if (as_object && as_object->rule != nullptr && as_object->rule->base_url.present()) {
        // urlopen(Request(url, method="POST")): the request object carries the URL and the method (unknown when
        // not given: urllib then picks GET or POST by whether there is a body).
        from_request_object = true;
        urls = ObjectBase(ctx, *as_object, nullptr);
        const resolve::CtorStep& made = as_object->chain.back();
        req.method = MethodFrom(ctx, *made.call, made.scope, made.rule->method);
      } else {
        if (rule->method_arg.present()) {
          for (auto& [method, url] : PerCaller(ctx, site, *rule)) {
            req.url_methods.push_back(std::move(method));
            urls.push_back(std::move(url));
          }
        }
        // A call on a client object joins its path to the object's base, which is not evaluated per caller: only
        // plain calls are.
        if (urls.empty() && object == nullptr) urls = GuardedArgUrl(ctx, site, *rule);
        if (urls.empty()) {
          urls = ArgUrl(ctx, call, site.scope, rule->url, rule->url_join);
        }
        if (!urls.empty() && req.url_methods.empty()) {
          if (!rule->url_prefix.empty()) {
            for (Value& u : urls) u = Prefixed(rule->url_prefix, u);
          }
        }
      }
    }
  }
  if (rule != nullptr && !rule->path.empty()) {
    std::vector<Value> ps = rule->path_args.empty() && rule->path_alternatives.empty()
                                ? std::vector<Value>{RuleLiteral(rule->path)}
                                : FilledPaths(ctx, *rule, call, site.scope);
    // A rule's full URL (a helper library's fixed endpoint: mitol's find_contact) is the library's, not the repo's.
    if (!resolve::HostOf(rule->path).empty()) req.library_default = true;
    if (has_path && rule->path_overlap) {
      for (Value& u : urls) {
        std::string rest = NotYetEnding(u.known ? u.text : u.tmpl, rule->path);
        if (!rest.empty()) u = JoinBase(u, RuleLiteral(rest));
      }
    } else if (has_path) {
      urls = Cross(urls, ps);
    } else {
      urls = ps;
    }
    has_path = true;
  }
  if (object != nullptr) {
    std::vector<Value> bases = ObjectBase(ctx, *object, &req.library_default);
    if (!bases.empty() && !req.url_methods.empty() && has_path) {
      // Per-caller requests keep their methods: each path joined to each base.
      std::vector<Value> joined;
      std::vector<std::optional<std::string>> methods;
      for (const Value& b : bases) {
        for (size_t i = 0; i < urls.size() && joined.size() < kMaxCallerRequests; ++i) {
          joined.push_back(JoinBase(b, urls[i]));
          methods.push_back(req.url_methods[i]);
        }
      }
      urls = std::move(joined);
      req.url_methods = std::move(methods);
    } else if (!bases.empty()) {
      urls = has_path ? Cross(bases, urls) : bases;
      req.url_methods.clear();
    }
  }
  // A module-level function sending through the client the repo installs (`posthog.default_client =
  // posthog.Client(host=settings.POSTHOG_API_HOST)`, then `posthog.get_feature_flag(...)`): the hosts the repo's
  // calls of the rule's configuring constructors pass.
  if (object == nullptr && rule != nullptr && rule->returns.empty() && !rule->configured_by.empty() && urls.empty()) {
    for (Value& host : Configured(ctx, *rule)) urls.push_back(has_path ? JoinBase(host, RuleLiteral(rule->path)) : host);
  }
  if (object == nullptr && rule != nullptr && !rule->url_setting.empty() && urls.empty()) {
    std::optional<Value> v = ix.Setting(rule->url_setting);
    urls.push_back(v ? *v : Value::Unknown("settings." + rule->url_setting));
  }
  // A library's root path ("/", OpenSearch's ping) with no base URL found says nothing.
  urls.erase(std::remove_if(urls.begin(), urls.end(), [](const Value& u) { return u.known && u.text == "/"; }), urls.end());
  // `if added_params: url = "&".join((url, urlencode(added_params)))`: the same endpoint with an optional query added
  // is one request, not two. An alternative that only appends query parameters to another (with the same method) goes.
  if (urls.size() > 1 && (req.url_methods.empty() || req.url_methods.size() == urls.size())) {
    auto extends = [](const std::string& longer, const std::string& shorter) {
      return longer.size() > shorter.size() && longer.compare(0, shorter.size(), shorter) == 0 &&
             (longer[shorter.size()] == '?' || longer[shorter.size()] == '&');
    };
    std::vector<bool> drop(urls.size(), false);
    for (size_t j = 0; j < urls.size(); ++j) {
      for (size_t i = 0; i < urls.size() && !drop[j]; ++i) {
        bool same_method = req.url_methods.empty() || req.url_methods[i] == req.url_methods[j];
        if (i != j && !drop[i] && same_method && extends(urls[j].tmpl, urls[i].tmpl)) drop[j] = true;
      }
    }
    size_t kept = 0;
    for (size_t k = 0; k < urls.size(); ++k) {
      if (drop[k]) continue;
      if (kept != k) {
        urls[kept] = std::move(urls[k]);
        if (!req.url_methods.empty()) req.url_methods[kept] = std::move(req.url_methods[k]);
      }
      ++kept;
    }
    urls.resize(kept);
    if (!req.url_methods.empty()) req.url_methods.resize(kept);
  }
  req.urls = urls;

  // Method.
  if (from_request_object) {
    // set above
  } else if (rule != nullptr && !rule->method.empty()) {
    req.method = rule->method;
  } else if (rule != nullptr && rule->method_arg.present() && req.url_methods.empty()) {
    req.method = MethodFrom(ctx, call, site.scope, rule->method_arg);
  } else if (rule == nullptr && object != nullptr && !object->rule->any_method_http.empty()) {
    req.method = object->rule->any_method_http;
  }
  // service.files().list(...).execute(): the builder's last step is the verb.
  if (!req.method && req.url_methods.empty() && object != nullptr && !object->rule->verbs.empty()) {
    std::string_view detail = object->detail;
    std::string_view verb = detail.substr(detail.rfind('.') + 1);  // npos + 1 == 0: the whole detail
    for (const auto& [v, method] : object->rule->verbs) {
      if (v == verb) req.method = method;
    }
  }

  // Brittleness from the call itself. httpx is not `no_timeout`: it times out after 5 s unless told otherwise.
  bool applies = client.timeout_applies;
  bool no_timeout = client.timeout_unsupported;
  if (rule != nullptr && rule->timeout >= 0) {
    applies = rule->timeout == 1;
    no_timeout = false;
  }
  if (applies && call.keyword("timeout") == nullptr && !MayPassTimeout(ctx, call, site.scope)) {
    no_timeout = object == nullptr || !ChainArgPresent(*object, &ruleset::ClassRule::timeout);
  }
  if (no_timeout) req.brittle.push_back("no_timeout");
  req.brittle.insert(req.brittle.end(), client.brittle.begin(), client.brittle.end());
  bool verify_off = object != nullptr && ChainVerifyOff(ctx, *object);
  for (const std::string& kw : client.verify_keywords) verify_off |= IsFalse(ctx, call.keyword(kw), site.scope);
  if (verify_off) req.brittle.push_back("tls_verify_off");
  req.match = std::move(m);
  return req;
}

}  // namespace

// The backend a library's call goes through (rule.h BackendRule): the connection passed to the call, or to the
// constructor of the object it is called on, names it (`get_connection(settings.NOTIFICATION_EMAIL_BACKEND)`); else
// the setting; else, with settings found but the setting unset, Django's default. "" when unknown.
std::string BackendOf(const DetectContext& ctx, const ruleset::BackendRule& b, const resolve::CallSite& site,
                      const Match& m) {
  const resolve::RepoIndex& ix = ctx.index;
  enum class Said { kNothing, kDefault, kUnknown, kNamed };
  std::string named;
  // A connection made by a factory call: get_connection(X) names X, get_connection() the setting's backend.
  auto made_by = [&](const Expr* ctor, const resolve::Scope& s) -> Said {
    if (ctor == nullptr || ctor->kind != ExprKind::kCall || !In(b.factories, ix.QualifiedName(*ctor->callee(), s))) {
      return Said::kNothing;
    }
    const Expr* name = ctor->arg(b.backend.arg, b.backend.kw);
    if (name == nullptr) return Said::kDefault;
    Value v = ix.Evaluate(*name, s);
    if (v.kind != Value::Kind::kString || !v.known) return Said::kUnknown;
    named = v.text;
    return Said::kNamed;
  };
  // The connection argument of a call.
  auto connection = [&](const Expr& call, const resolve::Scope& s) -> Said {
    const Expr* conn = call.arg(b.connection.arg, b.connection.kw);
    if (conn == nullptr || conn->kind == ExprKind::kNone) return Said::kNothing;
    std::optional<resolve::ObjectType> t = ix.TypeOf(*conn, s);
    Said by = t ? made_by(t->ctor, t->ctor_scope) : Said::kNothing;
    return by == Said::kNothing ? Said::kUnknown : by;
  };
  Said said = connection(*site.call, site.scope);
  if (said == Said::kNothing && m.object) {
    said = made_by(m.object->ctor, m.object->ctor_scope);  // connection.send_messages(...)
    if (said == Said::kNothing && m.object->ctor != nullptr && m.object->ctor->kind == ExprKind::kCall) {
      said = connection(*m.object->ctor, m.object->ctor_scope);  // EmailMessage(..., connection=c).send()
    }
  }
  if (said == Said::kNamed) return named;
  if (said == Said::kUnknown) return "";
  std::optional<Value> v = ix.Setting(b.setting);
  if (v) return v->kind == Value::Kind::kString && v->known ? v->text : "";
  return ix.settings_modules().empty() ? "" : b.default_backend;
}

void HttpCallDetector::Run(const DetectContext& ctx, std::vector<edges::Edge>* out) {
  max_urls = static_cast<size_t>(std::max(1, ctx.index.options().max_alternatives));
  const resolve::RepoIndex& ix = ctx.index;
  std::vector<Request> requests;
  std::map<const Expr*, const resolve::CallSite*> sites;
  for (const resolve::CallSite& site : ix.call_sites()) {
    sites.emplace(site.call, &site);
    std::optional<Match> m = MatchCall(ctx, site);
    if (!m || (m->call != nullptr && m->call->no_edge)) continue;
    if (m->call != nullptr && m->call->url_only) {
      const Expr* arg = site.call->arg(m->call->url.arg, m->call->url.kw);
      if (arg == nullptr || !MayBeUrl(ctx, *arg, site.scope)) continue;
    }
    requests.push_back(Describe(ctx, site, std::move(*m)));
  }

  // `return super().request(method, url, headers=headers, **kwargs)` in a client subclass's override of `request`
  // (adding headers, a timeout): the library's own methods run it for each `self.get(url)` the subclasses make, and
  // each of those is an edge where it is made. Unless the repo calls the override itself, it is no edge of its own.
  auto derives = [&](const std::string& klass, const std::string& base) {
    std::vector<std::string> todo{klass};
    for (size_t i = 0; i < todo.size() && i < 64; ++i) {
      if (todo[i] == base) return true;
      if (const facts::Class* c = ix.FindClass(todo[i])) {
        for (const std::string& b : ix.BaseNames(*c)) {
          if (std::find(todo.begin(), todo.end(), b) == todo.end()) todo.push_back(b);
        }
      }
    }
    return false;
  };
  auto pass_through = [&](const Request& r) {
    const resolve::Scope& s = r.site->scope;
    const Expr& callee = r.site->call->children[0];
    if (s.function == nullptr || s.klass == nullptr || !r.match.object || callee.kind != ExprKind::kAttribute ||
        callee.text != s.function->name || callee.children.empty() || callee.children[0].kind != ExprKind::kCall ||
        callee.children[0].callee() == nullptr || callee.children[0].callee()->kind != ExprKind::kName ||
        callee.children[0].callee()->text != "super" || !ix.CallersOf(s.function->qualname).empty()) {
      return false;
    }
    const std::string& klass = s.klass->qualname;
    return std::any_of(requests.begin(), requests.end(), [&](const Request& o) {
      if (&o == &r || !o.match.object || o.match.object->type != r.match.object->type) return false;
      if (!o.match.object->subclass.empty()) return derives(o.match.object->subclass, klass);
      return o.site->scope.klass != nullptr && o.site->scope.klass != s.klass && derives(o.site->scope.klass->qualname, klass);
    });
  };
  {
    std::vector<bool> drop(requests.size(), false);
    for (size_t i = 0; i < requests.size(); ++i) drop[i] = pass_through(requests[i]);
    size_t k = 0;
    for (size_t i = 0; i < requests.size(); ++i) {
      if (drop[i]) continue;
      if (k != i) requests[k] = std::move(requests[i]);
      ++k;
    }
    requests.resize(k);
  }

  // Scraping marks, one function at a time (call sites are in file and position order, so a function's requests
  // are found by its qualified name and module).
  std::map<std::pair<const facts::ModuleFacts*, const facts::Function*>, std::vector<const Expr*>> by_function;
  for (const Request& r : requests) {
    if (r.site->scope.function != nullptr) {
      by_function[{r.site->scope.module, r.site->scope.function}].push_back(r.site->call);
    }
  }
  std::map<const Expr*, std::vector<std::string>> scraped;
  for (const auto& [key, calls] : by_function) {
    resolve::Scope scope = ix.ScopeOf(*key.first, key.second);
    for (auto& [call, marks] : ScrapeSignals(ctx, scope, calls, sites)) scraped[call] = marks;
  }

  for (Request& req : requests) {
    const resolve::CallSite& site = *req.site;
    const Match& m = req.match;
    const ruleset::ClientRule& client = *m.client;
    const ruleset::CallRule* rule = m.call;
    const ruleset::ClassRule* cls = m.object ? m.object->rule : nullptr;
    auto pick = [&](const std::string& from_call, const std::string ruleset::ClassRule::*field,
                    const std::string& from_client) {
      if (!from_call.empty()) return from_call;
      if (cls != nullptr && !(cls->*field).empty()) return cls->*field;
      return from_client;
    };
    std::string fixed_peer = pick(rule != nullptr ? rule->peer : "", &ruleset::ClassRule::peer, client.peer);
    if (rule != nullptr && rule->peer_arg.present()) {
      if (const Expr* a = site.call->arg(rule->peer_arg.arg, rule->peer_arg.kw)) {
        Value v = ix.Evaluate(*a, site.scope);
        if (v.kind == Value::Kind::kString && v.known && !v.text.empty()) fixed_peer = v.text;
      }
    }
    // An LLM call's provider, from its model name ("openai/gpt-4o-mini", a setting's default): the peer when neither
    // the rules nor the URL name one (rules: model_arg, model_providers).
    std::string model_peer;
    if (fixed_peer.empty() && !ctx.rules.model_providers.empty()) {
      const Expr* model = nullptr;
      resolve::Scope model_scope = site.scope;
      if (rule != nullptr && rule->model_arg.present()) model = site.call->arg(rule->model_arg.arg, rule->model_arg.kw);
      if (model == nullptr && m.object) {
        for (const resolve::CtorStep& step : m.object->chain) {
          if (step.rule == nullptr || step.call == nullptr || !step.rule->model_arg.present()) continue;
          model = step.call->arg(step.rule->model_arg.arg, step.rule->model_arg.kw);
          model_scope = step.scope;
        }
      }
      if (model != nullptr) {
        Value v = ix.Evaluate(*model, model_scope);
        std::string name = v.kind == Value::Kind::kString ? (v.known ? v.text : v.prefix) : "";
        for (const auto& [prefix, peer] : ctx.rules.model_providers) {
          if (!name.empty() && name.rfind(prefix, 0) == 0) {
            model_peer = peer;
            break;
          }
        }
      }
    }
    std::string kind = pick(rule != nullptr ? rule->kind : "", &ruleset::ClassRule::kind, client.kind);
    const bool graphql_body = kind == "http_call" && GraphQlBody(ctx, *site.call, site.scope);
    std::string transport = pick(rule != nullptr ? rule->transport : "", &ruleset::ClassRule::transport, client.transport);
    if (client.backend.present()) {
      std::string backend = BackendOf(ctx, client.backend, site, m);
      for (const ruleset::BackendChoice& c : client.backend.choices) {
        if (backend.empty() || !c.pattern->FullMatch(backend)) continue;
        fixed_peer = c.peer;
        if (!c.transport.empty()) transport = c.transport;
        // The provider's API endpoint (anymail's Mailgun backend posts to .../{sender_domain}/messages).
        if (!c.url.empty() && req.urls.empty()) {
          req.urls.push_back(RuleLiteral(c.url));
          req.library_default = true;
        }
        if (!c.method.empty() && !req.method) req.method = c.method;
        break;
      }
    }
    auto marks = scraped.find(site.call);
    bool xml_body = false;
    if (marks != scraped.end()) {
      for (const std::string& mark : marks->second) {
        if (mark == kXmlBody) {
          xml_body = true;
        } else {
          req.brittle.push_back(mark);
        }
      }
    }

    auto make = [&](const Value* url) {
      edges::Edge e;
      e.kind = kind;
      e.direction = "outbound";
      e.service = ctx.service;
      e.transport = transport;
      e.method = req.method;
      e.callee = m.callee;
      e.id_key = m.callee;
      e.location = ProvenanceOf(site.scope, *site.call);
      e.brittle = req.brittle;
      std::string transport_override;
      if (url != nullptr) {
        e.url = UrlFromValue(*url);
        e.peer = PeerFor(ctx, *url, fixed_peer, &transport_override);
        if (HostIsHardcoded(*url) && e.url->host && !req.library_default) e.brittle.push_back("hardcoded_url");
      } else if (!fixed_peer.empty()) {
        e.peer = fixed_peer;
      }
      if ((!e.peer || e.peer->empty()) && !model_peer.empty()) e.peer = model_peer;
      if (!transport_override.empty() && kind == "http_call") e.transport = transport_override;
      if (kind == "http_call" && e.transport == "REST JSON" && (graphql_body || (e.url && GraphQlPath(e.url->tmpl)))) {
        e.transport = "GraphQL";
      } else if (kind == "http_call" && e.transport == "REST JSON" && xml_body) {
        // Its body is read as XML: a feed when its URL (or the setting it comes from) says so.
        std::string where = e.url ? e.url->tmpl + " " + e.url->value.value_or("") : "";
        for (char& c : where) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        bool feed = where.find("rss") != std::string::npos || where.find("atom") != std::string::npos ||
                    where.find("feed") != std::string::npos || where.find("podcast") != std::string::npos;
        e.transport = feed ? "RSS" : "REST XML";
      }
      std::sort(e.brittle.begin(), e.brittle.end());
      e.brittle.erase(std::unique(e.brittle.begin(), e.brittle.end()), e.brittle.end());
      e.confidence = ConfidenceFor(url);
      out->push_back(std::move(e));
    };
    if (req.urls.empty()) {
      make(nullptr);
    } else {
      const std::optional<std::string> method = req.method;
      for (size_t i = 0; i < req.urls.size(); ++i) {
        req.method = i < req.url_methods.size() ? req.url_methods[i] : method;
        make(&req.urls[i]);
      }
    }
  }
}

}  // namespace edgescan::detect
