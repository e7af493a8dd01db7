import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the compiled text-scan.wat lies (scripts/build-wasm.js; the build copies it to dist). */
const WASM_FILE = join(__dirname, 'text-scan.wasm');
/** The caller's tables come first in the module's memory (text-scan.wat's header); the text after them. */
const TABLES_BYTES = 1024 + 16384 * 4;
const IN = TABLES_BYTES;

interface ScanExports {
  memory: WebAssembly.Memory;
  scan(input: number, n: number, work: number, out: number): number;
  runCount(): number;
}

/**
 * The WebAssembly candidate scan (text-scan.wat) for one process: one instance
 * whose memory grows to the longest text scanned (about 10 bytes a character at
 * worst) and is reused. After scan(), the candidates are
 * `i32[candAt .. candAt + candCount)` and the run tuples
 * `i32[runAt .. runAt + 5 * runCount)`, valid until the next scan.
 */
export class WasmTextScan {
  i32: Int32Array;
  candAt = 0;
  candCount = 0;
  runAt = 0;
  runCount = 0;
  private bytes: Buffer;

  private constructor(private readonly exports: ScanExports) {
    this.bytes = Buffer.from(exports.memory.buffer);
    this.i32 = new Int32Array(exports.memory.buffer);
  }

  /** An instance with the class tables written, or why there is none (the engine then scans in JavaScript). */
  static create(tables: Uint8Array): WasmTextScan | string {
    if (tables.length !== TABLES_BYTES) return `tables of ${tables.length} bytes, not ${TABLES_BYTES}`;
    try {
      const module = new WebAssembly.Module(readFileSync(WASM_FILE));
      const scan = new WasmTextScan(new WebAssembly.Instance(module, {}).exports as unknown as ScanExports);
      scan.ensure(IN);
      scan.bytes.set(tables, 0);
      return scan;
    } catch (err) {
      return `${WASM_FILE} cannot be loaded (npm run build:wasm builds it): ${(err as Error).message}`;
    }
  }

  scan(text: string): void {
    const n = text.length;
    const inEnd = IN + (n + 32) * 2;
    const work = (inEnd + 15) & ~15;
    const stride = ((n >> 6) + 2) * 8;
    const out = work + 8 * stride;
    // candidates: at most one a character; runs: one tuple of 5 per 7 characters at most
    this.ensure(out + n * 4 + (Math.floor(n / 7) + 1) * 20);
    this.bytes.write(text, IN, n * 2, 'utf16le');
    this.bytes.fill(0, IN + n * 2, inEnd);
    this.candCount = this.exports.scan(IN, n, work, out);
    this.runCount = this.exports.runCount();
    this.candAt = out >> 2;
    this.runAt = this.candAt + this.candCount;
  }

  private ensure(bytes: number): void {
    const memory = this.exports.memory;
    if (bytes <= memory.buffer.byteLength) return;
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    this.bytes = Buffer.from(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }
}
