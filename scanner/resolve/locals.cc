#include "resolve/internal/locals.h"

#include <algorithm>
#include <type_traits>

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

// Statements with the block that holds each (a block = one body or orelse list; block 0 is the function's body),
// and each block's enclosing block (parents[0] = -1).
void FlattenWithBlocks(const std::vector<Stmt>& stmts, int block, int depth, LocalsIndex* index,
                       std::vector<std::pair<const Stmt*, int>>* out) {
  if (depth > facts::kMaxStmtDepth) return;
  for (const Stmt& st : stmts) {
    out->emplace_back(&st, block);
    if (st.kind == StmtKind::kDef || st.kind == StmtKind::kClass) continue;
    int body = -1;
    for (const std::vector<Stmt>* inner : {&st.body, &st.orelse}) {
      if (inner->empty()) continue;
      int id = static_cast<int>(index->parents.size());
      index->parents.push_back(block);
      bool alternative = st.kind == StmtKind::kIf && inner == &st.orelse;
      index->is_else.push_back(alternative);
      index->other_branch.push_back(alternative ? body : -1);
      if (alternative && body >= 0) index->other_branch[static_cast<size_t>(body)] = id;
      if (st.kind == StmtKind::kIf && inner == &st.body) body = id;
      FlattenWithBlocks(*inner, id, depth + 1, index, out);
    }
  }
}

// Whether block `outer` is `inner` or encloses it.
bool Encloses(int outer, int inner, const std::vector<int>& parents) {
  for (int b = inner; b >= 0; b = parents[static_cast<size_t>(b)]) {
    if (b == outer) return true;
  }
  return false;
}

// Whether block `b` sits in the body of an `if` whose else branch holds block `use` (`if draft: key = a` / `else:
// key = b + key`: the else branch never sees a).
bool OtherBranch(int b, int use, const LocalsIndex& locals) {
  for (int x = b; x > 0; x = locals.parents[static_cast<size_t>(x)]) {
    int alternative = locals.other_branch[static_cast<size_t>(x)];
    if (!locals.is_else[static_cast<size_t>(x)] && alternative >= 0 && Encloses(alternative, use, locals.parents)) {
      return true;
    }
  }
  return false;
}

// Whether an expression is text written in the source: a literal, an f-string, `"..." + x`, `"%s" % x`,
// `"...".format(x)` (what `url += ...` appends to a URL; `results += response["results"]` extends a list).
bool StringText(const Expr& e) {
  const Expr* x = &e;
  while (x->kind == ExprKind::kBinOp && !x->children.empty()) x = &x->children[0];
  if (x->kind == ExprKind::kCall && x->callee() != nullptr && x->callee()->kind == ExprKind::kAttribute &&
      x->callee()->text == "format" && !x->callee()->children.empty()) {
    x = &x->callee()->children[0];
  }
  return x->kind == ExprKind::kString || x->kind == ExprKind::kFString;
}

}  // namespace

LocalsIndex IndexLocals(const facts::Function& fn) {
  LocalsIndex index;
  std::vector<std::pair<const Stmt*, int>> flat;
  index.parents.push_back(-1);
  index.is_else.push_back(false);
  index.other_branch.push_back(-1);
  FlattenWithBlocks(fn.body, 0, 0, &index, &flat);
  index.lines.reserve(flat.size());
  for (const auto& [st, block] : flat) index.lines.emplace_back(st->line, block);
  // A statement's own expressions end on their last line (`url = (\n url.rstrip("/"))` reads url inside itself).
  auto last_line = [](const Stmt* st) {
    int last = st->line;
    for (const std::vector<Expr>* list : {&st->targets, &st->exprs}) {
      for (const Expr& root : *list) facts::ForEachExpr(root, [&](const Expr& x) { last = std::max(last, x.line); });
    }
    return last;
  };
  auto add = [&](std::string_view name, const Stmt* st, int block, LocalBinding b) {
    index.entries.push_back({name, st, block, b, last_line(st)});
  };
  for (const auto& [st, block] : flat) {
    if (st->kind == StmtKind::kAssign && !st->exprs.empty()) {
      const Expr& v = st->exprs[0];
      for (const Expr& t : st->targets) {
        if (t.kind == ExprKind::kName) {
          add(t.text, st, block, LocalBinding{&v, nullptr, false});
        } else if (t.kind == ExprKind::kTuple || t.kind == ExprKind::kList) {
          bool parallel = (v.kind == ExprKind::kTuple || v.kind == ExprKind::kList) &&
                          v.children.size() == t.children.size();
          for (size_t i = 0; i < t.children.size(); ++i) {
            if (t.children[i].kind != ExprKind::kName) continue;
            add(t.children[i].text, st, block, LocalBinding{parallel ? &v.children[i] : nullptr, nullptr, !parallel});
          }
        }
      }
    } else if (st->kind == StmtKind::kAugAssign && st->op == "+=" && !st->targets.empty() && !st->exprs.empty() &&
               st->targets[0].kind == ExprKind::kName && StringText(st->exprs[0])) {
      const Expr& t = st->targets[0];
      auto sum = std::make_unique<Expr>();
      sum->kind = ExprKind::kBinOp;
      sum->text = "+";
      sum->line = st->line;
      sum->column = t.column;
      Expr before;
      before.kind = ExprKind::kName;
      before.text = t.text;
      before.line = st->line;
      before.column = t.column;
      sum->children.push_back(std::move(before));
      sum->children.push_back(st->exprs[0]);
      LocalBinding b{sum.get(), nullptr, false};
      b.augmented = true;
      add(t.text, st, block, b);
      index.made.push_back(std::move(sum));
    } else if (st->kind == StmtKind::kWith) {
      for (size_t i = 0; i < st->targets.size() && i < st->exprs.size(); ++i) {
        const Expr& t = st->targets[i];
        if (t.kind == ExprKind::kName) add(t.text, st, block, LocalBinding{nullptr, &st->exprs[i], false});
      }
    } else if (st->kind == StmtKind::kFor) {
      for (const Expr& t : st->targets) {
        // One binding per name the target mentions, however often.
        std::vector<std::string_view> names;
        facts::ForEachExpr(t, [&](const Expr& x) {
          if (x.kind == ExprKind::kName && std::find(names.begin(), names.end(), x.text) == names.end()) {
            names.push_back(x.text);
          }
        });
        for (std::string_view n : names) {
          LocalBinding b{nullptr, nullptr, true};
          if (!st->exprs.empty()) {
            if (t.kind == ExprKind::kName) {
              b.loop_iterable = &st->exprs[0];
            } else if (t.kind == ExprKind::kTuple || t.kind == ExprKind::kList) {
              // `for name, url in X`: the name is one part of every element (a dict's items, enumerate, zip).
              for (size_t i = 0; i < t.children.size(); ++i) {
                if (t.children[i].kind == ExprKind::kName && t.children[i].text == n) {
                  b.loop_iterable = &st->exprs[0];
                  b.loop_index = static_cast<int>(i);
                }
              }
            }
          }
          add(n, st, block, b);
        }
      }
    }
  }
  // Assignment expressions (`if path := urlparse(root).path:`): bound at their statement to their value.
  for (const auto& [st, block] : flat) {
    auto walrus = [&](const Expr& root) {
      facts::ForEachExpr(root, [&](const Expr& x) {
        if (x.kind == ExprKind::kNamedExpr && !x.children.empty()) add(x.text, st, block, LocalBinding{&x.children[0], nullptr, false});
      });
    };
    for (const Expr& x : st->exprs) walrus(x);
  }
  // Comprehension targets (`[fetch(u) for u in settings.FEEDS]`, `{k: v for k, v in X.items()}`): bound at their
  // statement, like a loop's (the comprehension's own scope is not told apart from the function's).
  for (const auto& [st, block] : flat) {
    auto clauses = [&](const Expr& root) {
      facts::ForEachExpr(root, [&](const Expr& x) {
        if (x.kind != ExprKind::kForIn || x.children.size() != 2) return;
        const Expr& t = x.children[0];
        if (t.kind == ExprKind::kName) {
          LocalBinding b{nullptr, nullptr, true};
          b.loop_iterable = &x.children[1];
          add(t.text, st, block, b);
        } else if (t.kind == ExprKind::kTuple || t.kind == ExprKind::kList) {
          for (size_t i = 0; i < t.children.size(); ++i) {
            if (t.children[i].kind != ExprKind::kName) continue;
            LocalBinding b{nullptr, nullptr, true};
            b.loop_iterable = &x.children[1];
            b.loop_index = static_cast<int>(i);
            add(t.children[i].text, st, block, b);
          }
        }
      });
    };
    for (const Expr& x : st->exprs) clauses(x);
    for (const Expr& x : st->targets) clauses(x);
  }
  std::stable_sort(index.entries.begin(), index.entries.end(),
                   [](const LocalsIndex::Entry& a, const LocalsIndex::Entry& b) { return a.name < b.name; });
  index.entries.shrink_to_fit();
  return index;
}

namespace {

// Whether the bindings in `blocks` (each made before the use) run on every way to a use in block `use`: one sits in
// a block enclosing the use, or an `if` enclosing it binds in its body and in its `else` (an elif chain counts when
// each of its branches binds).
bool BindsOnEveryWay(const LocalsIndex& locals, std::vector<int> blocks, int use) {
  auto has = [&](int b) { return std::find(blocks.begin(), blocks.end(), b) != blocks.end(); };
  // Fold complete if/else pairs into the block holding the `if`, innermost first (block ids grow with depth).
  for (int b = static_cast<int>(locals.parents.size()) - 1; b > 0; --b) {
    int body = locals.other_branch[static_cast<size_t>(b)];
    if (!locals.is_else[static_cast<size_t>(b)] || body < 0 || !has(b) || !has(body)) continue;
    int parent = locals.parents[static_cast<size_t>(b)];
    if (!has(parent)) blocks.push_back(parent);
  }
  for (int b : blocks) {
    if (Encloses(b, use, locals.parents)) return true;
  }
  return false;
}

}  // namespace

std::vector<LocalBinding> FindLocals(const LocalsIndex& locals, std::string_view name, int line, bool* falls_through) {
  if (falls_through != nullptr) *falls_through = true;
  auto [first, last] = std::equal_range(
      locals.entries.begin(), locals.entries.end(), name,
      [](const auto& a, const auto& b) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, std::string_view>) {
          return a < b.name;
        } else {
          return a.name < b;
        }
      });
  if (first == last) return {};
  // The block of the innermost statement starting at or before the use (statements are in source order).
  auto at = std::upper_bound(locals.lines.begin(), locals.lines.end(), line,
                             [](int l, const std::pair<int, int>& s) { return l < s.first; });
  int use = at == locals.lines.begin() ? 0 : std::prev(at)->second;
  std::vector<std::pair<LocalBinding, int>> before;
  std::vector<LocalBinding> any;
  for (auto it = first; it != last; ++it) {
    // A statement reading the name inside itself reads the value from before it (`path = path.lstrip("/")`).
    bool inside = it->stmt->line <= line && line <= it->last_line && it->binding.value != nullptr;
    if (inside) continue;
    if (it->stmt->line < line && !OtherBranch(it->block, use, locals)) {
      // A binding replaces the earlier ones in its own block or in blocks nested inside it; ones in other branches
      // (`if: url = a` / `else: url = b`) still reach.
      std::erase_if(before, [&](const auto& earlier) { return Encloses(it->block, earlier.second, locals.parents); });
      before.emplace_back(it->binding, it->block);
    }
    // Later (a loop may carry it around) or on the line, unless in the other branch of an `if` holding the use.
    if (it->stmt->line >= line && !OtherBranch(use, it->block, locals)) any.push_back(it->binding);
  }
  if (falls_through != nullptr && !before.empty()) {
    std::vector<int> blocks;
    for (const auto& [b, block] : before) blocks.push_back(block);
    *falls_through = !BindsOnEveryWay(locals, std::move(blocks), use);
  }
  // Latest first: the binding nearest the use leads.
  std::vector<LocalBinding> out;
  if (before.empty()) {
    out = std::move(any);
  } else {
    for (const auto& [b, p] : before) out.push_back(b);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

LocalBinding FindLocal(const LocalsIndex& locals, std::string_view name, int line) {
  std::vector<LocalBinding> all = FindLocals(locals, name, line);
  return all.empty() ? LocalBinding{} : all.front();
}

}  // namespace edgescan::resolve
