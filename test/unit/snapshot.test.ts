import { Snapshot } from '../../bot/store/sharepoint/snapshot';

describe('Snapshot (the directory kept between turns)', () => {
  it('reads once within its time, again after it, and at once after invalidate', async () => {
    let clock = 0;
    let reads = 0;
    const snapshot = new Snapshot<number>(60_000, () => clock);
    const load = async () => ++reads;
    expect(await snapshot.get(load)).toBe(1);
    clock = 59_000;
    expect(await snapshot.get(load)).toBe(1); // another instance's change is not seen yet
    clock = 60_001;
    expect(await snapshot.get(load)).toBe(2);
    snapshot.invalidate();
    expect(await snapshot.get(load)).toBe(3);
  });

  it('does not keep a failed read: the next lookup asks again', async () => {
    const snapshot = new Snapshot<string>(60_000, () => 0);
    await expect(snapshot.get(async () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(await snapshot.get(async () => 'ok')).toBe('ok');
  });
});
