import { configTableMarkdown } from '@auditorium/config';

const START = '<!-- config:start -->';
const END = '<!-- config:end -->';

/** README text with the configuration table replaced by the one generated from CONFIG_VARS. */
export function renderReadmeConfig(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${readme.slice(0, a + START.length)}\n${configTableMarkdown()}\n${readme.slice(b)}`;
}
