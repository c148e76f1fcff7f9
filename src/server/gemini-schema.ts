type Json = Record<string, unknown>;

/** Keywords of Gemini's `Schema` that JSON Schema spells the same (googleapis/js-genai src/types.ts `Schema`). */
const SAME = ['format', 'title', 'description', 'enum', 'maxItems', 'minItems', 'required', 'minimum', 'maximum', 'default', 'pattern', 'minLength', 'maxLength', 'minProperties', 'maxProperties'];

/**
 * Gemini's `Schema` (an OpenAPI 3.0 subset: upper-case `type`, `nullable`, `propertyOrdering`)
 * as the JSON Schema every provider here takes. `parametersJsonSchema`/`responseJsonSchema`
 * are JSON Schema already and go on as given.
 */
export function jsonSchemaOf(schema: unknown): Json {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const s = schema as Json;
  const out: Json = {};
  if (typeof s.type === 'string' && s.type !== 'TYPE_UNSPECIFIED') {
    const type = s.type.toLowerCase();
    // OpenAPI's `nullable` is JSON Schema's type list with "null".
    out.type = s.nullable === true ? [type, 'null'] : type;
  }
  for (const key of SAME) if (s[key] !== undefined) out[key] = s[key];
  if (s.properties && typeof s.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(s.properties as Json).map(([name, value]) => [name, jsonSchemaOf(value)]));
  }
  if (s.items !== undefined) out.items = jsonSchemaOf(s.items);
  if (Array.isArray(s.anyOf)) out.anyOf = s.anyOf.map(jsonSchemaOf);
  return out;
}
