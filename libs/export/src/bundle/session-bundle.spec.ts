import { chainHash, sealSession, toJwks } from '@auditorium/integrity';
import type { SigningKey } from '@auditorium/integrity';
import type { StoredFrame } from '@auditorium/store';

import { asAsync, sealedSummaryOf, sessionSummaryOf, testSigningKey } from '../testing/export.fixtures';
import { httpSample } from '../testing/sample-sessions';
import { verifyBundle, verifyBundleLines } from './bundle-verifier';
import { createSessionBundle, SESSION_BUNDLE_FORMAT, SessionBundleError } from './session-bundle';

describe('session bundle', () => {
  let key: SigningKey;
  let attacker: SigningKey;
  let frames: StoredFrame[];
  let bundle: string;

  beforeAll(async () => {
    key = await testSigningKey();
    attacker = await testSigningKey();
    frames = (await httpSample()).frames;
    const session = await sealedSummaryOf(frames, key);
    bundle = await createSessionBundle(session, asAsync(frames), toJwks(key, attacker), {
      createdAt: '2026-02-01T00:00:00.000Z',
    });
  });

  const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

  it('is NDJSON: header, one line per frame, end line; embeds only the sealing key', () => {
    const all = lines(bundle);
    expect(all).toHaveLength(frames.length + 2);
    const header = JSON.parse(all[0]) as Record<string, unknown>;
    expect(header).toMatchObject({ format: SESSION_BUNDLE_FORMAT, version: 1, createdAt: '2026-02-01T00:00:00.000Z' });
    expect(header.jwks).toEqual({ keys: [key.publicJwk] });
    expect(JSON.parse(all[3])).toEqual({
      seq: 2,
      id: frames[2].id,
      type: 'response',
      ts: frames[2].ts,
      hash: frames[2].hash,
      frame: frames[2].frame,
    });
    expect(JSON.parse(all[all.length - 1])).toEqual({ end: true, frames: frames.length, head: frames[7].hash });
  });

  it('verifies offline; trusted only with a trusted JWKS or a pinned kid', async () => {
    const plain = await verifyBundle(bundle);
    expect(plain).toMatchObject({ status: 'ok', ok: true, trusted: false, frames: frames.length, lastSeq: 7 });
    expect(plain.key).toMatchObject({ kid: key.kid, source: 'embedded', pinned: false, thumbprintMatches: true });
    expect(plain.key.warning).toMatch(/pin/);
    expect(plain.notes).toEqual([]);

    const byJwks = await verifyBundle(bundle, { trustedJwks: key.jwks() });
    expect(byJwks).toMatchObject({ status: 'ok', trusted: true, key: { source: 'trusted-jwks', pinned: true } });
    const byKid = await verifyBundle(bundle, { pinnedKids: [key.kid] });
    expect(byKid).toMatchObject({ status: 'ok', trusted: true, key: { source: 'embedded', pinned: true } });
    const wrongPin = await verifyBundle(bundle, { pinnedKids: [attacker.kid] });
    expect(wrongPin).toMatchObject({ status: 'untrusted_key', ok: false, trusted: false });
    expect((await verifyBundle(bundle, { trustedJwks: attacker.jwks() })).status).toBe('tampered');
  });

  it('fails and names the seq whatever single byte of a frame line is flipped', async () => {
    const all = lines(bundle);
    const target = 3; // line index 3 = seq 2 (the response with a masked body)
    const line = all[target];
    expect(line.length).toBeGreaterThan(150);
    const failures: string[] = [];
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      const tampered = line.slice(0, i) + String.fromCharCode(code ^ 1) + line.slice(i + 1);
      const text = [...all.slice(0, target), tampered, ...all.slice(target + 1)].join('\n') + '\n';
      const r = await verifyBundle(text, { trustedJwks: key.jwks() });
      if (r.ok || r.status !== 'tampered' || r.firstBadSeq !== 2 || !r.message.includes('seq 2')) {
        failures.push(`byte ${i} (${line[i]}): ${r.status} ${r.message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('names the seq of a tampered frame deep in the bundle', async () => {
    const text = bundle.replace('upstream reset', 'upstream resel');
    const r = await verifyBundle(text);
    expect(r).toMatchObject({ status: 'tampered', ok: false, firstBadSeq: 6 });
    expect(r.message).toBe('tampered at seq 6: stored hash does not match the frame');
  });

  it('reports a removed frame line as a gap at its seq, and a cut-off bundle', async () => {
    const all = lines(bundle);
    const removed = await verifyBundle([...all.slice(0, 4), ...all.slice(5)].join('\n'));
    expect(removed).toMatchObject({ status: 'gap', ok: false, gaps: [{ from: 3, to: 3 }] });
    expect(removed.notes.join()).toMatch(/end line counts 8 frames, the bundle holds 7/);
    const cut = await verifyBundle(all.slice(0, 6).join('\n'));
    expect(cut).toMatchObject({ status: 'gap', ok: false, gaps: [{ from: 5, to: 7 }] });
    expect(cut.notes).toContain('the bundle has no end line: it may be truncated');
  });

  it('catches a swapped key unless the embedded key is the only trust anchor', async () => {
    // the attacker rewrites a frame, re-chains everything and re-seals with their own key
    const forgedFrames = structuredClone(frames);
    const resp = forgedFrames[2].frame;
    if (resp.type === 'response') resp.body = '{"email":"nobody"}';
    let prev: string | null = null;
    for (const f of forgedFrames) {
      f.hash = chainHash(prev, f.frame);
      prev = f.hash;
    }
    const forgedSession = await sealedSummaryOf(forgedFrames, attacker);
    const forged = await createSessionBundle(forgedSession, forgedFrames, attacker.jwks());
    const unpinned = await verifyBundle(forged);
    expect(unpinned).toMatchObject({ status: 'ok', ok: true, trusted: false, key: { pinned: false } });

    const trusted = await verifyBundle(forged, { trustedJwks: key.jwks() });
    expect(trusted).toMatchObject({ status: 'tampered', ok: false, trusted: false });
    expect(trusted.message).toMatch(/no known key/);

    expect(await verifyBundle(forged, { pinnedKids: [key.kid] })).toMatchObject({
      status: 'untrusted_key',
      trusted: false,
      key: { pinned: false, warning: expect.stringContaining('not one of the pinned kids') },
    });

    // the attacker's key published under the trusted kid: its thumbprint gives it away
    const seal = await sealSession(
      { sid: forgedSession.sid, lastSeq: 7, head: forgedFrames[7].hash, frames: 8, gaps: [] },
      { ...attacker, kid: key.kid },
    );
    const borrowed = await createSessionBundle({ ...forgedSession, seal }, forgedFrames, {
      keys: [{ ...attacker.publicJwk, kid: key.kid }],
    });
    const r = await verifyBundle(borrowed, { pinnedKids: [key.kid] });
    expect(r).toMatchObject({ status: 'untrusted_key', trusted: false, key: { thumbprintMatches: false } });
    expect(r.key.warning).toMatch(/replaced/);
  });

  it('rejects a session summary that disagrees with the signed frames', async () => {
    const text = bundle.replace('"sub":"svc-report-bot"', '"sub":"someone-else"');
    const r = await verifyBundle(text);
    expect(r).toMatchObject({ status: 'tampered', ok: false });
    expect(r.message).toMatch(/summary names identity someone-else/);
  });

  it('says malformed for things that are not bundles', async () => {
    expect(await verifyBundle('')).toMatchObject({
      status: 'malformed',
      ok: false,
      message: expect.stringMatching(/empty/),
    });
    expect((await verifyBundle('hello\n')).message).toMatch(/first line is not JSON/);
    expect((await verifyBundle('{"format":"other"}\n')).message).toMatch(/format is "other"/);
    const v2 = bundle.replace('"version":1', '"version":2');
    expect((await verifyBundle(v2)).message).toMatch(/bundle version 2 is not supported/);
  });

  it('reports an unsealed session as unsealed, not ok', async () => {
    const text = await createSessionBundle(sessionSummaryOf(frames), frames, key.jwks());
    expect(await verifyBundle(text)).toMatchObject({ status: 'unsealed', ok: false, trusted: false });
  });

  it('verifies line by line from an async source', async () => {
    const r = await verifyBundleLines(asAsync(lines(bundle)), { pinnedKids: [key.kid] });
    expect(r).toMatchObject({ status: 'ok', trusted: true });
  });

  it('refuses frames of another session or out of order', async () => {
    const session = sessionSummaryOf(frames);
    const other = { ...frames[1], sid: 'other', id: 'other:1' };
    await expect(createSessionBundle(session, [frames[0], other], key.jwks())).rejects.toThrow(SessionBundleError);
    await expect(createSessionBundle(session, [frames[1], frames[0]], key.jwks())).rejects.toThrow(/out of seq order/);
  });
});
