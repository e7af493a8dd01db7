import { valueAxis } from './report-chart';

describe('valueAxis', () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [5, [0, 2, 4, 6]],
    [7, [0, 2, 4, 6, 8]],
    [10, [0, 5, 10]],
    [37, [0, 10, 20, 30, 40]],
    [1234, [0, 500, 1000, 1500]],
  ])('counts up to %d get the round gridlines %j', (value, ticks) => {
    const axis = valueAxis(value);
    expect(axis.ticks).toEqual(ticks);
    expect(axis.max).toBe(ticks[ticks.length - 1]);
    expect(axis.max).toBeGreaterThanOrEqual(value);
  });

  it('never has a fractional step, so every label is exactly its gridline', () => {
    for (let v = 0; v <= 2000; v += 7) {
      const { ticks, step } = valueAxis(v);
      expect(Number.isInteger(step)).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
  });
});
