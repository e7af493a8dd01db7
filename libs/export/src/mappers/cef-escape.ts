/*
 * Escaping per the CEF specification (ArcSight "Implementing ArcSight CEF"):
 * - header fields: backslash and pipe are escaped with a backslash; a header
 *   cannot hold a line break, so CR/LF become spaces;
 * - extension values: backslash and equals sign are escaped with a backslash,
 *   line breaks are written as the two characters `\n` / `\r`. A pipe needs
 *   no escape in the extension.
 * Keys are never escaped: only fixed dictionary keys are written.
 */

export function escapeCefHeader(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|[\r\n]/g, ' ');
}

export function escapeCefValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
