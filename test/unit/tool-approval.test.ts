import { describe, expect, it } from 'vitest';
import { ApprovalPolicy, answerOfKey, type ApprovalAnswer, type ApprovalPrompt } from '../../src/tools/approval.js';

/** A person at the terminal who presses these keys in turn; what they were shown is kept. */
function personPressing(...keys: string[]): ApprovalPrompt & { shown: string[] } {
  const shown: string[] = [];
  return {
    shown,
    async ask(text): Promise<ApprovalAnswer> {
      shown.push(text);
      const key = keys.shift();
      if (key === undefined) throw new Error('asked more often than expected');
      return answerOfKey(key);
    },
  };
}

describe('answerOfKey: only y and a approve', () => {
  it('Enter never approves, nor does any key but y and a', () => {
    for (const key of ['\r', '\n', '\r\n', '', ' ', 'n', 'N', 'x', 'e', '\x1b', '\x1b[A', '1', 'ý', 'z']) {
      expect(answerOfKey(key), JSON.stringify(key)).toBe('no');
    }
  });

  it('y is yes and a is always, either case', () => {
    expect(answerOfKey('y')).toBe('yes');
    expect(answerOfKey('Y')).toBe('yes');
    expect(answerOfKey('a')).toBe('always');
    expect(answerOfKey('A')).toBe('always');
  });

  it('Ctrl-C stops', () => {
    expect(answerOfKey('\x03')).toBe('interrupted');
  });

  it('only the first key of a burst counts: a paste starting with Enter is no', () => {
    expect(answerOfKey('\ry')).toBe('no');
    expect(answerOfKey('ny')).toBe('no');
    expect(answerOfKey('yes')).toBe('yes');
  });
});

describe('ApprovalPolicy', () => {
  it('Enter at the prompt means no: the call does not run', async () => {
    const person = personPressing('\r');
    const policy = new ApprovalPolicy([], person);
    expect(await policy.decide('run_command', 'run_command rm -rf ~')).toEqual({ run: false, why: 'denied' });
    expect(person.shown).toEqual(['run_command rm -rf ~']);
  });

  it('y runs this call only; the next one is asked again', async () => {
    const person = personPressing('y', '\r');
    const policy = new ApprovalPolicy([], person);
    expect(await policy.decide('read_file', 'one')).toEqual({ run: true, ahead: false });
    expect(await policy.decide('read_file', 'two')).toEqual({ run: false, why: 'denied' });
    expect(person.shown).toEqual(['one', 'two']);
  });

  it('a approves this tool for the rest of the run, and only this tool', async () => {
    const person = personPressing('a', 'n');
    const policy = new ApprovalPolicy([], person);
    expect(await policy.decide('read_file', 'one')).toEqual({ run: true, ahead: false });
    expect(await policy.decide('read_file', 'two')).toEqual({ run: true, ahead: true });
    expect(await policy.decide('run_command', 'three')).toEqual({ run: false, why: 'denied' });
    expect(person.shown).toEqual(['one', 'three']);
  });

  it('Ctrl-C at the prompt stops without running, and approves nothing for later', async () => {
    const person = personPressing('\x03', 'n');
    const policy = new ApprovalPolicy([], person);
    expect(await policy.decide('run_command', 'x')).toEqual({ run: false, why: 'interrupted' });
    expect(await policy.decide('run_command', 'x')).toEqual({ run: false, why: 'denied' });
  });

  it('without a terminal to ask on, nothing unapproved runs', async () => {
    const policy = new ApprovalPolicy(['read_file']);
    expect(await policy.decide('run_command', 'x')).toEqual({ run: false, why: 'no-terminal' });
    expect(await policy.decide('read_file', 'x')).toEqual({ run: true, ahead: true });
  });

  it('--approve names a tool, a whole server, or all', () => {
    const policy = new ApprovalPolicy(['read_file', 'files']);
    expect(policy.approvedAhead('read_file')).toBe(true);
    expect(policy.approvedAhead('files__write')).toBe(true);
    expect(policy.approvedAhead('run_command')).toBe(false);
    expect(policy.approvedAhead('files')).toBe(true);
    expect(policy.approvedAhead('other__files')).toBe(false);
    expect(policy.approvedAhead('filesystem__read')).toBe(false);
    expect(new ApprovalPolicy(['all']).approvedAhead('anything__at_all')).toBe(true);
  });

  it('a tool whose name merely starts like an approved one is not approved', () => {
    const policy = new ApprovalPolicy(['read']);
    expect(policy.approvedAhead('read_file')).toBe(false);
    expect(policy.approvedAhead('read__file')).toBe(true);
    expect(new ApprovalPolicy(['x__y']).approvedAhead('x__y__z')).toBe(false);
  });
});
