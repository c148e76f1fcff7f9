import type { ImageInput } from '../ground/types.js';

/** A server's `sampling/createMessage`, as facts for the one who answers it (cli/ asks the user). */
export interface SamplingRequest {
  server: string;
  systemPrompt?: string;
  messages: Array<{ role: 'user' | 'assistant'; text: string; images: ImageInput[] }>;
  maxTokens: number;
  temperature?: number;
  /** `modelPreferences.hints[].name`: a hint only, never a reason to reach another provider. */
  modelHints: string[];
}

export type SamplingAnswer = { text: string; model: string } | { declined: string };

/** A value of an elicitation form: `array` fields (multi-select) give a list of the chosen values. */
export type ElicitationValue = string | number | boolean | string[];

/** A field of an elicitation form, from the restricted JSON Schema the specification allows. */
export interface ElicitationField {
  name: string;
  /** `array`: a multi-select (`items.enum`, or `items.anyOf` with `const`/`title`). */
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array';
  title?: string;
  description?: string;
  required: boolean;
  default?: ElicitationValue;
  /** Allowed values (`enum`, or `oneOf` with `const`/`title`; for an array, of its items). */
  choices?: Array<{ value: string; title: string }>;
  /** How many values a multi-select takes (`minItems`, `maxItems`). */
  minItems?: number;
  maxItems?: number;
  /** True when the field asks for a password, key, token or the like. */
  secretLooking: boolean;
}

export type ElicitationRequest =
  | { server: string; mode: 'form'; message: string; fields: ElicitationField[] }
  | { server: string; mode: 'url'; message: string; url: string };

export type ElicitationAnswer = { action: 'accept'; content?: Record<string, ElicitationValue> } | { action: 'decline' | 'cancel' };

/** What a running call reports: `notifications/progress`, or a task's status message. */
export interface ToolProgress {
  progress?: number;
  total?: number;
  message?: string;
}

/**
 * What the user's side offers servers. Every server sees these capabilities (so its tool list
 * does not depend on who runs it); without a handler a request is declined.
 */
export interface McpHost {
  /** Absolute folders offered as roots: the working folder and each `--root`. */
  roots?: () => readonly string[];
  sample?: (request: SamplingRequest, signal: AbortSignal) => Promise<SamplingAnswer>;
  elicit?: (request: ElicitationRequest, signal: AbortSignal) => Promise<ElicitationAnswer>;
}

const SECRET_LOOKING = /pass(word|phrase|wd|code)|secret|token|api[-_ ]?key|private[-_ ]?key|\bkey\b|credential/i;

/** True when a field's name, title or description asks for something like a password or key. */
export function looksSecret(...texts: Array<string | undefined>): boolean {
  return texts.some((text) => typeof text === 'string' && SECRET_LOOKING.test(text));
}
