#include "detect/scrape_signals.h"

#include <algorithm>
#include <set>

#include "detect/context.h"

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;

namespace {

const Expr& Strip(const Expr& e) {
  const Expr* x = &e;
  for (int i = 0; i < 8 && (x->kind == ExprKind::kAwait || x->kind == ExprKind::kNamedExpr) && !x->children.empty();
       ++i) {
    x = &x->children[0];
  }
  return *x;
}

void Flatten(const std::vector<Stmt>& stmts, std::vector<const Stmt*>* out, int depth) {
  if (depth > facts::kMaxStmtDepth) return;
  for (const Stmt& st : stmts) {
    out->push_back(&st);
    if (st.kind == StmtKind::kDef || st.kind == StmtKind::kClass) continue;
    Flatten(st.body, out, depth + 1);
    Flatten(st.orelse, out, depth + 1);
  }
}

// What a local name holds at a line: the latest binding before it (a binding to anything else clears it).
struct Taint {
  int line = 0;
  const Expr* request = nullptr;  // the request call whose response it derives from; nullptr = cleared
  bool tokenish = false;
};

class Names {
 public:
  void Bind(const std::string& name, Taint t) { by_name_[name].push_back(t); }
  const Taint* At(const std::string& name, int line) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return nullptr;
    const Taint* found = nullptr;
    for (const Taint& t : it->second) {
      if (t.line < line) found = &t;
    }
    return found != nullptr && found->request != nullptr ? found : nullptr;
  }

 private:
  std::map<std::string, std::vector<Taint>> by_name_;
};

class Analysis {
 public:
  Analysis(const DetectContext& ctx, const resolve::Scope& scope, const std::vector<const Expr*>& requests,
           const std::map<const Expr*, const resolve::CallSite*>& sites)
      : ctx_(ctx), rules_(ctx.rules.scrape), scope_(scope), requests_(requests.begin(), requests.end()), sites_(sites) {}

  std::map<const Expr*, std::vector<std::string>> Run() {
    std::vector<const Stmt*> flat;
    Flatten(scope_.function->body, &flat, 0);
    for (const Stmt* st : flat) {
      // Calls first (they read bindings made before this statement), then what the statement binds.
      for (const Expr& x : st->exprs) {
        facts::ForEachExpr(x, [&](const Expr& c) {
          if (c.kind == ExprKind::kCall) CheckCall(c);
        });
      }
      if (st->kind == StmtKind::kAssign && !st->exprs.empty()) {
        for (const Expr& t : st->targets) Bind(t, st->exprs[0], st->line);
      } else if (st->kind == StmtKind::kWith) {
        for (size_t i = 0; i < st->targets.size() && i < st->exprs.size(); ++i) Bind(st->targets[i], st->exprs[i], st->line);
      }
    }
    // token_scrape reaches back to earlier requests on the same client object in this function.
    std::set<const Expr*> token = token_;
    for (const Expr* r : token_) {
      std::string client = Receiver(*r);
      if (client.empty()) continue;
      for (const Expr* other : requests_) {
        if (other != r && other->line <= r->line && Receiver(*other) == client) token.insert(other);
      }
    }
    std::map<const Expr*, std::vector<std::string>> out;
    for (const Expr* r : html_) out[r].push_back("html_scrape");
    for (const Expr* r : xml_) {
      if (!html_.count(r)) out[r].push_back(kXmlBody);
    }
    for (const Expr* r : token) out[r].push_back("token_scrape");
    return out;
  }

 private:
  // `session` for `session.get(...)`: the name of the client object a request is made on.
  static std::string Receiver(const Expr& call) {
    const Expr* callee = call.callee();
    if (callee == nullptr || callee->kind != ExprKind::kAttribute || callee->children.empty()) return "";
    return callee->children[0].dotted();
  }

  std::string Qual(const Expr& e) const { return ctx_.index.QualifiedName(e, scope_); }

  bool Tokenish(const Expr& e) const {
    if (rules_.token_words == nullptr) return false;
    bool hit = false;
    facts::ForEachExpr(e, [&](const Expr& x) {
      if (hit) return;
      bool texty = x.kind == ExprKind::kString || x.kind == ExprKind::kName || x.kind == ExprKind::kAttribute ||
                   x.kind == ExprKind::kKeyword;
      hit = texty && rules_.token_words->PartialMatch(x.text);
    });
    return hit;
  }

  // The request whose response `e` is at `line`: the call itself (awaited or not) or a name bound to it.
  const Expr* ResponseOf(const Expr& e0, int line) const {
    const Expr& e = Strip(e0);
    if (requests_.count(&e)) return &e;
    if (e.kind == ExprKind::kName) {
      if (const Taint* t = responses_.At(e.text, line)) return t->request;
    }
    return nullptr;
  }

  // The request whose body `e` contains: resp.text / resp.content / resp.read() / a name holding a body or a parsed
  // document.
  const Expr* BodyIn(const Expr& e, int line) const {
    const Expr* found = nullptr;
    facts::ForEachExpr(e, [&](const Expr& x) {
      if (found != nullptr) return;
      if (x.kind == ExprKind::kAttribute && !x.children.empty() && In(rules_.body_attributes, x.text)) {
        found = ResponseOf(x.children[0], line);
      } else if (x.kind == ExprKind::kName) {
        if (const Taint* t = bodies_.At(x.text, line)) found = t->request;
      }
    });
    return found;
  }

  bool IsCompiledPattern(const Expr& e0) const {
    const Expr& e = Strip(e0);
    if (e.kind == ExprKind::kCall && e.callee() != nullptr) return In(rules_.regex_compilers, Qual(*e.callee()));
    if (e.kind == ExprKind::kName) return compiled_.count(e.text) > 0 || ModuleCompiled(e.text);
    return false;
  }

  bool ModuleCompiled(const std::string& name) const {
    if (scope_.module == nullptr) return false;
    const facts::ModuleFacts* where = nullptr;
    const Expr* bound = ctx_.index.ModuleBinding(*scope_.module, name, &where);
    if (bound == nullptr || bound->kind != ExprKind::kCall || bound->callee() == nullptr || where == nullptr) return false;
    resolve::Scope ms;
    ms.module = where;
    return In(rules_.regex_compilers, ctx_.index.QualifiedName(*bound->callee(), ms));
  }

  // A parser or regex call: its arguments are what it reads.
  bool IsSink(const Expr& call, bool* regex) const {
    const Expr* callee = call.callee();
    if (callee == nullptr) return false;
    std::string q = Qual(*callee);
    if (!q.empty() && In(rules_.html_parsers, q)) {
      // BeautifulSoup(body, "xml") reads an XML document (an RSS feed, a sitemap), not an HTML page.
      const Expr* features = call.arg(1, "features");
      if (features != nullptr && features->kind == ExprKind::kString &&
          (features->text == "xml" || features->text == "lxml-xml")) {
        return false;
      }
      *regex = false;
      return true;
    }
    if (!q.empty() && In(rules_.regex_functions, q)) {
      *regex = true;
      return true;
    }
    if (callee->kind == ExprKind::kAttribute && !callee->children.empty() && In(rules_.regex_methods, callee->text) &&
        IsCompiledPattern(callee->children[0])) {
      *regex = true;
      return true;
    }
    return false;
  }

  // An XML parser (rules: xml_parsers), or BeautifulSoup with its "xml" parser.
  bool IsXmlParse(const Expr& call) const {
    const Expr* callee = call.callee();
    if (callee == nullptr) return false;
    std::string q = Qual(*callee);
    if (q.empty()) return false;
    if (In(rules_.xml_parsers, q)) return true;
    const Expr* features = call.arg(1, "features");
    return In(rules_.html_parsers, q) && features != nullptr && features->kind == ExprKind::kString &&
           (features->text == "xml" || features->text == "lxml-xml");
  }

  const Expr* SinkInput(const Expr& call) const {
    for (size_t i = 1; i < call.children.size(); ++i) {
      if (const Expr* r = BodyIn(call.children[i], call.line)) return r;
    }
    return nullptr;
  }

  // A value pulled out of a response in `e`: a regex over its body, a lookup in its parsed document, its token
  // attributes (cookies, headers, the redirect URL), or a name holding such a value.
  const Expr* ExtractionIn(const Expr& e, int line, bool* inherited_tokenish) const {
    const Expr* found = nullptr;
    facts::ForEachExpr(e, [&](const Expr& x) {
      if (found != nullptr) return;
      if (x.kind == ExprKind::kCall) {
        bool regex = false;
        if (IsSink(x, &regex) && regex) found = SinkInput(x);
        const Expr* callee = x.callee();
        if (found == nullptr && callee != nullptr && callee->kind == ExprKind::kAttribute && !callee->children.empty() &&
            In(rules_.lookups, callee->text)) {
          found = BodyIn(callee->children[0], line);
        }
      } else if (x.kind == ExprKind::kAttribute && !x.children.empty() && In(rules_.token_attributes, x.text)) {
        found = ResponseOf(x.children[0], line);
      } else if (x.kind == ExprKind::kName) {
        if (const Taint* t = extracted_.At(x.text, line)) {
          found = t->request;
          *inherited_tokenish = t->tokenish;
        }
      }
    });
    return found;
  }

  void CheckCall(const Expr& c) {
    bool regex = false;
    if (IsSink(c, &regex)) {
      if (const Expr* r = SinkInput(c)) html_.insert(r);
    } else if (IsXmlParse(c)) {
      if (const Expr* r = SinkInput(c)) xml_.insert(r);
    }
    // A later call sending an extracted token: another request, or the repo's own code (which may send it).
    bool sends = requests_.count(&c) > 0;
    if (!sends) {
      auto it = sites_.find(&c);
      sends = it != sites_.end() && !it->second->target().empty();
    }
    if (!sends) return;
    for (size_t i = 1; i < c.children.size(); ++i) {
      bool inherited = false;
      const Expr* r = ExtractionIn(c.children[i], c.line, &inherited);
      if (r != nullptr && r != &c && (inherited || Tokenish(c.children[i]))) token_.insert(r);
    }
  }

  void Bind(const Expr& target, const Expr& value, int line) {
    if (target.kind != ExprKind::kName) return;
    const std::string& name = target.text;
    const Expr& v = Strip(value);
    responses_.Bind(name, Taint{line, requests_.count(&v) ? &v : nullptr, false});
    const Expr* body = BodyIn(value, line);
    if (body == nullptr && v.kind == ExprKind::kCall) {
      bool regex = false;
      if (IsSink(v, &regex)) body = SinkInput(v);
    }
    bodies_.Bind(name, Taint{line, body, false});
    bool inherited = false;
    const Expr* extracted = ExtractionIn(value, line, &inherited);
    bool tokenish = extracted != nullptr && (inherited || Tokenish(value) || Tokenish(target));
    extracted_.Bind(name, Taint{line, extracted, tokenish});
    if (v.kind == ExprKind::kCall && v.callee() != nullptr && In(rules_.regex_compilers, Qual(*v.callee()))) {
      compiled_.insert(name);
    }
  }

  const DetectContext& ctx_;
  const ruleset::ScrapeRules& rules_;
  const resolve::Scope& scope_;
  std::set<const Expr*> requests_;
  const std::map<const Expr*, const resolve::CallSite*>& sites_;
  Names responses_, bodies_, extracted_;
  std::set<std::string> compiled_;
  std::set<const Expr*> html_, token_, xml_;
};

}  // namespace

std::map<const Expr*, std::vector<std::string>> ScrapeSignals(
    const DetectContext& context, const resolve::Scope& function, const std::vector<const Expr*>& requests,
    const std::map<const Expr*, const resolve::CallSite*>& sites) {
  if (function.function == nullptr || requests.empty()) return {};
  return Analysis(context, function, requests, sites).Run();
}

}  // namespace edgescan::detect
