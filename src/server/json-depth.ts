/**
 * The deepest nesting a request body may have. Real tool schemas nest a dozen levels; V8's
 * JSON.stringify (which sends the body upstream) recurses and overflows the stack at a few
 * thousand, as do the recursive walks over schemas. 128 is serde_json's default limit.
 */
export const MAX_JSON_DEPTH = 128;

/** How a field path is written: OpenAI's `tools[0].function.parameters`, Anthropic's `tools.0.input_schema`. */
export type PathStyle = 'brackets' | 'dots';

/** Keys whose values are free-form JSON (schemas, arguments, content): a path is named down to the first of them. */
const FREE_FORM = new Set(['parameters', 'input_schema', 'schema', 'json_schema', 'arguments', 'input', 'output', 'content', 'metadata']);
/** Without one, the path is named this many steps deep. */
const NAMED_STEPS = 4;

interface Pending {
  value: unknown;
  depth: number;
  key: string | number | undefined;
  parent: Pending | undefined;
}

/**
 * The field of `root` holding a value nested deeper than `max` (objects and arrays count), or
 * undefined. Walked with a stack of its own, so that no depth overflows this walk either.
 */
export function tooDeepField(root: unknown, max: number, style: PathStyle): string | undefined {
  if (!isContainer(root)) return undefined;
  const stack: Pending[] = [{ value: root, depth: 0, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at.depth >= max) return fieldName(pathTo(at), style);
    const depth = at.depth + 1;
    // Only objects and arrays are pushed: a body of many short strings costs no allocation per value.
    if (Array.isArray(at.value)) {
      for (let i = 0; i < at.value.length; i++) if (isContainer(at.value[i])) stack.push({ value: at.value[i], depth, key: i, parent: at });
    } else {
      const object = at.value as Record<string, unknown>;
      for (const key in object) if (isContainer(object[key])) stack.push({ value: object[key], depth, key, parent: at });
    }
  }
  return undefined;
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

function pathTo(at: Pending): Array<string | number> {
  const path: Array<string | number> = [];
  for (let node: Pending | undefined = at; node?.key !== undefined; node = node.parent) path.push(node.key);
  return path.reverse();
}

function fieldName(path: Array<string | number>, style: PathStyle): string {
  const end = path.findIndex((key) => typeof key === 'string' && FREE_FORM.has(key));
  const named = path.slice(0, end === -1 ? NAMED_STEPS : end + 1);
  if (named.length === 0) return 'the request body';
  return named.map((key, i) => (typeof key === 'number' && style === 'brackets' ? `[${key}]` : `${i > 0 ? '.' : ''}${key}`)).join('');
}
