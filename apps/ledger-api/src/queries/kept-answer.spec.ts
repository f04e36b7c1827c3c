import { KeptAnswer } from './kept-answer';

describe('KeptAnswer', () => {
  it('computes once per key, again for another key, and keeps only the last', () => {
    const kept = new KeptAnswer<string[]>();
    const computed: string[] = [];
    const answer = (key: string) => kept.get(key, () => (computed.push(key), [key]));
    const a = answer('a');
    expect(answer('a')).toBe(a);
    expect(answer('b')).toEqual(['b']);
    expect(answer('a')).not.toBe(a); // replaced by b's
    expect(computed).toEqual(['a', 'b', 'a']);
  });

  it('keeps no undefined answer: the next request with that key computes again', () => {
    const kept = new KeptAnswer<number>();
    let calls = 0;
    expect(kept.get('k', () => (calls++, undefined))).toBeUndefined();
    expect(kept.get('k', () => (calls++, 7))).toBe(7);
    expect(kept.get('k', () => (calls++, 8))).toBe(7);
    expect(calls).toBe(2);
  });
});
