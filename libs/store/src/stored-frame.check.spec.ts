import { storedFrameProblem } from './stored-frame.check';
import { clampLimit } from './store.limits';
import { StoredSessionBuilder } from './testing/stored-frame.fixtures';

describe('storedFrameProblem', () => {
  const [frame] = new StoredSessionBuilder({ sid: 'a:b', startMs: Date.UTC(2025, 0, 1) }).start().frames;

  it('accepts a well-formed frame, also when the sid contains colons', () => {
    expect(storedFrameProblem(frame)).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(storedFrameProblem({ ...frame, id: 'a:b:1' })).toMatch(/id/);
    expect(storedFrameProblem({ ...frame, seq: -1 })).toMatch(/seq/);
    expect(storedFrameProblem({ ...frame, type: 'input' })).toMatch(/match/);
    expect(storedFrameProblem({ ...frame, tsMicros: Number.NaN })).toMatch(/tsMicros/);
    expect(storedFrameProblem({ ...frame, hash: '' })).toMatch(/hash/);
  });
});

describe('clampLimit', () => {
  it('defaults, floors and clamps', () => {
    expect(clampLimit(undefined, 50, 500)).toBe(50);
    expect(clampLimit(Number.NaN, 50, 500)).toBe(50);
    expect(clampLimit(0, 50, 500)).toBe(1);
    expect(clampLimit(7.9, 50, 500)).toBe(7);
    expect(clampLimit(10_000, 50, 500)).toBe(500);
  });
});
