// Binding: a module-level name's binding (assignment, import, def, class, star import). Private to resolve/.
#ifndef EDGESCAN_RESOLVE_INTERNAL_BINDING_H_
#define EDGESCAN_RESOLVE_INTERNAL_BINDING_H_

#include "facts/module_facts.h"

namespace edgescan::resolve {

// A module-level binding of a name.
struct Binding {
  enum class Kind { kNone, kAssign, kImport, kDef, kClass, kStar } kind = Kind::kNone;
  const facts::Expr* value = nullptr;  // kAssign: the bound expression (nullptr when not knowable, e.g. unpacking)
  // kAssign by unpacking (`extract, transform = factory(config)`): the whole value and this name's position in it.
  const facts::Expr* unpacked = nullptr;
  int unpack_index = -1;
  const facts::Import* import = nullptr;
  int index = -1;                  // kDef / kClass
  int line = 0;
};

}  // namespace edgescan::resolve

#endif  // EDGESCAN_RESOLVE_INTERNAL_BINDING_H_
