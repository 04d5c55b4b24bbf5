#!/usr/bin/env node
// Checks Neo4j Cypher queries with Neo4j's own parser and semantic analyser
// (npm @neo4j-cypher/language-support), without a Neo4j server.
//
// Usage: node check.mjs [input.json]        (reads standard input without a file)
//
// Input:  {"schema": {DbSchema fields}, "queries": [{"name": "...", "text": "..."}]}
// Output: one line per diagnostic, `name:line:col: severity: message` (1-based line
//         and column inside the query text), then `cypher-check: N queries, M diagnostics`.
// Exit:   0 when no query has a diagnostic, 1 when any has one (warnings count:
//         an unknown label is a warning for the analyser and a bug for us),
//         2 when the input is malformed or the analyser is not working.
//
// DbSchema fields the package reads: labels, relationshipTypes (unknown ones are
// reported only when BOTH are given), propertyKeys (unknown keys read from nodes and
// relationships), graphSchema ([{from, to, relType}]: patterns the model cannot
// match), functions and procedures ({"CYPHER 5": {name: signature record}}: calls to
// anything not listed are errors, but only when the registry is given at all),
// defaultLanguage ("CYPHER 5" or "CYPHER 25") and parameters.
// When the schema has no `functions` / `procedures`, this script supplies Neo4j's
// built-ins from the catalogue the pinned package ships (a dump of a real server),
// so that an unknown function is always reported. APOC and GDS are left out on
// purpose: the project does not use them.

import { readFileSync } from 'node:fs';
import {
  isNotParamError,
  lintCypherQuery,
  testData,
} from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5';
// Procedures in the shipped catalogue carry no built-in flag; these namespaces
// are the server's own (the rest are the apoc.* and gds.* plugins).
const BUILTIN_PROCEDURE_NAMESPACES = ['db.', 'dbms.', 'tx.', 'cdc.'];
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const NOT_PRESENT = " is not present in the database. Make sure you didn't misspell it";

class InputError extends Error {}

function builtinCatalogue() {
  const dump = testData?.mockSchema;
  const functions = dump?.functions?.[CYPHER_VERSION];
  const procedures = dump?.procedures?.[CYPHER_VERSION];
  if (!functions || !procedures) {
    throw new InputError(
      `the installed @neo4j-cypher/language-support ships no ${CYPHER_VERSION} ` +
        'function/procedure catalogue (testData.mockSchema); pin the version in package.json',
    );
  }
  const builtinFunctions = Object.fromEntries(
    Object.entries(functions).filter(([, fn]) => fn.isBuiltIn === true),
  );
  const builtinProcedures = Object.fromEntries(
    Object.entries(procedures).filter(([name]) =>
      BUILTIN_PROCEDURE_NAMESPACES.some((ns) => name.startsWith(ns)),
    ),
  );
  for (const needed of ['count', 'collect', 'coalesce', 'toLower', 'size']) {
    if (!builtinFunctions[needed]) {
      throw new InputError(`the package's built-in catalogue lacks ${needed}()`);
    }
  }
  return {
    functions: { [CYPHER_VERSION]: builtinFunctions },
    procedures: { [CYPHER_VERSION]: builtinProcedures },
  };
}

function readInput(argv) {
  const source = argv[2] ?? '/dev/stdin';
  let doc;
  try {
    doc = JSON.parse(readFileSync(source, 'utf8'));
  } catch (err) {
    throw new InputError(`${source}: cannot read JSON: ${err.message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError(`${source}: expected an object with "schema" and "queries"`);
  }
  const { schema, queries } = doc;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new InputError(`${source}: "schema" must be an object (a DbSchema)`);
  }
  // Without these lists the package skips the checks silently.
  for (const field of ['labels', 'relationshipTypes', 'propertyKeys']) {
    if (!Array.isArray(schema[field])) {
      throw new InputError(`${source}: schema.${field} must be a list`);
    }
  }
  if (!Array.isArray(queries)) {
    throw new InputError(`${source}: "queries" must be a list`);
  }
  const seen = new Set();
  queries.forEach((q, i) => {
    if (q === null || typeof q !== 'object' || typeof q.name !== 'string' || q.name === '') {
      throw new InputError(`${source}: queries[${i}]: needs a non-empty string "name"`);
    }
    if (typeof q.text !== 'string') {
      throw new InputError(`${source}: queries[${i}] (${q.name}): "text" must be a string`);
    }
    if (seen.has(q.name)) {
      throw new InputError(`${source}: queries[${i}]: duplicate name ${q.name}`);
    }
    seen.add(q.name);
  });
  return { schema, queries };
}

// The package attributes every property key written inside a node or relationship
// pattern to that pattern's variable, so in `MATCH (o:X {id: row.org_id})` it
// reports `org_id` as an unknown key of `o`. Apply its own rule (only keys read
// from nodes and relationships are checked) to the variable the key is really read
// from: a parameter, or a variable typed other than node/relationship, is not
// checked against the property keys.
function isPatternValueAccess(diagnostic, text, symbolTables) {
  const { start, end } = diagnostic.offsets;
  const key = text.slice(start, end).replace(/^`|`$/g, '');
  if (!diagnostic.message.startsWith(key + NOT_PRESENT)) return false;
  let i = start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (text[i] !== '.') return false;
  i--;
  while (i >= 0 && /\s/.test(text[i])) i--;
  const varEnd = i + 1;
  let varStart;
  if (text[i] === '`') {
    varStart = text.lastIndexOf('`', i - 1);
    if (varStart < 0) return false;
  } else {
    while (i >= 0 && /[\p{L}\p{N}_]/u.test(text[i])) i--;
    varStart = i + 1;
    if (varStart === varEnd) return false;
  }
  if (text[varStart - 1] === '$') return true;
  const symbol = symbolTables
    .flat()
    .find((s) => s.references.includes(varStart) || s.definitionPosition === varStart);
  if (!symbol || symbol.types.length === 0) return false;
  return !symbol.types.every((t) => t === 'Node' || t === 'Relationship');
}

function lint(text, schema) {
  const { diagnostics, symbolTables } = lintCypherQuery(text, schema, {
    consoleCommandsEnabled: false,
  });
  return diagnostics
    .filter(isNotParamError) // queries take $parameters whose values come at run time
    .filter((d) => !isPatternValueAccess(d, text, symbolTables));
}

// The semantic analyser is a compiled Java module whose wrapper swallows its own
// exceptions; a broken analyser would pass every query. Prove it answers first.
function selfTest(schema) {
  // One call for the three probes: each lint call costs tens of milliseconds.
  const probe = 'MATCH (n) RETURN m, nosuchfunction(1);\nMATCH (n RETURN n';
  const expected = [
    'Variable `m` not defined',
    'Function nosuchfunction is not present',
    "Invalid input 'RETURN'",
  ];
  const messages = lint(probe, schema).map((d) => d.message);
  for (const want of expected) {
    if (!messages.some((m) => m.includes(want))) {
      throw new InputError(
        `analyser self-test failed: ${JSON.stringify(probe)} gave ` +
          `${JSON.stringify(messages)}, expected a diagnostic with ${JSON.stringify(want)}`,
      );
    }
  }
}

function format(name, d) {
  const severity = SEVERITY[d.severity] ?? `severity ${d.severity}`;
  const message = d.message.replace(/\s*\n\s*/g, ' ').trim();
  return `${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity}: ${message}`;
}

function main(argv) {
  const { schema: given, queries } = readInput(argv);
  const schema = { defaultLanguage: CYPHER_VERSION, ...given };
  if (!('functions' in given) || !('procedures' in given)) {
    const builtins = builtinCatalogue();
    schema.functions = given.functions ?? builtins.functions;
    schema.procedures = given.procedures ?? builtins.procedures;
  }
  selfTest(schema);
  let count = 0;
  for (const { name, text } of queries) {
    for (const d of lint(text, schema)) {
      console.log(format(name, d));
      count++;
    }
  }
  console.log(`cypher-check: ${queries.length} queries, ${count} diagnostics`);
  return count === 0 ? 0 : 1;
}

// Exit 1 means "the queries have diagnostics"; anything that stops the check itself
// must not look like that, so every failure exits 2.
try {
  process.exitCode = main(process.argv);
} catch (err) {
  console.error(`cypher-check: ${err instanceof InputError ? err.message : err.stack}`);
  process.exitCode = 2;
}
