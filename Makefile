# efimm: `make` builds build/efimm.efi, `make run` boots it in QEMU,
# `make test` runs every test. See README.md for the variables.

BUILD   := build
# Suites are piped through tee: a failing suite must still fail the target.
SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -c
CC      ?= gcc
HOSTCC  ?= gcc

# Portable core: compiled freestanding for EFI and with sanitizers on the host.
CORE_SRCS := lib/vsprintf.c lib/printk.c lib/sort.c lib/strscpy.c lib/cmdline.c lib/params.c lib/json.c lib/smbios.c lib/picture.c lib/timings.c lib/psf.c \
             mm/e820.c mm/efi_memmap.c mm/efi_stub_e820.c mm/memblock.c mm/memblock_debug.c mm/e820_user.c mm/setup.c mm/reserve.c mm/numa.c mm/numa_memblks.c mm/acpi_numa.c mm/numa_emulation.c mm/mm_init.c mm/sparse.c mm/mm_debug.c mm/mm_init_bench.c mm/report.c mm/page_alloc.c mm/page_alloc_pcp.c mm/page_alloc_api.c mm/page_alloc_init.c mm/page_alloc_debug.c mm/hash.c fs/dcache.c mm/vmstat.c mm/page_selftest.c mm/slab_common.c mm/slub.c mm/slub_init.c mm/slub_debug.c mm/slab_selftest.c mm/kalloc.c
EFI_SRCS  := efi/main.c efi/console.c efi/memmap.c efi/options.c efi/file.c efi/platform.c efi/claim.c efi/memblock_test.c efi/efi_init.c efi/report.c efi/acpi.c efi/gop.c efi/serial.c efi/console_ui.c efi/page_selftest.c efi/page_bench.c efi/slab_selftest.c efi/slab_bench.c efi/ebs.c efi/ebs_cpu.c efi/fbcon.c efi/kalloc.c lib/string.c

WARN    := -Wall -Wextra -Werror -Wshadow -Wvla -Wno-unused-parameter
DEPFLAGS := -MMD -MP
INCS    := -Iinclude

# --- EFI build (gnu-efi from Debian) ---------------------------------------
GNUEFI_INC := /usr/include/efi
GNUEFI_LIB := /usr/lib
EFI_CFLAGS := $(WARN) $(INCS) -I$(GNUEFI_INC) -I$(GNUEFI_INC)/x86_64 -std=gnu11 -O2 -g \
              -ffreestanding -fno-builtin -fno-stack-protector -fno-strict-aliasing -fpic -fshort-wchar \
              -mno-red-zone -maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI -DEFIMM_EFI
# --no-undefined: a shared object links with unresolved symbols, which in firmware jump to nowhere.
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined -T $(GNUEFI_LIB)/elf_x86_64_efi.lds \
               -L$(GNUEFI_LIB)

EFI_OBJS := $(patsubst %.c,$(BUILD)/efi-obj/%.o,$(CORE_SRCS) $(EFI_SRCS))

# --- Host build ------------------------------------------------------------
SAN        := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
HOST_CFLAGS := $(WARN) $(INCS) -std=gnu11 -O1 -g $(SAN) -DEFIMM_HOST
HOST_LDFLAGS := $(SAN)
HOST_CORE_OBJS := $(patsubst %.c,$(BUILD)/host-obj/%.o,$(CORE_SRCS) lib/platform_host.c)

REPLAY_SRCS := tools/replay/main.c tools/replay/logparse.c tools/replay/srat.c tools/replay/jsonread.c
REPLAY_OBJS := $(patsubst %.c,$(BUILD)/host-obj/%.o,$(REPLAY_SRCS))

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/host/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all image run test unit-test replay-test boot-test sign deps-build deps-run deps-test host clean fuzz bench

all: $(BUILD)/efimm.efi

deps-build:
	@scripts/deps.sh build
deps-run:
	@scripts/deps.sh build run
deps-test:
	@scripts/deps.sh test

$(BUILD)/efi-obj/%.o: %.c | deps-build
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) $(DEPFLAGS) -c $< -o $@

# The framebuffer console's font, fetched from Debian's console-setup-linux (never committed).
$(BUILD)/gen/fbcon_font.h: scripts/font.sh
	@scripts/font.sh $(BUILD)
$(BUILD)/efi-obj/efi/fbcon.o: $(BUILD)/gen/fbcon_font.h
$(BUILD)/efi-obj/efi/fbcon.o: EFI_CFLAGS += -I$(BUILD)/gen

$(BUILD)/efimm.so: $(EFI_OBJS)
	ld $(EFI_LDFLAGS) $(GNUEFI_LIB)/crt0-efi-x86_64.o $^ -o $@ -lefi -lgnuefi

$(BUILD)/efimm.efi: $(BUILD)/efimm.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .rel.* -j .rela.* \
		-j .reloc --target efi-app-x86_64 --subsystem=10 $< $@
	@echo "built $@ ($$(stat -c %s $@) bytes)"

image: $(BUILD)/efimm.img
$(BUILD)/efimm.img: $(BUILD)/efimm.efi scripts/mkimage.sh
	@scripts/deps.sh image
	scripts/mkimage.sh $@ 64 $<=/EFI/BOOT/BOOTX64.EFI $<=/efimm.efi =/efimm/
	@echo "wrote $@: GPT, one FAT32 ESP with EFI/BOOT/BOOTX64.EFI and efimm.efi"

run: deps-run $(BUILD)/efimm.img
	scripts/run.sh

# --- host side ---------------------------------------------------------------
$(BUILD)/host-obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/host/efimm-replay: $(REPLAY_OBJS) $(HOST_CORE_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_LDFLAGS) $^ -o $@

$(BUILD)/host/tests/%: tests/unit/%.c $(HOST_CORE_OBJS) | deps-test
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $< $(HOST_CORE_OBJS) -o $@ $(HOST_LDFLAGS) -lcmocka

host: $(BUILD)/host/efimm-replay $(UNIT_TESTS)

unit-test: $(UNIT_TESTS)
	@mkdir -p $(BUILD)/results
	@scripts/run-unit-tests.sh $(UNIT_TESTS) | tee $(BUILD)/results/unit.log

replay-test: $(BUILD)/host/efimm-replay
	@mkdir -p $(BUILD)/results
	@tests/replay/run.sh | tee $(BUILD)/results/replay.log

boot-test: $(BUILD)/efimm.img $(BUILD)/host/efimm-replay
	@mkdir -p $(BUILD)/results
	@tests/boot/run.sh | tee $(BUILD)/results/boot.log
	@tests/boot/secureboot.sh | tee $(BUILD)/results/secureboot.log
	@tests/boot/report.sh | tee $(BUILD)/results/report.log
	@tests/boot/picture.sh | tee $(BUILD)/results/picture.log
	@tests/boot/console.sh | tee $(BUILD)/results/console.log
	@tests/boot/console_ui.sh | tee $(BUILD)/results/console_ui.log
	@tests/boot/ebs.sh | tee $(BUILD)/results/ebs.log

# Secure Boot: make sign KEY=db.key CERT=db.crt (see README).
sign: $(BUILD)/efimm.efi
	@scripts/deps.sh sign image
	@scripts/sign.sh "$(KEY)" "$(CERT)"

# Everything, in the order that fails fastest; the last line totals all suites.
test: deps-test
	@rm -rf $(BUILD)/results
	$(MAKE) --no-print-directory all host image
	$(MAKE) --no-print-directory unit-test
	$(MAKE) --no-print-directory replay-test
	$(MAKE) --no-print-directory boot-test
	@scripts/test-summary.sh $(BUILD)/results/unit.log $(BUILD)/results/replay.log $(BUILD)/results/boot.log \
		$(BUILD)/results/secureboot.log $(BUILD)/results/report.log $(BUILD)/results/picture.log \
		$(BUILD)/results/console.log $(BUILD)/results/console_ui.log $(BUILD)/results/ebs.log

# Rebuild objects when a header they include changes.
-include $(shell find $(BUILD)/efi-obj $(BUILD)/host-obj -name '*.d' 2>/dev/null)

clean:
	rm -rf $(BUILD)/efi-obj $(BUILD)/host-obj $(BUILD)/host $(BUILD)/efimm.* $(BUILD)/run $(BUILD)/boot

# --- fuzzing (clang + libFuzzer) ---------------------------------------------
# `make fuzz FUZZ_SECONDS=60` builds each tests/fuzz/fuzz_*.c with the portable
# core into build/fuzz/ and runs it that long, seeded from tests/fuzz/corpus/NAME/;
# new inputs go to build/fuzz/corpus-NAME, crashes to build/fuzz/crash-*.
FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := $(WARN) $(INCS) -std=gnu11 -O1 -g -DEFIMM_HOST \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

$(BUILD)/fuzz/%: tests/fuzz/%.c $(CORE_SRCS) lib/platform_host.c $(wildcard include/*/*.h include/*/*/*.h)
	@scripts/deps.sh fuzz
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(CORE_SRCS) lib/platform_host.c -o $@

fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
		n=$$(basename $$t); mkdir -p $(BUILD)/fuzz/corpus-$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus-$$n \
			$$( [ -d tests/fuzz/corpus/$$n ] && echo tests/fuzz/corpus/$$n) || exit 1; \
	done

# --- benchmarks (never part of make test) -------------------------------------
# `make bench`: memmap_init against memset and the mm metadata per GiB, on the
# host (bench/bench_memmap.c, -O2, no sanitizers) and in QEMU (bench/qemu.sh).
BENCH_CFLAGS := $(WARN) $(INCS) -std=gnu11 -O2 -g -DEFIMM_HOST
$(BUILD)/bench/bench_memmap: bench/bench_memmap.c $(CORE_SRCS) lib/platform_host.c $(wildcard include/*/*.h include/*/*/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BENCH_CFLAGS) $< $(CORE_SRCS) lib/platform_host.c -o $@

# The page allocator against jemalloc (libjemalloc-dev) on the host: bench/bench_pages.c.
$(BUILD)/bench/bench_pages: bench/bench_pages.c $(CORE_SRCS) lib/platform_host.c $(wildcard include/*/*.h include/*/*/*.h)
	@scripts/deps.sh bench
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BENCH_CFLAGS) $< $(CORE_SRCS) lib/platform_host.c -o $@ -ljemalloc

# SLUB against mimalloc (libmimalloc-dev) and glibc malloc on the host: bench/bench_slab.c.
$(BUILD)/bench/bench_slab: bench/bench_slab.c $(CORE_SRCS) lib/platform_host.c $(wildcard include/*/*.h include/*/*/*.h mm/*.h)
	@scripts/deps.sh bench
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BENCH_CFLAGS) $< $(CORE_SRCS) lib/platform_host.c -o $@ -lmimalloc

bench: $(BUILD)/bench/bench_memmap $(BUILD)/bench/bench_pages $(BUILD)/bench/bench_slab $(BUILD)/efimm.img
	@$(BUILD)/bench/bench_memmap
	@$(BUILD)/bench/bench_pages
	@$(BUILD)/bench/bench_slab
	@bench/qemu.sh
