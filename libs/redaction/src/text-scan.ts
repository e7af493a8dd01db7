import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the compiled text-scan.wat lies (scripts/build-wasm.js; the build copies it to dist). */
const WASM_FILE = join(__dirname, 'text-scan.wasm');
/**
 * Where the caller's tables lie at the start of the module's memory (text-scan.wat's header):
 * the nibble tables (LO, then HI 16 bytes on) of the first, second and third character of words
 * and colons, and of IBANs; THIRD_CLASS (u32[128]) and THIRDS (u32[16384]). The text follows them.
 */
export const SCAN_TABLES = {
  wordNibbles: [0, 32, 64],
  ibanNibbles: [96, 128, 160],
  thirdClass: 256,
  thirds: 1024,
  bytes: 1024 + 16384 * 4,
} as const;
const IN = SCAN_TABLES.bytes;

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
    if (tables.length !== SCAN_TABLES.bytes) return `tables of ${tables.length} bytes, not ${SCAN_TABLES.bytes}`;
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
