import type { ToolSpec } from '../ground/types.js';

/**
 * The model's arguments as an object, checked against the basics of the tool's JSON Schema
 * (an object, its required properties, their primitive types). A model that sends anything
 * else gets this error as its result, never a crash.
 */
export function checkArguments(spec: ToolSpec, text: string): { args: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { error: `the arguments are not JSON: ${text.slice(0, 200)}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'the arguments must be a JSON object' };
  const args = value as Record<string, unknown>;
  const schema = spec.parameters as { required?: unknown; properties?: Record<string, { type?: unknown }> };
  const required = Array.isArray(schema.required) ? schema.required.filter((n): n is string => typeof n === 'string') : [];
  const missing = required.filter((name) => args[name] === undefined);
  if (missing.length > 0) return { error: `missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (args[name] === undefined || typeof property?.type !== 'string') continue;
    if (!matchesType(args[name], property.type)) return { error: `argument ${name} must be ${property.type}` };
  }
  return { args };
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}
