#!/usr/bin/env python3
"""Write the seed maps for tests/fuzz/fuzz_efi_map.c into tests/fuzz/corpus/fuzz_efi_map/.

Input format: u16 desc_size, u8 version, u8 flags, then descriptors
(u32 type, u32 pad, u64 phys, u64 virt, u64 pages, u64 attr) padded to desc_size.
"""
import os
import struct

WB = 0xF
RUN = 1 << 63
SP = 0x40000


def blob(desc_size, descs, version=1, flags=0):
    out = struct.pack("<HBB", desc_size, version, flags)
    for t, addr, pages, attr in descs:
        d = struct.pack("<IIQQQQ", t, 0, addr, 0, pages, attr)
        out += d + b"\xa5" * (desc_size - len(d))
    return out


ovmf = [
    (3, 0x0, 0x1, WB), (7, 0x1000, 0x9F, WB), (7, 0x100000, 0x700, WB), (10, 0x800000, 0x8, WB),
    (7, 0x808000, 0x3, WB), (10, 0x80B000, 0x1, WB), (4, 0x80C000, 0x5, WB), (10, 0x811000, 0xEF, WB),
    (4, 0x900000, 0x100, WB), (7, 0xA00000, 0x3D600, WB), (1, 0x3E000000, 0x200, WB),
    (6, 0x3E200000, 0x100, WB | RUN), (5, 0x3E300000, 0x100, WB | RUN), (9, 0x3E400000, 0x10, WB),
    (10, 0x3E410000, 0x10, WB), (4, 0x3E420000, 0x1BE0, WB), (0, 0xB0000000, 0x10000, 0),
    (11, 0xFFC00000, 0x400, 1 | RUN),
]
messy = [
    (7, 0x200000, 0x100, WB), (7, 0x100000, 0x100, WB), (2, 0x180000, 0x100, WB),
    (9, 0x150000, 0x10, WB), (0x70000000, 0x400000, 1, 0), (16, 0x500000, 1, 0),
    (7, 0x600000, 0, WB), (7, 0x700800, 1, WB), (7, 0xFFFFFFFFFFF00000, 0x200, WB),
    (7, 0x10000000000000, 1, WB), (14, 0x800000, 0x100, WB), (15, 0x900000, 0x100, WB),
]
sp = [
    (7, 0x0, 0xA0, WB), (7, 0x100000, 0x100, WB | SP), (7, 0x200000, 0x100, WB | SP),
    (7, 0x300000, 0x100, WB), (3, 0x400000, 0x10, WB | SP), (12, 0xFEC00000, 1, 1 | RUN),
]

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_efi_map")
os.makedirs(here, exist_ok=True)
seeds = {
    "ovmf-48": blob(48, ovmf),
    "ovmf-40-print": blob(40, ovmf, flags=4),
    "messy-56": blob(56, messy, version=2),
    "messy-44-grub": blob(44, messy, flags=2),
    "sp-48": blob(48, sp),
    "sp-48-nosoftreserve": blob(48, sp, flags=1),
    "single-48": blob(48, ovmf[2:3]),
    "short-stride": blob(40, ovmf[:3])[:4] + b"\x00" * 8,
}
for name, data in seeds.items():
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)
