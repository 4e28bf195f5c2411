#include "resolve/internal/locals.h"

namespace edgescan::resolve {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;

void FlattenBody(const std::vector<Stmt>& stmts, std::vector<const Stmt*>* out, int depth) {
  if (depth > facts::kMaxStmtDepth) return;
  for (const Stmt& st : stmts) {
    out->push_back(&st);
    if (st.kind == StmtKind::kDef || st.kind == StmtKind::kClass) continue;
    FlattenBody(st.body, out, depth + 1);
    FlattenBody(st.orelse, out, depth + 1);
  }
}

LocalBinding FindLocal(const facts::Function& fn, const std::string& name, int line) {
  std::vector<const Stmt*> flat;
  FlattenBody(fn.body, &flat);
  LocalBinding before, any;
  bool have_before = false, have_any = false;
  auto record = [&](const Stmt* st, LocalBinding b) {
    if (st->line < line) {
      before = b;
      have_before = true;
    }
    any = b;
    have_any = true;
  };
  for (const Stmt* st : flat) {
    if (st->kind == StmtKind::kAssign && !st->exprs.empty()) {
      const Expr& v = st->exprs[0];
      for (const Expr& t : st->targets) {
        if (t.kind == ExprKind::kName && t.text == name) {
          record(st, LocalBinding{&v, nullptr, false});
        } else if (t.kind == ExprKind::kTuple || t.kind == ExprKind::kList) {
          for (size_t i = 0; i < t.children.size(); ++i) {
            if (t.children[i].kind != ExprKind::kName || t.children[i].text != name) continue;
            bool parallel = (v.kind == ExprKind::kTuple || v.kind == ExprKind::kList) &&
                            v.children.size() == t.children.size();
            record(st, LocalBinding{parallel ? &v.children[i] : nullptr, nullptr, !parallel});
          }
        }
      }
    } else if (st->kind == StmtKind::kWith) {
      for (size_t i = 0; i < st->targets.size() && i < st->exprs.size(); ++i) {
        const Expr& t = st->targets[i];
        if (t.kind == ExprKind::kName && t.text == name) record(st, LocalBinding{nullptr, &st->exprs[i], false});
      }
    } else if (st->kind == StmtKind::kFor) {
      for (const Expr& t : st->targets) {
        bool hit = false;
        facts::ForEachExpr(t, [&](const Expr& x) { hit |= x.kind == ExprKind::kName && x.text == name; });
        if (hit) record(st, LocalBinding{nullptr, nullptr, true});
      }
    }
  }
  if (have_before) return before;
  if (have_any) return any;
  return LocalBinding{};
}

}  // namespace edgescan::resolve
