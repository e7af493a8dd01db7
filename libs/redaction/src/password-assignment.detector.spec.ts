import { found } from './detect.testing';
import { PasswordAssignmentDetector } from './password-assignment.detector';

describe('PasswordAssignmentDetector', () => {
  const d = new PasswordAssignmentDetector();
  it.each([
    ['password=hunter2', 'hunter2'],
    ['DB_PASSWORD: s3cr3t!', 's3cr3t!'],
    ['{"secret": "abc def"}', 'abc def'],
    ["token = 'xyz123'", 'xyz123'],
    ['client_secret=AbC&x=1', 'AbC'],
    ['mysql --password=topsecret -h db', 'topsecret'],
    ['api_key => "k-123"', 'k-123'],
    // the value is the pattern's own group: neither the operator nor the quotes are taken with it
    ['password =abc', 'abc'],
    ['secret :"x y"', 'x y'],
  ])('finds %s', (text, v) => expect(found(d, text)).toEqual([v]));

  it.each([
    ['max_tokens=512'],
    ['token_count: 3'],
    ['WHERE password = $1'],
    ['password = ?'],
    ['"password": null'],
    ['secret: true'],
    ['password: ${DB_PASSWORD}'],
    ['password=[PASSWORD]'],
    ['reset your password'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));
});
