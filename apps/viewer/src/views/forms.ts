/** Form pieces of the task pages (access log, reports, exports, retention): labelled controls, values from the URL. */
import { h } from '../dom';

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: control.id } }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null,
  );
}

export function input(name: string, value: string | undefined, attrs: Record<string, string> = {}): HTMLInputElement {
  const el = h('input', { id: `f-${name}`, attrs: { type: 'text', name, autocomplete: 'off', ...attrs } });
  el.value = value ?? '';
  return el;
}

export function choice(name: string, value: string | undefined, options: Array<[string, string]>): HTMLSelectElement {
  const el = h('select', { id: `f-${name}`, attrs: { name } });
  for (const [v, label] of options) {
    const opt = h('option', { attrs: { value: v } }, label);
    if (v === (value ?? '')) opt.selected = true;
    el.append(opt);
  }
  return el;
}

/** The form's non-empty text values. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) out[k] = v.trim();
  return out;
}
