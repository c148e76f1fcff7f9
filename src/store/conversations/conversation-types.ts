import type { Message, Usage } from '../../ground/types.js';

/** The shapes of a saved conversation: its lines and the summary a listing shows. */

export interface StoredMessage extends Message {
  time: string;
  /** Images sent with the message (not stored). */
  imageCount?: number;
  provider?: string;
  model?: string;
  usage?: Usage;
}

export interface MetaLine {
  type: 'meta';
  name?: string;
  created: string;
  /** What the conversation is listed as: the first question, without piped input. */
  title?: string;
}

export type ConversationRecord = StoredMessage | MetaLine;

/** One line of a conversation file. */
export interface ConversationSummary {
  id: string;
  name?: string;
  title: string;
  updated: string;
  messages: number;
  provider?: string;
  model?: string;
}
