;; The candidate scan of the masking text index (text-index.ts) for long texts, built by
;; scripts/build-wasm.js (wabt) into text-scan.wasm beside this file. JavaScript looks at one
;; character a step and pays a mispredicted branch at many of them; this looks at 16 a step with
;; SIMD and turns them into bitmaps, then finds candidates and number runs with bit operations.
;;
;; scan(in, n, work, out) reads n UTF-16 code units at `in` (32 zero units after them) and writes
;; at `out` every position where a word or colon candidate may begin, ascending (the ones the
;; JavaScript scan would look at further, which the caller then does; the count is returned), and
;; after them the number runs worth keeping as [start, end, digits, dots, flags] tuples
;; (runCount() of them), by the rules of the JavaScript numberRuns exactly. `work` is room for 8
;; bitmaps of (n / 64 + 2) i64 words each.
;;
;; Memory from 0 holds the tables, written by the caller (text-index.ts). At 0, the nibble tables
;; of the candidate classes, 16 bytes each: 0 FLO, 16 FHI, 32 SLO, 48 SHI, 64 TLO, 80 THI for the
;; first, second and third character of words and colons, A-Z folded onto a-z; 96..191 the same
;; for IBAN country codes and their check digit, as written. A character is in bucket b when bit b
;; is set in both LO[c & 15] and HI[c >> 4]; a position is a candidate when its three characters
;; are in one bucket. At 256 THIRD_CLASS (u32[128]) and at 1024 THIRDS (u32[16384]), the exact
;; test of the JavaScript scan, which the candidates then pass too.
(module
  (memory (export "memory") 1)
  (global $runCount (mut i32) (i32.const 0))
  (func (export "runCount") (result i32) (global.get $runCount))

  (func (export "scan") (param $in i32) (param $n i32) (param $work i32) (param $out i32) (result i32)
    (local $stride i32) (local $k i32)
    (local.set $stride (i32.shl (i32.add (i32.shr_u (local.get $n) (i32.const 6)) (i32.const 2)) (i32.const 3)))
    (memory.fill (local.get $work) (i32.const 0) (i32.shl (local.get $stride) (i32.const 3)))
    (call $classify (local.get $in) (local.get $n) (local.get $work) (local.get $stride))
    (local.set $k (call $candidates (local.get $in) (local.get $n) (local.get $work) (local.get $out)))
    (global.set $runCount
      (call $runs (local.get $n) (local.get $work) (local.get $stride)
        (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2)))))
    (local.get $k))

  ;; Pass 1: 16 characters a step into 8 bitmaps, one bit a character (a u16 a step):
  ;; 0 candidates, then for number runs: 1 run characters, 2 where a run starts (digit ( +),
  ;; 3 digits, 4 dots, 5 '+', 6 '-', 7 ' '.
  (func $classify (param $in i32) (param $n i32) (param $work i32) (param $stride i32)
    (local $i i32) (local $p i32) (local $o i32)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $f0 v128) (local $f1 v128) (local $f2 v128)
    (local $lowNibble v128) (local $space v128) (local $letterA v128) (local $letters v128) (local $zero v128)
    (local $digit v128) (local $dot v128) (local $plus v128) (local $dash v128) (local $sp v128) (local $start v128)
    (local.set $lowNibble (i8x16.splat (i32.const 15)))
    (local.set $space (i8x16.splat (i32.const 32)))
    (local.set $letterA (i8x16.splat (i32.const 97)))
    (local.set $letters (i8x16.splat (i32.const 26)))
    (local.set $zero (v128.const i64x2 0 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $p (i32.add (local.get $in) (i32.shl (local.get $i) (i32.const 1))))
        ;; the characters at i, i+1 and i+2 of each lane as bytes: code units from 256 up saturate to
        ;; 255 and from 0x8000 (negative as i16) to 0, bytes no class holds but the colon's "anything"
        (local.set $b0 (i8x16.narrow_i16x8_u (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $b1 (i8x16.narrow_i16x8_u (v128.load offset=2 (local.get $p)) (v128.load offset=18 (local.get $p))))
        (local.set $b2 (i8x16.narrow_i16x8_u (v128.load offset=4 (local.get $p)) (v128.load offset=20 (local.get $p))))
        ;; A–Z folded onto a–z
        (local.set $f0 (v128.or (local.get $b0) (v128.and (local.get $space)
          (i8x16.lt_u (i8x16.sub (v128.or (local.get $b0) (local.get $space)) (local.get $letterA)) (local.get $letters)))))
        (local.set $f1 (v128.or (local.get $b1) (v128.and (local.get $space)
          (i8x16.lt_u (i8x16.sub (v128.or (local.get $b1) (local.get $space)) (local.get $letterA)) (local.get $letters)))))
        (local.set $f2 (v128.or (local.get $b2) (v128.and (local.get $space)
          (i8x16.lt_u (i8x16.sub (v128.or (local.get $b2) (local.get $space)) (local.get $letterA)) (local.get $letters)))))
        (local.set $o (i32.shr_u (local.get $i) (i32.const 3)))
        (i32.store16 (i32.add (local.get $work) (local.get $o))
          (i8x16.bitmask (i8x16.ne (local.get $zero) (v128.or
            (v128.and
              (v128.and
                (v128.and (i8x16.swizzle (v128.load offset=0 (i32.const 0)) (v128.and (local.get $f0) (local.get $lowNibble)))
                          (i8x16.swizzle (v128.load offset=16 (i32.const 0)) (i8x16.shr_u (local.get $f0) (i32.const 4))))
                (v128.and (i8x16.swizzle (v128.load offset=32 (i32.const 0)) (v128.and (local.get $f1) (local.get $lowNibble)))
                          (i8x16.swizzle (v128.load offset=48 (i32.const 0)) (i8x16.shr_u (local.get $f1) (i32.const 4)))))
              (v128.and (i8x16.swizzle (v128.load offset=64 (i32.const 0)) (v128.and (local.get $f2) (local.get $lowNibble)))
                        (i8x16.swizzle (v128.load offset=80 (i32.const 0)) (i8x16.shr_u (local.get $f2) (i32.const 4)))))
            (v128.and
              (v128.and
                (v128.and (i8x16.swizzle (v128.load offset=96 (i32.const 0)) (v128.and (local.get $b0) (local.get $lowNibble)))
                          (i8x16.swizzle (v128.load offset=112 (i32.const 0)) (i8x16.shr_u (local.get $b0) (i32.const 4))))
                (v128.and (i8x16.swizzle (v128.load offset=128 (i32.const 0)) (v128.and (local.get $b1) (local.get $lowNibble)))
                          (i8x16.swizzle (v128.load offset=144 (i32.const 0)) (i8x16.shr_u (local.get $b1) (i32.const 4)))))
              (v128.and (i8x16.swizzle (v128.load offset=160 (i32.const 0)) (v128.and (local.get $b2) (local.get $lowNibble)))
                        (i8x16.swizzle (v128.load offset=176 (i32.const 0)) (i8x16.shr_u (local.get $b2) (i32.const 4)))))))))
        ;; number run characters: digits and space . ( ) + -
        (local.set $digit (i8x16.lt_u (i8x16.sub (local.get $b0) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 10))))
        (local.set $dot (i8x16.eq (local.get $b0) (i8x16.splat (i32.const 46))))
        (local.set $plus (i8x16.eq (local.get $b0) (i8x16.splat (i32.const 43))))
        (local.set $dash (i8x16.eq (local.get $b0) (i8x16.splat (i32.const 45))))
        (local.set $sp (i8x16.eq (local.get $b0) (local.get $space)))
        (local.set $start (v128.or (v128.or (local.get $digit) (local.get $plus)) (i8x16.eq (local.get $b0) (i8x16.splat (i32.const 40)))))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (i32.store16 (i32.add (local.get $work) (local.get $o))
          (i8x16.bitmask (v128.or (v128.or (local.get $start) (local.get $dot))
            (v128.or (v128.or (local.get $dash) (local.get $sp)) (i8x16.eq (local.get $b0) (i8x16.splat (i32.const 41)))))))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (i32.store16 (i32.add (local.get $work) (local.get $o)) (i8x16.bitmask (local.get $start)))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (i32.store16 (i32.add (local.get $work) (local.get $o)) (i8x16.bitmask (local.get $digit)))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (i32.store16 (i32.add (local.get $work) (local.get $o)) (i8x16.bitmask (local.get $dot)))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (i32.store16 (i32.add (local.get $work) (local.get $o)) (i8x16.bitmask (local.get $plus)))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (i32.store16 (i32.add (local.get $work) (local.get $o)) (i8x16.bitmask (local.get $dash)))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (i32.store16 (i32.add (local.get $work) (local.get $o)) (i8x16.bitmask (local.get $sp)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; Pass 2: the positions of the candidate bits that pass the JavaScript scan's own test (an ASCII
  ;; pair whose THIRDS bits meet the THIRD_CLASS bit of the third character), ascending; returns how many.
  (func $candidates (param $in i32) (param $n i32) (param $bits i32) (param $out i32) (result i32)
    (local $j i32) (local $m i32) (local $k i32) (local $p i32) (local $at i32) (local $c0 i32) (local $c1 i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $m (i32.load16_u (i32.add (local.get $bits) (i32.shr_u (local.get $j) (i32.const 3)))))
        (block $empty
          (loop $bit
            (br_if $empty (i32.eqz (local.get $m)))
            (local.set $p (i32.add (local.get $j) (i32.ctz (local.get $m))))
            (local.set $at (i32.add (local.get $in) (i32.shl (local.get $p) (i32.const 1))))
            (local.set $c0 (i32.load16_u (local.get $at)))
            (local.set $c1 (i32.load16_u offset=2 (local.get $at)))
            ;; every position is written, the count moves on for those that pass: no branch
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $p))
            (local.set $k (i32.add (local.get $k)
              (i32.and
                (i32.and (i32.lt_u (i32.or (local.get $c0) (local.get $c1)) (i32.const 128))
                         (i32.lt_u (i32.add (local.get $p) (i32.const 2)) (local.get $n)))
                (i32.ne (i32.const 0)
                  (i32.and
                    (i32.load offset=1024 (i32.shl (i32.and (i32.or (i32.shl (local.get $c0) (i32.const 7)) (local.get $c1)) (i32.const 16383)) (i32.const 2)))
                    (i32.load offset=256 (i32.shl (i32.and (i32.load16_u offset=4 (local.get $at)) (i32.const 127)) (i32.const 2))))))))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $bit)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $next)))
    (local.get $k))

  ;; Pass 3: every stretch of 7 run characters or more, read from the bitmaps; returns the tuples written.
  (func $runs (param $n i32) (param $work i32) (param $stride i32) (param $out i32) (result i32)
    (local $run i32) (local $w i32) (local $cur i64) (local $next i64) (local $m7 i64) (local $starts i64)
    (local $carry i64) (local $s i32) (local $e i32) (local $start i32) (local $digits i32) (local $dots i32)
    (local $flags i32) (local $count i32) (local $words i32)
    (local $base i32) (local $sh i64) (local $back i64) (local $hi i64) (local $bits i64) (local $keep i64)
    (local.set $run (i32.add (local.get $work) (local.get $stride)))
    (local.set $words (i32.shr_u (i32.add (local.get $n) (i32.const 63)) (i32.const 6)))
    (local.set $next (i64.load (local.get $run)))
    (block $done
      (loop $word
        (br_if $done (i32.ge_u (local.get $w) (local.get $words)))
        (local.set $cur (local.get $next))
        (local.set $next (i64.load offset=8 (i32.add (local.get $run) (i32.shl (local.get $w) (i32.const 3)))))
        ;; m7: positions where 7 run characters begin
        (local.set $m7 (i64.and (local.get $cur)
          (i64.and
            (i64.and (i64.or (i64.shr_u (local.get $cur) (i64.const 1)) (i64.shl (local.get $next) (i64.const 63)))
                     (i64.or (i64.shr_u (local.get $cur) (i64.const 2)) (i64.shl (local.get $next) (i64.const 62))))
            (i64.and
              (i64.and (i64.or (i64.shr_u (local.get $cur) (i64.const 3)) (i64.shl (local.get $next) (i64.const 61)))
                       (i64.or (i64.shr_u (local.get $cur) (i64.const 4)) (i64.shl (local.get $next) (i64.const 60))))
              (i64.and (i64.or (i64.shr_u (local.get $cur) (i64.const 5)) (i64.shl (local.get $next) (i64.const 59)))
                       (i64.or (i64.shr_u (local.get $cur) (i64.const 6)) (i64.shl (local.get $next) (i64.const 58))))))))
        ;; the first of each group: a stretch's first character (the one before it is no run character)
        (local.set $starts (i64.and (local.get $m7)
          (i64.xor (i64.or (i64.shl (local.get $m7) (i64.const 1)) (local.get $carry)) (i64.const -1))))
        (local.set $carry (i64.shr_u (local.get $m7) (i64.const 63)))
        (block $none
          (loop $stretch
            (br_if $none (i64.eqz (local.get $starts)))
            (local.set $s (i32.add (i32.shl (local.get $w) (i32.const 6)) (i32.wrap_i64 (i64.ctz (local.get $starts)))))
            ;; the bitmaps' 64 bits from s, as one word each: a stretch shorter than 64 is read without a loop
            (local.set $base (i32.add (local.get $run) (i32.shl (i32.shr_u (local.get $s) (i32.const 6)) (i32.const 3))))
            (local.set $sh (i64.extend_i32_u (i32.and (local.get $s) (i32.const 63))))
            (local.set $back (i64.sub (i64.const 64) (local.get $sh)))
            ;; s on a word boundary: nothing from the next word (a shift by 64 is one by 0)
            (local.set $hi (i64.sub (i64.const 0) (i64.extend_i32_u (i64.ne (local.get $sh) (i64.const 0)))))
            (local.set $bits (i64.xor (i64.or (i64.shr_u (i64.load (local.get $base)) (local.get $sh)) (i64.and (i64.shl (i64.load offset=8 (local.get $base)) (local.get $back)) (local.get $hi))) (i64.const -1)))
            (if (i64.ne (local.get $bits) (i64.const 0))
              (then
                (local.set $e (i32.add (local.get $s) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
                (local.set $keep (i64.sub (i64.shl (i64.const 1) (i64.ctz (local.get $bits))) (i64.const 1)))
                (local.set $bits (i64.and (i64.or (i64.shr_u (i64.load (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 1)))) (local.get $sh)) (i64.and (i64.shl (i64.load offset=8 (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 1)))) (local.get $back)) (local.get $hi))) (local.get $keep)))
                (local.set $start (select (local.get $e)
                  (i32.add (local.get $s) (i32.wrap_i64 (i64.ctz (local.get $bits)))) (i64.eqz (local.get $bits))))
                (local.set $keep (i64.and (local.get $keep) (i64.shl (i64.const -1) (i64.ctz (local.get $bits)))))
                (local.set $digits (i32.wrap_i64 (i64.popcnt (i64.and (i64.or (i64.shr_u (i64.load (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 2)))) (local.get $sh)) (i64.and (i64.shl (i64.load offset=8 (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 2)))) (local.get $back)) (local.get $hi))) (local.get $keep)))))
                (local.set $dots (i32.wrap_i64 (i64.popcnt (i64.and (i64.or (i64.shr_u (i64.load (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 3)))) (local.get $sh)) (i64.and (i64.shl (i64.load offset=8 (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 3)))) (local.get $back)) (local.get $hi))) (local.get $keep)))))
                ;; RunFlags: PLUS 1, DASH 2, SPACE 4
                (local.set $flags (i32.or (i32.or
                  (i64.ne (i64.and (i64.or (i64.shr_u (i64.load (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 4)))) (local.get $sh)) (i64.and (i64.shl (i64.load offset=8 (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 4)))) (local.get $back)) (local.get $hi))) (local.get $keep)) (i64.const 0))
                  (i32.shl (i64.ne (i64.and (i64.or (i64.shr_u (i64.load (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 5)))) (local.get $sh)) (i64.and (i64.shl (i64.load offset=8 (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 5)))) (local.get $back)) (local.get $hi))) (local.get $keep)) (i64.const 0)) (i32.const 1)))
                  (i32.shl (i64.ne (i64.and (i64.or (i64.shr_u (i64.load (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 6)))) (local.get $sh)) (i64.and (i64.shl (i64.load offset=8 (i32.add (local.get $base) (i32.mul (local.get $stride) (i32.const 6)))) (local.get $back)) (local.get $hi))) (local.get $keep)) (i64.const 0)) (i32.const 2)))))
              (else
                ;; 64 run characters or more: walk the words
                (local.set $e (call $firstClear (local.get $run) (local.get $s)))
                (local.set $start (call $firstSet (i32.add (local.get $run) (local.get $stride)) (local.get $s) (local.get $e)))
                (if (i32.lt_u (local.get $start) (local.get $e))
                  (then
                    (local.set $digits (call $countIn (i32.add (local.get $run) (i32.shl (local.get $stride) (i32.const 1))) (local.get $start) (local.get $e)))
                    (local.set $dots (call $countIn (i32.add (local.get $run) (i32.mul (local.get $stride) (i32.const 3))) (local.get $start) (local.get $e)))
                    (local.set $flags (i32.or (i32.or
                      (i32.ne (call $countIn (i32.add (local.get $run) (i32.shl (local.get $stride) (i32.const 2))) (local.get $start) (local.get $e)) (i32.const 0))
                      (i32.shl (i32.ne (call $countIn (i32.add (local.get $run) (i32.mul (local.get $stride) (i32.const 5))) (local.get $start) (local.get $e)) (i32.const 0)) (i32.const 1)))
                      (i32.shl (i32.ne (call $countIn (i32.add (local.get $run) (i32.mul (local.get $stride) (i32.const 6))) (local.get $start) (local.get $e)) (i32.const 0)) (i32.const 2))))))))
            ;; kept (a stretch without a start has no digits): 9 digits, 8 and a '+', or an IPv4's 4 digits and 3 dots
            (if (i32.and (i32.lt_u (local.get $start) (local.get $e))
                  (i32.or (i32.or (i32.ge_u (local.get $digits) (i32.const 9))
                    (i32.and (i32.eq (local.get $digits) (i32.const 8)) (i32.and (local.get $flags) (i32.const 1))))
                    (i32.and (i32.ge_u (local.get $dots) (i32.const 3)) (i32.ge_u (local.get $digits) (i32.const 4)))))
              (then
                (i32.store (local.get $out) (local.get $start))
                (i32.store offset=4 (local.get $out) (local.get $e))
                (i32.store offset=8 (local.get $out) (local.get $digits))
                (i32.store offset=12 (local.get $out) (local.get $dots))
                (i32.store offset=16 (local.get $out) (local.get $flags))
                (local.set $out (i32.add (local.get $out) (i32.const 20)))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))))
            (local.set $starts (i64.and (local.get $starts) (i64.sub (local.get $starts) (i64.const 1))))
            (br $stretch)))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (br $word)))
    (local.get $count))

;; The first position from `p` whose bit in `bitmap` is clear (the zero words after the text end it).
  (func $firstClear (param $bitmap i32) (param $p i32) (result i32)
    (local $w i32) (local $x i64)
    (local.set $w (i32.shr_u (local.get $p) (i32.const 6)))
    (local.set $x (i64.and (i64.xor (i64.load (i32.add (local.get $bitmap) (i32.shl (local.get $w) (i32.const 3)))) (i64.const -1))
      (i64.shl (i64.const -1) (i64.extend_i32_u (i32.and (local.get $p) (i32.const 63))))))
    (block $found
      (loop $next
        (br_if $found (i64.ne (local.get $x) (i64.const 0)))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (local.set $x (i64.xor (i64.load (i32.add (local.get $bitmap) (i32.shl (local.get $w) (i32.const 3)))) (i64.const -1)))
        (br $next)))
    (i32.add (i32.shl (local.get $w) (i32.const 6)) (i32.wrap_i64 (i64.ctz (local.get $x)))))

  ;; The first position from `p` whose bit in `bitmap` is set, or `limit` when there is none before it.
  (func $firstSet (param $bitmap i32) (param $p i32) (param $limit i32) (result i32)
    (local $w i32) (local $x i64) (local $at i32)
    (local.set $w (i32.shr_u (local.get $p) (i32.const 6)))
    (local.set $x (i64.and (i64.load (i32.add (local.get $bitmap) (i32.shl (local.get $w) (i32.const 3))))
      (i64.shl (i64.const -1) (i64.extend_i32_u (i32.and (local.get $p) (i32.const 63))))))
    (block $found
      (loop $next
        (br_if $found (i64.ne (local.get $x) (i64.const 0)))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (if (i32.ge_u (i32.shl (local.get $w) (i32.const 6)) (local.get $limit)) (then (return (local.get $limit))))
        (local.set $x (i64.load (i32.add (local.get $bitmap) (i32.shl (local.get $w) (i32.const 3)))))
        (br $next)))
    (local.set $at (i32.add (i32.shl (local.get $w) (i32.const 6)) (i32.wrap_i64 (i64.ctz (local.get $x)))))
    (select (local.get $at) (local.get $limit) (i32.lt_u (local.get $at) (local.get $limit))))

  ;; The set bits of `bitmap` in [a, b).
  (func $countIn (param $bitmap i32) (param $a i32) (param $b i32) (result i32)
    (local $w i32) (local $last i32) (local $x i64) (local $count i64)
    (local.set $w (i32.shr_u (local.get $a) (i32.const 6)))
    (local.set $last (i32.shr_u (i32.sub (local.get $b) (i32.const 1)) (i32.const 6)))
    (local.set $x (i64.and (i64.load (i32.add (local.get $bitmap) (i32.shl (local.get $w) (i32.const 3))))
      (i64.shl (i64.const -1) (i64.extend_i32_u (i32.and (local.get $a) (i32.const 63))))))
    (block $done
      (loop $next
        (if (i32.eq (local.get $w) (local.get $last))
          (then
            ;; keep the bits below b
            (local.set $x (i64.and (local.get $x)
              (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.and (i32.sub (i32.const 64) (i32.and (local.get $b) (i32.const 63))) (i32.const 63))))))
            (local.set $count (i64.add (local.get $count) (i64.popcnt (local.get $x))))
            (br $done)))
        (local.set $count (i64.add (local.get $count) (i64.popcnt (local.get $x))))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (local.set $x (i64.load (i32.add (local.get $bitmap) (i32.shl (local.get $w) (i32.const 3)))))
        (br $next)))
    (i32.wrap_i64 (local.get $count)))

)
