// The tree-sitter-go node-type and field names mapguard relies on, in one
// place: the grammar is pinned (tree-sitter-go 0.25.0), and a grammar change
// must show up here and in fixtures, not as silent misses in rules.

export const T = {
  sourceFile: "source_file",
  packageClause: "package_clause",
  packageIdentifier: "package_identifier",
  comment: "comment",
  error: "ERROR",

  functionDeclaration: "function_declaration",
  methodDeclaration: "method_declaration",
  funcLiteral: "func_literal",
  parameterList: "parameter_list",
  parameterDeclaration: "parameter_declaration",
  variadicParameterDeclaration: "variadic_parameter_declaration",

  varDeclaration: "var_declaration",
  varSpec: "var_spec",
  varSpecList: "var_spec_list",
  constDeclaration: "const_declaration",
  constSpec: "const_spec",
  typeDeclaration: "type_declaration",
  typeSpec: "type_spec",
  typeAlias: "type_alias",
  importDeclaration: "import_declaration",
  importSpec: "import_spec",
  importSpecList: "import_spec_list",
  dot: "dot",

  block: "block",
  statementList: "statement_list",
  shortVarDeclaration: "short_var_declaration",
  assignmentStatement: "assignment_statement",
  incStatement: "inc_statement",
  decStatement: "dec_statement",
  expressionStatement: "expression_statement",
  returnStatement: "return_statement",
  ifStatement: "if_statement",
  forStatement: "for_statement",
  forClause: "for_clause",
  rangeClause: "range_clause",
  expressionSwitchStatement: "expression_switch_statement",
  typeSwitchStatement: "type_switch_statement",
  selectStatement: "select_statement",
  expressionCase: "expression_case",
  typeCase: "type_case",
  defaultCase: "default_case",
  communicationCase: "communication_case",
  labeledStatement: "labeled_statement",
  gotoStatement: "goto_statement",
  goStatement: "go_statement",
  deferStatement: "defer_statement",
  receiveStatement: "receive_statement",
  sendStatement: "send_statement",

  expressionList: "expression_list",
  identifier: "identifier",
  blankIdentifier: "blank_identifier",
  nil: "nil",
  callExpression: "call_expression",
  argumentList: "argument_list",
  indexExpression: "index_expression",
  selectorExpression: "selector_expression",
  unaryExpression: "unary_expression",
  binaryExpression: "binary_expression",
  parenthesizedExpression: "parenthesized_expression",
  compositeLiteral: "composite_literal",
  intLiteral: "int_literal",
  literalValue: "literal_value",
  keyedElement: "keyed_element",
  literalElement: "literal_element",
  typeConversionExpression: "type_conversion_expression",
  typeInstantiationExpression: "type_instantiation_expression",

  mapType: "map_type",
  typeIdentifier: "type_identifier",
  genericType: "generic_type",
  parenthesizedType: "parenthesized_type",
  qualifiedType: "qualified_type",
  pointerType: "pointer_type",
  structType: "struct_type",
  fieldDeclarationList: "field_declaration_list",
  fieldDeclaration: "field_declaration",
  fieldIdentifier: "field_identifier",
} as const;

export const F = {
  name: "name",
  type: "type",
  value: "value",
  body: "body",
  parameters: "parameters",
  result: "result",
  receiver: "receiver",
  channel: "channel",
  left: "left",
  right: "right",
  operator: "operator",
  operand: "operand",
  index: "index",
  field: "field",
  function: "function",
  arguments: "arguments",
  condition: "condition",
  consequence: "consequence",
  alternative: "alternative",
  initializer: "initializer",
  update: "update",
  alias: "alias",
  key: "key",
  tag: "tag",
  path: "path",
  package: "package",
} as const;

/** Anonymous tokens the model looks at. */
export const TOKEN = {
  assign: "=",
  define: ":=",
  addressOf: "&",
  equal: "==",
  notEqual: "!=",
  increment: "++",
  decrement: "--",
  receive: "<-",
} as const;

/** Statements that open a scope of their own in Go (besides blocks). */
export const SCOPED_STATEMENTS: ReadonlySet<string> = new Set([
  T.ifStatement,
  T.forStatement,
  T.expressionSwitchStatement,
  T.typeSwitchStatement,
  T.selectStatement,
  T.expressionCase,
  T.typeCase,
  T.defaultCase,
  T.communicationCase,
]);

/** Statements and declarations, as opposed to expressions and types (the grammar's naming convention). */
export function isStatementType(type: string): boolean {
  return (
    type.endsWith("_statement") ||
    type.endsWith("_declaration") ||
    type === T.block ||
    type === T.statementList ||
    SCOPED_STATEMENTS.has(type)
  );
}
