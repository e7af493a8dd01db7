/**
 * asciinema-player and its stylesheet, split into their own chunk: only the
 * session page pays for the terminal emulator (WebAssembly inside).
 */
import 'asciinema-player/dist/bundle/asciinema-player.css';

export { create } from 'asciinema-player';
export type { Options as PlayerOptions, Player } from 'asciinema-player';
