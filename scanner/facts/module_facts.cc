#include "facts/module_facts.h"

namespace edgescan::facts {

std::vector<const Expr*> Expr::positional() const {
  std::vector<const Expr*> out;
  if (kind != ExprKind::kCall) return out;
  for (size_t i = 1; i < children.size(); ++i) {
    ExprKind k = children[i].kind;
    if (k == ExprKind::kKeyword || k == ExprKind::kStarred || k == ExprKind::kDoubleStarred) continue;
    out.push_back(&children[i]);
  }
  return out;
}

const Expr* Expr::keyword(std::string_view name) const {
  if (kind != ExprKind::kCall) return nullptr;
  for (size_t i = 1; i < children.size(); ++i) {
    const Expr& c = children[i];
    if (c.kind == ExprKind::kKeyword && c.text == name && !c.children.empty()) return &c.children[0];
  }
  return nullptr;
}

const Expr* Expr::arg(int position, std::string_view name) const {
  if (!name.empty()) {
    if (const Expr* k = keyword(name)) return k;
  }
  if (position < 0) return nullptr;
  // A *args before the position makes positions unknowable.
  int seen = 0;
  for (size_t i = 1; i < children.size(); ++i) {
    ExprKind k = children[i].kind;
    if (k == ExprKind::kStarred) return nullptr;
    if (k == ExprKind::kKeyword || k == ExprKind::kDoubleStarred) continue;
    if (seen == position) return &children[i];
    ++seen;
  }
  return nullptr;
}

bool Expr::has_starred_args() const {
  for (size_t i = 1; i < children.size(); ++i) {
    if (children[i].kind == ExprKind::kStarred || children[i].kind == ExprKind::kDoubleStarred) return true;
  }
  return false;
}

std::string Expr::dotted() const {
  if (kind == ExprKind::kName) return text;
  if (kind == ExprKind::kAttribute && !children.empty()) {
    std::string base = children[0].dotted();
    if (base.empty()) return "";
    return base + "." + text;
  }
  return "";
}

std::string ModuleNameForPath(std::string_view path) {
  std::string p(path);
  if (p.size() >= 3 && p.compare(p.size() - 3, 3, ".py") == 0) p.resize(p.size() - 3);
  const std::string init = "__init__";
  if (p == init) return "";
  if (p.size() > init.size() && p.compare(p.size() - init.size(), init.size(), init) == 0 &&
      p[p.size() - init.size() - 1] == '/') {
    p.resize(p.size() - init.size() - 1);
  }
  for (char& c : p) {
    if (c == '/') c = '.';
  }
  return p;
}

}  // namespace edgescan::facts
