import { found } from './detect.testing';
import { PrivateKeyDetector } from './private-key.detector';

describe('PrivateKeyDetector', () => {
  const d = new PrivateKeyDetector();
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc+/=\n-----END RSA PRIVATE KEY-----';
  it('finds a PEM block', () => expect(found(d, `$ cat id_rsa\n${pem}\n$ `)).toEqual([pem]));
  it('finds a block with escaped newlines (inside JSON)', () => {
    const escaped = pem.replace(/\n/g, '\\n');
    expect(found(d, `{"k": "${escaped}"}`)).toEqual([escaped]);
  });
  it('masks a truncated block to the end of its body', () =>
    expect(found(d, '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk')).toEqual([
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk',
    ]));
  it('ignores public keys and certificates', () =>
    expect(found(d, '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----')).toEqual([]));
});
