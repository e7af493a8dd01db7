import { WasmTextScan } from './text-scan';

describe('WasmTextScan', () => {
  it('says why it cannot run instead of throwing', () => {
    expect(WasmTextScan.create(new Uint8Array(10))).toBe('tables of 10 bytes, not 66560');
  });

  it('grows its memory to the text and finds runs across it', () => {
    const scan = WasmTextScan.create(new Uint8Array(66560));
    if (typeof scan === 'string') throw new Error(scan);
    // zero tables: no candidates, but runs come from the characters alone
    const text = `${'x'.repeat(200_000)} 123-45-6789 ${'y'.repeat(200_000)}`;
    scan.scan(text);
    expect(scan.candCount).toBe(0);
    expect(scan.runCount).toBe(1);
    expect(Array.from(scan.i32.subarray(scan.runAt, scan.runAt + 5))).toEqual([200_001, 200_013, 9, 0, 6]);
  });
});
