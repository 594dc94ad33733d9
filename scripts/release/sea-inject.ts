// Turns a copy of the `node` executable into a single executable application (Node's SEA) without
// postject: flips the SEA fuse and adds the preparation blob as an ELF note named NODE_SEA_BLOB,
// which is where Node's built-in postject reader (dl_iterate_phdr over PT_NOTE segments) looks.
//
// How the note is added without moving anything that is already mapped: the program header table
// is copied to the end of the file with two more entries — a PT_LOAD mapping that new tail, and a
// PT_NOTE for the blob inside it — and e_phoff points to the copy. The tail's virtual address keeps
// the first PT_LOAD's address-to-offset relation, so AT_PHDR is right whether the kernel derives it
// from PT_PHDR or from the first PT_LOAD. Only little-endian ELF64 (Linux x64 and arm64).
import { readFileSync, writeFileSync } from 'node:fs';

export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const PT_LOAD = 1;
const PT_NOTE = 4;
const PT_PHDR = 6;
const PHDR_SIZE = 56;
const PF_R = 4;

interface Phdr {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
}

const alignUp = (n: bigint, a: bigint) => ((n + a - 1n) / a) * a;

function readPhdr(b: Buffer, at: number): Phdr {
  return {
    type: b.readUInt32LE(at),
    flags: b.readUInt32LE(at + 4),
    offset: b.readBigUInt64LE(at + 8),
    vaddr: b.readBigUInt64LE(at + 16),
    paddr: b.readBigUInt64LE(at + 24),
    filesz: b.readBigUInt64LE(at + 32),
    memsz: b.readBigUInt64LE(at + 40),
    align: b.readBigUInt64LE(at + 48),
  };
}

function writePhdr(b: Buffer, at: number, p: Phdr): void {
  b.writeUInt32LE(p.type, at);
  b.writeUInt32LE(p.flags, at + 4);
  b.writeBigUInt64LE(p.offset, at + 8);
  b.writeBigUInt64LE(p.vaddr, at + 16);
  b.writeBigUInt64LE(p.paddr, at + 24);
  b.writeBigUInt64LE(p.filesz, at + 32);
  b.writeBigUInt64LE(p.memsz, at + 40);
  b.writeBigUInt64LE(p.align, at + 48);
}

/** An ELF note: namesz, descsz, type, then name and desc, each padded to 4 bytes. */
function note(name: string, desc: Buffer): Buffer {
  const n = Buffer.from(`${name}\0`, 'latin1');
  const pad = (x: number) => (4 - (x % 4)) % 4;
  const out = Buffer.alloc(12 + n.length + pad(n.length) + desc.length + pad(desc.length));
  out.writeUInt32LE(n.length, 0);
  out.writeUInt32LE(desc.length, 4);
  out.writeUInt32LE(0, 8);
  n.copy(out, 12);
  desc.copy(out, 12 + n.length + pad(n.length));
  return out;
}

/** Returns `nodeExecutable` with the SEA fuse set and `blob` added as the NODE_SEA_BLOB note. */
export function injectSeaBlob(nodeExecutable: Buffer, blob: Buffer): Buffer {
  const b = Buffer.from(nodeExecutable);
  if (b.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file (only Linux executables are supported)');
  if (b[4] !== 2 || b[5] !== 1) throw new Error('only little-endian 64-bit ELF executables are supported');
  const fuse = Buffer.from(`${SEA_FUSE}:0`);
  const at = b.indexOf(fuse);
  if (at < 0) throw new Error(`${SEA_FUSE}:0 not found: this node binary has no SEA support or was already injected`);
  if (b.indexOf(fuse, at + 1) >= 0) throw new Error(`${SEA_FUSE} found twice`);
  b[at + fuse.length - 1] = '1'.charCodeAt(0);

  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  const phnum = b.readUInt16LE(0x38);
  if (phentsize !== PHDR_SIZE) throw new Error(`unexpected program header size ${phentsize}`);
  const phdrs = Array.from({ length: phnum }, (_, i) => readPhdr(b, phoff + i * PHDR_SIZE));
  const loads = phdrs.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) throw new Error('no PT_LOAD segment');
  const first = loads[0]!;
  const bias = first.vaddr - first.offset; // address of file offset 0 in the first mapping
  const align = loads.reduce((m, p) => (p.align > m ? p.align : m), 0x1000n);
  const vaddrEnd = loads.reduce((m, p) => (p.vaddr + p.memsz > m ? p.vaddr + p.memsz : m), 0n);
  // The tail's offset: past the file's end and such that bias + offset lies above every mapping.
  let tailOffset = alignUp(BigInt(b.length), align);
  if (bias + tailOffset < alignUp(vaddrEnd, align)) tailOffset = alignUp(vaddrEnd, align) - bias;
  const tailVaddr = bias + tailOffset;

  const newCount = phnum + 2;
  const tableSize = newCount * PHDR_SIZE;
  const noteBytes = note('NODE_SEA_BLOB', blob);
  const noteOffset = tailOffset + BigInt(alignUp(BigInt(tableSize), 8n));
  const tailSize = noteOffset - tailOffset + BigInt(noteBytes.length);

  const out: Phdr[] = [];
  const lastLoad = phdrs.lastIndexOf(loads.at(-1)!);
  phdrs.forEach((p, i) => {
    if (p.type === PT_PHDR) out.push({ ...p, offset: tailOffset, vaddr: tailVaddr, paddr: tailVaddr, filesz: BigInt(tableSize), memsz: BigInt(tableSize) });
    else out.push(p);
    // LOAD entries stay sorted by address: the new one (the highest) right after the last.
    if (i === lastLoad) out.push({ type: PT_LOAD, flags: PF_R, offset: tailOffset, vaddr: tailVaddr, paddr: tailVaddr, filesz: tailSize, memsz: tailSize, align });
  });
  const noteVaddr = bias + noteOffset;
  out.push({ type: PT_NOTE, flags: PF_R, offset: noteOffset, vaddr: noteVaddr, paddr: noteVaddr, filesz: BigInt(noteBytes.length), memsz: BigInt(noteBytes.length), align: 4n });

  const result = Buffer.alloc(Number(tailOffset + tailSize));
  b.copy(result, 0);
  out.forEach((p, i) => writePhdr(result, Number(tailOffset) + i * PHDR_SIZE, p));
  noteBytes.copy(result, Number(noteOffset));
  result.writeBigUInt64LE(tailOffset, 0x20);
  result.writeUInt16LE(newCount, 0x38);
  return result;
}

// CLI: node --import tsx scripts/release/sea-inject.ts <node> <blob> <out>
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const [src, blobFile, dest] = process.argv.slice(2);
  if (!src || !blobFile || !dest) {
    process.stderr.write('usage: sea-inject.ts <node executable> <sea blob> <output>\n');
    process.exit(2);
  }
  writeFileSync(dest, injectSeaBlob(readFileSync(src), readFileSync(blobFile)), { mode: 0o755 });
}
