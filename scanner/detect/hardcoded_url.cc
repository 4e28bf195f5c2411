#include "detect/hardcoded_url.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <utility>

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;

namespace {

using LiteralsAt = std::map<std::pair<int, int>, const Expr*>;  // (line, column) -> outermost string literal

// Pre-order, so an f-string is recorded before its literal parts (which share its position).
void IndexExpr(const Expr& e, LiteralsAt* out) {
  if (e.kind == ExprKind::kString || e.kind == ExprKind::kFString) out->emplace(std::make_pair(e.line, e.column), &e);
  for (const Expr& c : e.children) IndexExpr(c, out);
}

void IndexStmts(const std::vector<facts::Stmt>& stmts, LiteralsAt* out) {
  facts::ForEachExprInStmts(stmts, [&](const Expr& e) {
    if (e.kind == ExprKind::kString || e.kind == ExprKind::kFString) out->emplace(std::make_pair(e.line, e.column), &e);
  });
}

// Every string literal of one module by position: module body, function bodies, parameter defaults, decorators,
// class bodies and bases. Built only for files an outbound edge's URL comes from.
LiteralsAt IndexModule(const facts::ModuleFacts& m) {
  LiteralsAt out;
  IndexStmts(m.body, &out);
  for (const facts::Function& f : m.functions) {
    for (const Expr& d : f.decorators) IndexExpr(d, &out);
    for (const facts::Param& p : f.params) {
      if (p.has_default) IndexExpr(p.default_value, &out);
    }
    IndexStmts(f.body, &out);
  }
  for (const facts::Class& c : m.classes) {
    for (const Expr& d : c.decorators) IndexExpr(d, &out);
    for (const Expr& b : c.bases) IndexExpr(b, &out);
    IndexStmts(c.body, &out);
  }
  return out;
}

// One URL literal some outbound edges use.
struct Use {
  Provenance at;
  std::string text;  // LiteralTemplate
  std::string host;
  const ruleset::UrlLiteralRule* denied_by = nullptr;
  bool hostless = false;      // neither the literal nor the call it reaches has a host
  std::vector<size_t> users;  // indexes of outbound edges
};

// A host spelled out in the literal: letters, digits, dots, dashes (or a bracketed IPv6 address). "%s" from a
// %-format literal, or an empty host, is not one.
bool IsHostName(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') return true;
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

bool HasBrittle(const edges::Edge& e, std::string_view kind) {
  return std::find(e.brittle.begin(), e.brittle.end(), kind) != e.brittle.end();
}

}  // namespace

std::string LiteralTemplate(const Expr& literal) {
  if (literal.kind == ExprKind::kString) return literal.text;
  std::string out;
  for (const Expr& part : literal.children) {
    if (part.kind == ExprKind::kString) {
      out += part.text;
    } else {
      std::string dotted = part.dotted();
      out += "{" + (dotted.empty() ? std::string("?") : dotted) + "}";
    }
  }
  return out;
}

bool IsUrlLiteral(const ruleset::UrlLiteralRules& rules, std::string_view text) {
  size_t sep = text.find("://");
  // A bare scheme ("https://" + HOST) is not a URL: the address is elsewhere.
  if (sep == std::string_view::npos || sep == 0 || sep > 16 || sep + 3 >= text.size()) return false;
  std::string scheme(text.substr(0, sep));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(rules.schemes.begin(), rules.schemes.end(), scheme) != rules.schemes.end();
}

const ruleset::UrlLiteralRule* DeniedBy(const ruleset::UrlLiteralRules& rules, std::string_view text,
                                        std::string_view host) {
  auto matches = [&](const ruleset::UrlLiteralRule& r) {
    if (r.host) return !host.empty() && r.host->FullMatch(host);
    return r.url && r.url->FullMatch(text);
  };
  for (const ruleset::UrlLiteralRule& r : rules.allow) {
    if (matches(r)) return nullptr;
  }
  for (const ruleset::UrlLiteralRule& r : rules.deny) {
    if (matches(r)) return &r;
  }
  return nullptr;
}

void HardcodedUrlDetector::Run(const DetectContext& ctx, std::vector<edges::Edge>* out) {
  const ruleset::UrlLiteralRules& rules = ctx.rules.url_literals;
  std::map<std::string, const facts::ModuleFacts*, std::less<>> by_path;
  for (const facts::ModuleFacts& m : ctx.index.modules()) by_path.emplace(m.path, &m);
  std::map<std::string, LiteralsAt, std::less<>> literals;  // by file, built on first use

  std::map<std::tuple<std::string, int, int>, Use> uses;  // ordered: edges come out in source order
  std::vector<bool> has_url_literal(out->size(), false), all_denied(out->size(), true);
  for (size_t i = 0; i < out->size(); ++i) {
    const edges::Edge& e = (*out)[i];
    if (e.direction != "outbound" || e.kind == "hardcoded_url" || !e.url) continue;
    for (const Provenance& o : e.url->origin) {
      auto module = by_path.find(o.file);
      if (module == by_path.end()) continue;
      auto file_literals = literals.find(o.file);
      if (file_literals == literals.end()) file_literals = literals.emplace(o.file, IndexModule(*module->second)).first;
      auto lit = file_literals->second.find({o.line, o.column});
      if (lit == file_literals->second.end()) continue;
      std::string text = LiteralTemplate(*lit->second);
      if (!IsUrlLiteral(rules, text)) continue;
      auto [it, fresh] = uses.try_emplace(std::make_tuple(o.file, o.line, o.column));
      Use& use = it->second;
      if (fresh) {
        use.at = o;
        use.text = text;
        use.host = resolve::HostOf(text);
        // A literal whose host is filled in (f"https://{DOMAIN}/v3", "https://%s/v3") is judged by the host the
        // call reaches.
        if (!IsHostName(use.host)) use.host = e.url->host.value_or("");
        use.denied_by = DeniedBy(rules, use.text, use.host);
        // ... and when that host is not known either (`'https://{url}/users/track'.format(url=settings.X)`), the
        // literal only fixes a path: the peer's address comes from configuration.
        use.hostless = use.host.empty();
      }
      if (use.users.empty() || use.users.back() != i) use.users.push_back(i);
      has_url_literal[i] = true;
      if (use.denied_by == nullptr && !use.hostless) all_denied[i] = false;
    }
  }

  // A call whose only URL literals are not linkages (localhost, a namespace) is not a hardcoded linkage either.
  for (size_t i = 0; i < has_url_literal.size(); ++i) {
    edges::Edge& e = (*out)[i];
    if (has_url_literal[i] && all_denied[i] && HasBrittle(e, "hardcoded_url")) {
      e.brittle.erase(std::remove(e.brittle.begin(), e.brittle.end(), "hardcoded_url"), e.brittle.end());
    }
  }

  std::vector<edges::Edge> found;
  for (const auto& [key, use] : uses) {
    if (use.denied_by != nullptr || use.hostless) continue;
    // The first user in source order names the peer and transport.
    size_t first = use.users.front();
    bool certain = false;
    for (size_t u : use.users) {
      const Provenance& a = (*out)[u].location;
      const Provenance& b = (*out)[first].location;
      if (std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column)) first = u;
      certain |= (*out)[u].confidence == "certain";
    }
    const edges::Edge& user = (*out)[first];
    edges::Edge e;
    e.kind = "hardcoded_url";
    e.direction = "outbound";
    e.service = ctx.service;
    e.peer = user.peer;
    e.transport = user.transport;
    edges::Url url;
    url.value = use.text;
    url.tmpl = use.text;
    if (!use.host.empty()) url.host = use.host;
    url.origin.push_back(use.at);
    e.url = std::move(url);
    e.brittle = {"hardcoded_url"};
    e.location = use.at;
    e.confidence = certain ? "certain" : "likely";
    found.push_back(std::move(e));
  }
  for (edges::Edge& e : found) out->push_back(std::move(e));
}

}  // namespace edgescan::detect
