import { describe, expect, it } from 'vitest';
import { streamChain } from '../../src/core/chain/chain.js';
import { CpuAllowance, PROOF_OF_WORK_CPU_MS } from '../../src/ground/cpu-allowance.js';
import { HttpStatusError } from '../../src/ground/errors.js';
import { chainOptions, drain, failing, link, publicProvider, request } from '../unit/fakes.js';

const outOfCredits = () => new HttpStatusError(402, 'insufficient_credits');

describe('the proof-of-work allowance is one per run of the chain', () => {
  it('every provider and retry of one run gets the same allowance; another run gets its own', async () => {
    const first = publicProvider('route1', { scripts: [failing(outOfCredits())] });
    const second = publicProvider('route2', { scripts: [failing(outOfCredits())] });
    await drain(streamChain([link(first, 'public'), link(second, 'public')], request(), chainOptions()));
    const shared = first.calls[0]!.ctx.proofOfWork;
    expect(shared).toBeInstanceOf(CpuAllowance);
    expect(shared!.limitMs).toBe(PROOF_OF_WORK_CPU_MS);
    expect(second.calls.map((c) => c.ctx.proofOfWork)).toEqual([shared]);
    expect(second.calls[0]!.ctx.proofOfWork).toBe(shared);
    await drain(streamChain([link(first, 'public')], request(), chainOptions()));
    expect(first.calls[1]!.ctx.proofOfWork).not.toBe(shared);
  });

  it('an allowance the caller passes (one ask run, many answers) is the one every provider gets', async () => {
    const route = publicProvider('route1', { scripts: [failing(outOfCredits())] });
    const allowance = new CpuAllowance(PROOF_OF_WORK_CPU_MS);
    await drain(streamChain([link(route, 'public')], request(), { ...chainOptions(), proofOfWork: allowance }));
    await drain(streamChain([link(route, 'public')], request(), { ...chainOptions(), proofOfWork: allowance }));
    expect(route.calls.map((c) => c.ctx.proofOfWork === allowance)).toEqual([true, true]);
  });
});
