import { castTimes, toPlayedTime, toRealTime } from './cast-times';

describe('castTimes', () => {
  it('reads absolute v2 times and markers', () => {
    const cast = [
      JSON.stringify({ version: 2, width: 80, height: 24, idle_time_limit: 2 }),
      JSON.stringify([0, 'm', 'GET /a']),
      JSON.stringify([0.5, 'o', 'x']),
      JSON.stringify([3.5, 'm', 'GET /b']),
      '',
    ].join('\n');
    expect(castTimes(cast)).toEqual({ events: [0, 0.5, 3.5], markers: [0, 3.5], idleTimeLimit: 2 });
  });

  it('adds up v3 intervals and skips comments', () => {
    const cast = [
      JSON.stringify({ version: 3, term: { cols: 80, rows: 24 } }),
      JSON.stringify([0.25, 'o', 'x']),
      '# a comment',
      JSON.stringify([1, 'm', 'GET /a']),
      JSON.stringify([0.5, 'o', 'y']),
    ].join('\n');
    expect(castTimes(cast)).toEqual({ events: [0.25, 1.25, 1.75], markers: [1.25] });
  });

  it('gives up on a header that is not JSON', () => {
    expect(castTimes('<html>')).toEqual({ events: [], markers: [] });
  });
});

describe('toRealTime', () => {
  const events = [0, 0.5, 5.5, 6];
  it('is the identity without a limit', () => {
    expect(toRealTime(3, events, Infinity)).toBe(3);
  });
  it('undoes the capped gaps', () => {
    // limit 1: the 5 s gap plays as 1 s; played 1.5 is the event at real 5.5, 1.75 is 5.75
    expect(toRealTime(1.5, events, 1)).toBeCloseTo(5.5);
    expect(toRealTime(1.75, events, 1)).toBeCloseTo(5.75);
    // inside a capped gap the player counts real time from the gap's start (its startAt does the same)
    expect(toRealTime(1.2, events, 1)).toBeCloseTo(1.2);
    expect(toRealTime(0.25, events, 1)).toBeCloseTo(0.25);
  });
});

describe('toPlayedTime', () => {
  const events = [0, 0.5, 5.5, 6];
  it('caps the gaps before the given real time', () => {
    expect(toPlayedTime(5.5, events, 1)).toBeCloseTo(1.5);
    expect(toPlayedTime(5.75, events, 1)).toBeCloseTo(1.75);
    expect(toPlayedTime(3, events, 1)).toBeCloseTo(1.5);
    expect(toPlayedTime(3, events, Infinity)).toBe(3);
  });
  it('round-trips with toRealTime on events', () => {
    for (const t of events) expect(toRealTime(toPlayedTime(t, events, 1), events, 1)).toBeCloseTo(t);
  });
});
