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

// Statements with the path of blocks that holds each (a block = one body or orelse list, numbered in visit order).
void FlattenWithBlocks(const std::vector<Stmt>& stmts, std::vector<int>* path, int* next_block,
                       std::vector<std::pair<const Stmt*, std::vector<int>>>* out) {
  if (static_cast<int>(path->size()) > facts::kMaxStmtDepth) return;
  for (const Stmt& st : stmts) {
    out->emplace_back(&st, *path);
    if (st.kind == StmtKind::kDef || st.kind == StmtKind::kClass) continue;
    for (const std::vector<Stmt>* block : {&st.body, &st.orelse}) {
      if (block->empty()) continue;
      path->push_back((*next_block)++);
      FlattenWithBlocks(*block, path, next_block, out);
      path->pop_back();
    }
  }
}

bool IsPrefix(const std::vector<int>& prefix, const std::vector<int>& path) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace

std::vector<LocalBinding> FindLocals(const facts::Function& fn, const std::string& name, int line) {
  std::vector<std::pair<const Stmt*, std::vector<int>>> flat;
  std::vector<int> path;
  int next_block = 0;
  FlattenWithBlocks(fn.body, &path, &next_block, &flat);
  std::vector<std::pair<LocalBinding, const std::vector<int>*>> before;
  std::vector<LocalBinding> any;
  auto record = [&](const Stmt* st, const std::vector<int>& depth, LocalBinding b) {
    if (st->line < line) {
      // A binding replaces the earlier ones in its own block or in blocks nested inside it; ones in other branches
      // (`if: url = a` / `else: url = b`) still reach.
      std::erase_if(before, [&](const auto& earlier) { return IsPrefix(depth, *earlier.second); });
      before.emplace_back(b, &depth);
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
        if (!hit) continue;
        LocalBinding b{nullptr, nullptr, true};
        if (t.kind == ExprKind::kName && !st->exprs.empty()) b.loop_iterable = &st->exprs[0];
        record(st, depth, b);
      }
    }
  }
  // Latest first: the binding nearest the use leads.
  std::vector<LocalBinding> out;
  if (before.empty()) {
    out = any;
  } else {
    for (const auto& [b, p] : before) out.push_back(b);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

LocalBinding FindLocal(const facts::Function& fn, const std::string& name, int line) {
  std::vector<LocalBinding> all = FindLocals(fn, name, line);
  return all.empty() ? LocalBinding{} : all.front();
}

}  // namespace edgescan::resolve
