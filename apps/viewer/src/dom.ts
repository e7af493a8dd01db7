/**
 * The only way the viewer builds DOM. Text goes in as text nodes; attributes
 * are set one by one, and the dangerous ones (event handlers, inline style,
 * srcdoc, script URLs) are refused, so no API data can become markup.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  text?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

const FORBIDDEN_ATTR = /^(on|style$|srcdoc$|formaction$)/i;
const SAFE_URL = /^(#|\/(?!\/)|blob:)/i;

function setAttr(el: Element, name: string, value: string | number | boolean | undefined): void {
  if (value === undefined || value === false) return;
  if (FORBIDDEN_ATTR.test(name)) throw new Error(`refusing to set attribute ${name}`);
  const text = value === true ? '' : String(value);
  if ((name === 'href' || name === 'src' || name === 'action') && !SAFE_URL.test(text)) {
    throw new Error(`refusing unsafe URL in ${name}`);
  }
  el.setAttribute(name, text);
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    if (props.id) el.id = props.id;
    if (props.text !== undefined) el.textContent = props.text;
    for (const [k, v] of Object.entries(props.attrs ?? {})) setAttr(el, k, v);
    for (const [event, handler] of Object.entries(props.on ?? {})) {
      el.addEventListener(event, handler as EventListener);
    }
  }
  append(el, ...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) setAttr(el, k, v);
  append(el, ...children);
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** Announces a short message to screen readers (the live region in index.html). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (region) region.textContent = message;
}
