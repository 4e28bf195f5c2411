#include "resolve/internal/locals.h"

#include <algorithm>

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

namespace {

void FlattenWithDepth(const std::vector<Stmt>& stmts, int depth, std::vector<std::pair<const Stmt*, int>>* out) {
  if (depth > facts::kMaxStmtDepth) return;
  for (const Stmt& st : stmts) {
    out->emplace_back(&st, depth);
    if (st.kind == StmtKind::kDef || st.kind == StmtKind::kClass) continue;
    FlattenWithDepth(st.body, depth + 1, out);
    FlattenWithDepth(st.orelse, depth + 1, out);
  }
}

}  // namespace

std::vector<LocalBinding> FindLocals(const facts::Function& fn, const std::string& name, int line) {
  std::vector<std::pair<const Stmt*, int>> flat;
  FlattenWithDepth(fn.body, 0, &flat);
  std::vector<LocalBinding> before, any;
  auto record = [&](const Stmt* st, int depth, LocalBinding b) {
    if (st->line < line) {
      if (depth == 0) before.clear();  // an unconditional binding replaces what came before
      before.push_back(b);
    }
    any.push_back(b);
  };
  for (const auto& [st, depth] : flat) {
    if (st->kind == StmtKind::kAssign && !st->exprs.empty()) {
      const Expr& v = st->exprs[0];
      for (const Expr& t : st->targets) {
        if (t.kind == ExprKind::kName && t.text == name) {
          record(st, depth, LocalBinding{&v, nullptr, false});
        } else if (t.kind == ExprKind::kTuple || t.kind == ExprKind::kList) {
          for (size_t i = 0; i < t.children.size(); ++i) {
            if (t.children[i].kind != ExprKind::kName || t.children[i].text != name) continue;
            bool parallel = (v.kind == ExprKind::kTuple || v.kind == ExprKind::kList) &&
                            v.children.size() == t.children.size();
            record(st, depth, LocalBinding{parallel ? &v.children[i] : nullptr, nullptr, !parallel});
          }
        }
      }
    } else if (st->kind == StmtKind::kWith) {
      for (size_t i = 0; i < st->targets.size() && i < st->exprs.size(); ++i) {
        const Expr& t = st->targets[i];
        if (t.kind == ExprKind::kName && t.text == name) record(st, depth, LocalBinding{nullptr, &st->exprs[i], false});
      }
    } else if (st->kind == StmtKind::kFor) {
      for (const Expr& t : st->targets) {
        bool hit = false;
        facts::ForEachExpr(t, [&](const Expr& x) { hit |= x.kind == ExprKind::kName && x.text == name; });
        if (hit) record(st, depth, LocalBinding{nullptr, nullptr, true});
      }
    }
  }
  // Latest first: the binding nearest the use leads.
  std::vector<LocalBinding> out = before.empty() ? any : before;
  std::reverse(out.begin(), out.end());
  return out;
}

LocalBinding FindLocal(const facts::Function& fn, const std::string& name, int line) {
  std::vector<LocalBinding> all = FindLocals(fn, name, line);
  return all.empty() ? LocalBinding{} : all.front();
}

}  // namespace edgescan::resolve
