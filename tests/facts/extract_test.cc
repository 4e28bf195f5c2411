#include "facts/extract.h"

#include <gtest/gtest.h>

#include "parse/python_parser.h"
#include "testing/fixture_runner.h"

namespace edgescan::facts {
namespace {

using edgescan::testing::FactsFor;

TEST(ExtractFacts, ImportsWithAliasesAndRelativeModules) {
  ModuleFacts m = FactsFor("shop/feeds/client.py",
                           "import requests as r\nimport os.path\nfrom requests import get as fetch\n"
                           "from . import models\nfrom ..core.settings import *\nfrom .util import join, split as sp\n"
                           "def f():\n    import httpx\n");
  EXPECT_EQ(m.module, "shop.feeds.client");
  std::vector<std::tuple<std::string, std::string, std::string>> got;
  for (const Import& i : m.imports) got.emplace_back(i.local, i.target, i.scope);
  std::vector<std::tuple<std::string, std::string, std::string>> want = {
      {"r", "requests", ""},
      {"os", "os", ""},
      {"", "os.path", ""},
      {"fetch", "requests.get", ""},
      {"models", "shop.feeds.models", ""},
      {"*", "shop.core.settings", ""},
      {"join", "shop.feeds.util.join", ""},
      {"sp", "shop.feeds.util.split", ""},
      {"httpx", "httpx", "shop.feeds.client.f"},
  };
  EXPECT_EQ(got, want);
}

TEST(ExtractFacts, PackageInitRelativeImport) {
  ModuleFacts m = FactsFor("shop/settings/__init__.py", "from .base import *\n");
  EXPECT_EQ(m.module, "shop.settings");
  ASSERT_EQ(m.imports.size(), 1u);
  EXPECT_EQ(m.imports[0].target, "shop.settings.base");
}

TEST(ExtractFacts, DefinitionsHaveQualifiedNamesDecoratorsAndParams) {
  ModuleFacts m = FactsFor("app/tasks.py",
                           "@shared_task(bind=True)\ndef pull(self, url, *args, retries=3, **kw):\n"
                           "    '''Pull the feed.'''\n    def inner():\n        pass\n\n"
                           "class Client(Base):\n    base = 'x'\n    async def get(self, path='/'):\n        pass\n");
  ASSERT_EQ(m.functions.size(), 3u);
  EXPECT_EQ(m.functions[0].qualname, "app.tasks.pull");
  EXPECT_EQ(m.functions[0].docstring, "Pull the feed.");
  ASSERT_EQ(m.functions[0].decorators.size(), 1u);
  EXPECT_EQ(m.functions[0].decorators[0].kind, ExprKind::kCall);
  ASSERT_EQ(m.functions[0].params.size(), 5u);
  EXPECT_EQ(m.functions[0].params[2].kind, ParamKind::kVarArgs);
  EXPECT_EQ(m.functions[0].params[3].kind, ParamKind::kKeywordOnly);
  EXPECT_TRUE(m.functions[0].params[3].has_default);
  EXPECT_EQ(m.functions[0].params[4].kind, ParamKind::kKwArgs);
  EXPECT_EQ(m.functions[1].qualname, "app.tasks.pull.inner");
  EXPECT_EQ(m.functions[1].parent, "app.tasks.pull");
  EXPECT_EQ(m.functions[2].qualname, "app.tasks.Client.get");
  EXPECT_EQ(m.functions[2].class_qualname, "app.tasks.Client");
  EXPECT_TRUE(m.functions[2].is_async);
  EXPECT_EQ(m.functions[0].line, 2);  // the def line, after decorators
  ASSERT_EQ(m.classes.size(), 1u);
  EXPECT_EQ(m.classes[0].bases[0].text, "Base");
}

TEST(ExtractFacts, StringsAreDecodedAndFStringsSplit) {
  ModuleFacts m = FactsFor("a.py",
                           "A = 'it\\'s\\n'\nB = r'\\d+'\nC = 'a' 'b'\nD = f'{base}/api/{x!r:>4}'\nE = b'\\x41'\n"
                           "F = 'caf\\u00e9'\n");
  ASSERT_EQ(m.body.size(), 6u);
  EXPECT_EQ(m.body[0].exprs[0].text, "it's\n");
  EXPECT_EQ(m.body[1].exprs[0].text, "\\d+");
  EXPECT_EQ(m.body[2].exprs[0].text, "ab");
  const Expr& d = m.body[3].exprs[0];
  ASSERT_EQ(d.kind, ExprKind::kFString);
  ASSERT_EQ(d.children.size(), 3u);
  EXPECT_EQ(d.children[0].kind, ExprKind::kName);
  EXPECT_EQ(d.children[1].text, "/api/");
  EXPECT_EQ(d.children[2].text, "x");
  EXPECT_EQ(m.body[4].exprs[0].text, "A");
  EXPECT_EQ(m.body[5].exprs[0].text, "caf\xc3\xa9");
}

TEST(ExtractFacts, CallArgumentsAndPositions) {
  ModuleFacts m = FactsFor("a.py", "x = 1\nr.get(URL, *rest, timeout=5, **kw)\n");
  const Expr& call = m.body[1].exprs[0];
  ASSERT_EQ(call.kind, ExprKind::kCall);
  EXPECT_EQ(call.line, 2);
  EXPECT_EQ(call.column, 1);
  EXPECT_EQ(call.callee()->dotted(), "r.get");
  EXPECT_EQ(call.arg(0, "url")->text, "URL");
  EXPECT_EQ(call.arg(1, ""), nullptr);  // behind *rest: unknowable
  EXPECT_EQ(call.keyword("timeout")->text, "5");
  EXPECT_TRUE(call.has_starred_args());
}

TEST(ExtractFacts, StatementsKeepConditionalBlocks) {
  ModuleFacts m = FactsFor("s.py", "if DEBUG:\n    A = 1\nelif X:\n    A = 2\nelse:\n    A = 3\n"
                                   "try:\n    B = 1\nexcept Exception:\n    B = 2\nwith open(p) as f:\n    C = f\n");
  ASSERT_EQ(m.body.size(), 3u);
  EXPECT_EQ(m.body[0].kind, StmtKind::kIf);
  ASSERT_EQ(m.body[0].orelse.size(), 1u);
  EXPECT_EQ(m.body[0].orelse[0].kind, StmtKind::kIf);
  EXPECT_EQ(m.body[0].orelse[0].orelse.size(), 1u);
  EXPECT_EQ(m.body[1].kind, StmtKind::kTry);
  EXPECT_EQ(m.body[1].orelse.size(), 1u);
  EXPECT_EQ(m.body[2].kind, StmtKind::kWith);
  EXPECT_EQ(m.body[2].targets[0].text, "f");
}

TEST(ExtractFacts, DeepNestingIsCutWithOneDiagnostic) {
  ModuleFacts m = FactsFor("d.py", "x = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n");
  ASSERT_EQ(m.diagnostics.size(), 1u);
  EXPECT_NE(m.diagnostics[0].message.find("nesting deeper"), std::string::npos);
}

// A subscript keeps its value and each index expression, and nothing else: `a[x, y]`, `d["k", 1]`, `a[x, 1:2]`, a
// trailing comma (the commas between indexes are not indexes).
TEST(ExtractFacts, SubscriptIndexesAreTheExpressionsOnly) {
  ModuleFacts m = FactsFor("app/m.py", "a[x, y]\nd[\"k\", 1]\na[x, 1:2]\na[x,]\na[x]\n");
  ASSERT_EQ(m.body.size(), 5u);
  auto shape = [](const Stmt& st) {
    std::string out;
    const Expr& e = st.exprs.at(0);
    EXPECT_EQ(e.kind, ExprKind::kSubscript);
    for (const Expr& c : e.children) {
      if (!out.empty()) out += " | ";
      out += c.kind == ExprKind::kSlice ? "slice" : c.text;
    }
    return out;
  };
  EXPECT_EQ(shape(m.body[0]), "a | x | y");
  EXPECT_EQ(shape(m.body[1]), "d | k | 1");
  EXPECT_EQ(shape(m.body[2]), "a | x | slice");
  EXPECT_EQ(shape(m.body[3]), "a | x");
  EXPECT_EQ(shape(m.body[4]), "a | x");
}

TEST(ExtractFacts, ComparisonsKeepTheirOperators) {
  // module_facts.h: a kCompare's text is its operators joined by spaces ("not in" and "is not" as two words).
  ModuleFacts m = FactsFor("app/m.py",
                           "a == 'get'\na != b\na in ('x', 'y')\na not in c\na is not None\n0 < a <= 10\n"
                           "a  not   in  c\n");
  ASSERT_EQ(m.body.size(), 7u);
  const char* const expected[] = {"==", "!=", "in", "not in", "is not", "< <=", "not in"};
  for (size_t i = 0; i < m.body.size(); ++i) {
    const Expr& e = m.body[i].exprs.at(0);
    EXPECT_EQ(e.kind, ExprKind::kCompare) << i;
    EXPECT_EQ(e.text, expected[i]) << i;
    EXPECT_EQ(e.children.size(), i == 5 ? 3u : 2u) << i;
  }
}

TEST(ExtractFacts, TypeHintsAreKept) {
  ModuleFacts m = FactsFor("app/m.py",
                           "def f(a, b: Client, c: 'Fwd' = None, *args: int, d: x.Y | None = None) -> Optional[B]:\n"
                           "    pass\n"
                           "def g(): pass\n");
  ASSERT_EQ(m.functions.size(), 2u);
  const Function& f = m.functions[0];
  ASSERT_EQ(f.params.size(), 5u);
  EXPECT_TRUE(f.params[0].annotation.text.empty());  // none
  EXPECT_EQ(f.params[0].annotation.kind, ExprKind::kOther);
  EXPECT_EQ(f.params[1].annotation.kind, ExprKind::kName);
  EXPECT_EQ(f.params[1].annotation.text, "Client");
  EXPECT_EQ(f.params[2].annotation.kind, ExprKind::kString);
  EXPECT_EQ(f.params[2].annotation.text, "Fwd");
  EXPECT_TRUE(f.params[2].has_default);
  EXPECT_EQ(f.params[3].kind, ParamKind::kVarArgs);
  EXPECT_EQ(f.params[3].annotation.text, "int");
  EXPECT_EQ(f.params[4].annotation.kind, ExprKind::kBinOp);
  EXPECT_EQ(f.params[4].annotation.text, "|");
  EXPECT_EQ(f.returns.kind, ExprKind::kSubscript);
  ASSERT_EQ(f.returns.children.size(), 2u);
  EXPECT_EQ(f.returns.children[0].text, "Optional");
  EXPECT_EQ(f.returns.children[1].text, "B");
  EXPECT_TRUE(m.functions[1].returns.text.empty());
  EXPECT_EQ(m.functions[1].returns.kind, ExprKind::kOther);
}

// Python 3.14's `except A, B:` (PEP 758) and Python 2's `except A, e:` are parenthesised before parsing: one line
// each, the same line numbers, and the rest of the module parses.
TEST(ParenthesizeExceptLists, Table) {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"    except TypeError, ValueError:\n", "    except(TypeError, ValueError):\n"},
      {"except* A, B:  # group\n", "except*(A, B):  # group\n"},
      {"    except A, e: pass\n", "    except(A, e): pass\n"},
      {"    except (A, B):\n", "    except (A, B):\n"},          // already a tuple
      {"    except (A, B), e:\n", "    except((A, B), e):\n"},  // Python 2 binding a tuple's exception
      {"    except A as e:\n", "    except A as e:\n"},
      {"    except (A,\n            B):\n", "    except (A,\n            B):\n"},  // spans lines
      {"    except:\n", "    except:\n"},
      {"    exceptions = f(a, b):\n", "    exceptions = f(a, b):\n"},
      {"    except A, B  # 'x, y:'\n", "    except A, B  # 'x, y:'\n"},  // no ':' before the comment
      {"x = 'except A, B:'\n", "x = 'except A, B:'\n"},
  };
  for (const Row& r : rows) {
    std::string s = r.in;
    parse::ParenthesizeExceptLists(&s);
    EXPECT_EQ(s, r.out) << r.in;
  }
}

TEST(ExtractFacts, UnparenthesizedExceptListParses) {
  ModuleFacts m = FactsFor(
      "app/status.py",
      "import requests\n"
      "def f():\n"
      "    try:\n"
      "        pass\n"
      "    except ConnectionError, TimeoutError:\n"
      "        requests.get('https://status.example.org', timeout=5)\n");
  EXPECT_FALSE(m.has_errors);
  ASSERT_EQ(m.functions.size(), 1u);
  ASSERT_EQ(m.functions[0].body.size(), 1u);
  ASSERT_EQ(m.functions[0].body[0].kind, StmtKind::kTry);
  ASSERT_FALSE(m.functions[0].body[0].orelse.empty());
  EXPECT_EQ(m.functions[0].body[0].orelse[0].line, 6);  // the handler's call keeps its line
}

TEST(ModuleNameForPath, Table) {
  EXPECT_EQ(ModuleNameForPath("a/b/c.py"), "a.b.c");
  EXPECT_EQ(ModuleNameForPath("a/b/__init__.py"), "a.b");
  EXPECT_EQ(ModuleNameForPath("__init__.py"), "");
  EXPECT_EQ(ModuleNameForPath("manage.py"), "manage");
}

}  // namespace
}  // namespace edgescan::facts
