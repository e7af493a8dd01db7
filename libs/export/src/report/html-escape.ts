const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Tab, LF, CR and everything from space up, except DEL. */
const ALLOWED = /[^\t\n\r\u0020-\u007e\u0080-\uffff]/g;

/**
 * Escapes text for HTML/SVG element content and quoted attribute values.
 * C0 controls (other than tab/newline) and DEL are dropped: they are not
 * allowed in HTML and could confuse viewers.
 */
export function escapeHtml(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(ALLOWED, '');
}
