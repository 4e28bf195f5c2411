// A JSON Schema (draft-04) checker for the keywords the SARIF 2.1.0 schema uses, for tests.
//
// nlohmann_json has no validator and the project takes no other library, so this covers exactly: type, enum,
// required, properties, additionalProperties, items, minItems, uniqueItems, minimum, maximum, pattern (RE2),
// format (uri, uri-reference, date-time), anyOf, oneOf, allOf, not and local $ref ("#/definitions/x"). Annotation
// keywords (title, description, default, id, $schema, definitions) are ignored. Any other keyword in a schema is
// reported as an error rather than skipped, so a schema this checker cannot fully apply never passes silently.
//
//   std::vector<std::string> errors = ValidateJsonSchema(schema, document);   // "" paths are JSON pointers
//   EXPECT_TRUE(errors.empty()) << errors.front();
#ifndef EDGESCAN_TESTS_TESTING_JSON_SCHEMA_H_
#define EDGESCAN_TESTS_TESTING_JSON_SCHEMA_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace edgescan::testing {

// Every violation as "<json pointer>: <what>", at most `max_errors`; empty when the document is valid.
std::vector<std::string> ValidateJsonSchema(const nlohmann::json& schema, const nlohmann::json& document,
                                            size_t max_errors = 20);

}  // namespace edgescan::testing

#endif  // EDGESCAN_TESTS_TESTING_JSON_SCHEMA_H_
