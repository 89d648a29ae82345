# irqbench: one Makefile for the kernel, the ISO, the host tools and the tests.
# Targets: all (ELF + ISO), run, test, clean. See README.md.

KCC     ?= gcc
HOSTCC  ?= cc
LD      ?= ld
OBJCOPY ?= objcopy
B       := build

VERSION := $(shell git describe --always --dirty --tags 2>/dev/null || echo unknown)

KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-asynchronous-unwind-tables -fno-pic -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -mno-red-zone -mgeneral-regs-only -mcmodel=small \
	-fno-builtin -Wall -Wextra -Werror -MMD -MP -Ikernel -Ibench -I$(B)
KASFLAGS := -g -Ikernel -MMD -MP -fno-pic -fno-pie
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

# Kernel objects, listed explicitly.
KOBJS := \
	boot/entry.o \
	boot/trampoline.o \
	kernel/vectors.o \
	kernel/main.o \
	kernel/bootinfo.o \
	kernel/console.o \
	kernel/screen.o \
	kernel/textgrid.o \
	kernel/fb.o \
	kernel/font.o \
	kernel/vga.o \
	kernel/serial.o \
	kernel/debugcon.o \
	kernel/fmt.o \
	kernel/crc32.o \
	kernel/frame.o \
	kernel/cmdline.o \
	kernel/panic.o \
	kernel/desc.o \
	kernel/trap.o \
	kernel/fixup.o \
	kernel/pic.o \
	kernel/paging.o \
	kernel/cpuinfo.o \
	kernel/topology.o \
	kernel/selftest.o \
	kernel/selftest_probes.o \
	kernel/usermode.o \
	kernel/usermode_entry.o \
	kernel/cpu.o \
	kernel/lapic.o \
	kernel/lapic_policy.o \
	kernel/meta.o \
	kernel/smp.o \
	kernel/tsc.o \
	kernel/tsc_window.o \
	kernel/tscsync.o \
	kernel/ioapic.o \
	kernel/pit.o \
	kernel/rtc.o \
	kernel/hpet.o \
	kernel/firmware.o \
	kernel/acpi.o \
	kernel/mptable.o \
	kernel/platform.o \
	kernel/stats.o \
	kernel/hist.o \
	kernel/classdist.o \
	kernel/mem.o \
	kernel/memsize.o \
	kernel/smi.o \
	kernel/string.o \
	bench/bench.o \
	bench/emit.o \
	bench/rowcheck.o \
	bench/checks.o \
	bench/checks_emit.o \
	bench/plan.o \
	bench/plan_emit.o \
	bench/pairs.o \
	bench/tally.o \
	bench/result_line.o \
	bench/ipi.o \
	bench/ioapic_bench.o \
	bench/timer.o \
	bench/gates.o \
	bench/gates_probes.o

KOBJS := $(addprefix $(B)/,$(KOBJS))

.PHONY: all kernel iso netboot tools unit run test clean bench-boot bench-scale bench-extract bench-host qemu10 lava-qemu FORCE
all: kernel iso tools

kernel: $(B)/irqbench.elf
iso: $(B)/irqbench.iso

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(KCC) $(KCFLAGS) -c -o $@ $<

$(B)/%.o: %.S
	@mkdir -p $(dir $@)
	$(KCC) $(KASFLAGS) -c -o $@ $<

# The version lives in a header rewritten only when `git describe` changes,
# so objects that print it are rebuilt exactly then.
$(B)/version.h: FORCE
	@mkdir -p $(B)
	@echo '#define IRQBENCH_VERSION "$(VERSION)"' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(B)/kernel/main.o $(B)/kernel/meta.o: $(B)/version.h

$(B)/irqbench.elf: $(KOBJS) kernel/linker.ld
	$(LD) $(KLDFLAGS) -T kernel/linker.ld -Map $(B)/irqbench.map -o $@ $(KOBJS)
	objdump -d $@ > $(B)/irqbench.lst

$(B)/irqbench.iso: $(B)/irqbench.elf grub.cfg
	rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(B)/irqbench.elf $(B)/iso/boot/irqbench.elf
	cp grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2>$(B)/grub-mkrescue.log || { cat $(B)/grub-mkrescue.log; exit 1; }

# A TFTP root for a lab's network boot (docs/bare-metal.md): the kernel, the
# iPXE menu, GRUB's BIOS (core.0) and UEFI (core.efi) netboot images and the
# GRUB menu, laid out as each of them looks for the others.
netboot: $(B)/netboot/irqbench.ipxe
$(B)/netboot/irqbench.ipxe: $(B)/irqbench.elf grub.cfg boot/irqbench.ipxe
	rm -rf $(B)/netboot && mkdir -p $(B)/netboot/boot/grub
	cp $(B)/irqbench.elf $(B)/netboot/boot/irqbench.elf
	for fw in i386-pc x86_64-efi; do \
		grub-mknetdir --net-directory=$(B)/netboot --subdir=boot/grub \
			-d /usr/lib/grub/$$fw --locales= --fonts= --themes= || exit 1; \
	done
	cp grub.cfg $(B)/netboot/boot/grub/grub.cfg
	cp boot/irqbench.ipxe $@

# ---- host tools and unit tests (pure code shared with the kernel) ----
# Each source is compiled on its own, with a dependency file like the kernel
# objects', so a header change rebuilds exactly the programs that include it:
# $(B)/host for the tools, $(B)/host-san (ASan+UBSan) for the unit tests.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Ikernel -Ibench -Itools
SAN_CFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all
host_objs    = $(patsubst %.c,$(B)/host/%.o,$(1))
san_objs     = $(patsubst %.c,$(B)/host-san/%.o,$(1))

$(B)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/host-san/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SAN_CFLAGS) -MMD -MP -c -o $@ $<

tools: $(B)/tools/irqbench-extract

$(B)/tools/irqbench-extract: $(call host_objs,tools/extract.c tools/extract_main.c kernel/crc32.c)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

UNIT_TESTS := test_check test_fmt test_cmdline test_frame test_extract test_desc test_stats test_acpi \
	test_mptable test_topology test_lapic_policy test_menus test_screen test_memsize test_plan test_hist test_classdist \
	test_paging test_bootinfo test_rowcheck test_checks test_tsc_window
$(B)/tests/test_check: $(call san_objs,tests/unit/test_check.c)
$(B)/tests/test_fmt: $(call san_objs,tests/unit/test_fmt.c kernel/fmt.c)
$(B)/tests/test_cmdline: $(call san_objs,tests/unit/test_cmdline.c kernel/cmdline.c kernel/fmt.c)
$(B)/tests/test_frame: $(call san_objs,tests/unit/test_frame.c kernel/frame.c kernel/fmt.c kernel/crc32.c tools/extract.c)
$(B)/tests/test_extract: $(call san_objs,tests/unit/test_extract.c tools/extract.c kernel/crc32.c)
$(B)/tests/test_desc: $(call san_objs,tests/unit/test_desc.c kernel/desc.c)
$(B)/tests/test_stats: $(call san_objs,tests/unit/test_stats.c kernel/stats.c)
$(B)/tests/test_acpi: $(call san_objs,tests/unit/test_acpi.c kernel/acpi.c kernel/platform.c kernel/fmt.c)
$(B)/tests/test_mptable: $(call san_objs,tests/unit/test_mptable.c kernel/mptable.c kernel/platform.c kernel/fmt.c)
$(B)/tests/test_topology: $(call san_objs,tests/unit/test_topology.c kernel/topology.c)
$(B)/tests/test_lapic_policy: $(call san_objs,tests/unit/test_lapic_policy.c kernel/lapic_policy.c)
$(B)/tests/test_menus: $(call san_objs,tests/unit/test_menus.c kernel/cmdline.c kernel/fmt.c)
$(B)/tests/test_screen: $(call san_objs,tests/unit/test_screen.c kernel/textgrid.c kernel/fb.c kernel/font.c kernel/fmt.c)
$(B)/tests/test_memsize: $(call san_objs,tests/unit/test_memsize.c kernel/memsize.c)
$(B)/tests/test_plan: $(call san_objs,tests/unit/test_plan.c bench/plan.c kernel/cmdline.c kernel/fmt.c)
$(B)/tests/test_hist: $(call san_objs,tests/unit/test_hist.c kernel/hist.c kernel/stats.c)
$(B)/tests/test_classdist: $(call san_objs,tests/unit/test_classdist.c kernel/classdist.c kernel/stats.c)
$(B)/tests/test_paging: $(call san_objs,tests/unit/test_paging.c)
$(B)/tests/test_bootinfo: $(call san_objs,tests/unit/test_bootinfo.c kernel/bootinfo.c kernel/fmt.c)
$(B)/tests/test_rowcheck: $(call san_objs,tests/unit/test_rowcheck.c bench/rowcheck.c kernel/fmt.c)
$(B)/tests/test_checks: $(call san_objs,tests/unit/test_checks.c bench/checks.c kernel/fmt.c)
$(B)/tests/test_tsc_window: $(call san_objs,tests/unit/test_tsc_window.c kernel/tsc_window.c)

$(B)/tests/%:
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SAN_CFLAGS) -o $@ $(filter %.o,$^)

unit: $(addprefix $(B)/tests/,$(UNIT_TESTS))

test: all unit qemu10
	IRQBENCH_BUILD=$(B) sh tests/run.sh

# QEMU 10.0 from bookworm-backports, unpacked into $(B)/qemu10 (the system's
# QEMU 7.2 stays): its TCG emulates x2APIC, so tests/qemu/x2apic.sh runs the
# x2APIC paths without KVM. Fetched once; where it cannot be had,
# $(B)/qemu10/unavailable says why and those tests SKIP with that reason.
qemu10:
	@sh scripts/qemu-backports $(B)/qemu10 || echo "qemu10: not fetched; tests/qemu/x2apic.sh will SKIP its QEMU 10 cases"

# The default suite on two CPUs (pairs need two), KVM when it works, with
# 2000 samples a series: every figure, in minutes even where each serial
# byte costs a VM exit. The kernel's own default is samples=10000.
run:
	sh scripts/deps.sh
	$(MAKE) -s --no-print-directory all
	sh scripts/irqbench run --smp 2 --cmdline samples=2000

# LAVA's lava-run on the QEMU job (the ISO under TCG) with no server:
# $(B)/lava/results.csv holds the test cases LAVA recorded (docs/lava.md).
lava-qemu: kernel iso tools
	sh scripts/lava-qemu $(B)/lava

# Boot-to-all-CPUs-online and per-AP start times, under TCG and KVM.
bench-boot: kernel tools
	sh scripts/bench-boot

# The default suite and bench=none under TCG at 4, 16, 32 and 64 CPUs,
# planned for a 115200-baud line: serial bytes, link minutes, wall time.
bench-scale: kernel tools
	sh scripts/bench-scale

# The host pipeline (extract, plots, report, summary) beside QEMU's time
# for a 2-CPU TCG run, and on a 64-CPU results folder.
bench-host: kernel tools
	sh scripts/bench-host

# The extractor's time and peak memory on a normal log and on hostile ones.
bench-extract: tools
	sh scripts/bench-extract

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---- fuzzing (tests/fuzz, docs/fuzzing.md) ----
# libFuzzer targets for the pure parsers, built with clang and ASan+UBSan.
#   make fuzz                 each target for FUZZ_SECONDS (default 60) s
#   make fuzz-short           each for 5 s (for make test)
#   make fuzz-build           only the binaries, $(B)/fuzz/fuzz_*
#   make fuzz-seeds           rewrite the generated seeds in tests/fuzz/corpus
#   make unit-clang           the unit tests built with clang, run
# Toolchain (Debian): clang, libclang-rt-14-dev (libFuzzer and sanitizers).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Ikernel -Ibench -Itools \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt
FUZZ_TARGETS := fuzz_cmdline fuzz_mb2 fuzz_acpi fuzz_mptable fuzz_extract
FUZZ_BINS    := $(addprefix $(B)/fuzz/,$(FUZZ_TARGETS))

$(B)/fuzz/fuzz_cmdline: tests/fuzz/fuzz_cmdline.c kernel/cmdline.c kernel/fmt.c
$(B)/fuzz/fuzz_mb2: tests/fuzz/fuzz_mb2.c kernel/bootinfo.c kernel/fmt.c
$(B)/fuzz/fuzz_acpi: tests/fuzz/fuzz_acpi.c kernel/acpi.c kernel/platform.c kernel/fmt.c
$(B)/fuzz/fuzz_mptable: tests/fuzz/fuzz_mptable.c kernel/mptable.c kernel/platform.c kernel/fmt.c
$(B)/fuzz/fuzz_extract: tests/fuzz/fuzz_extract.c tools/extract.c kernel/crc32.c

$(FUZZ_BINS): $(wildcard kernel/*.h tools/*.h tests/fuzz/*.h) tests/fuzz/coverage-ignore.txt
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# One line and a failure when the compiler cannot build a libFuzzer target.
FUZZ_PROBE = mkdir -p $(B)/fuzz && \
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return !d && n; }\n' | \
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -x c -o $(B)/fuzz/probe - >/dev/null 2>&1 || \
	{ echo "FAIL: fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' does not work: install the Debian packages clang and libclang-rt-14-dev"; exit 1; }

.PHONY: fuzz fuzz-short fuzz-build fuzz-seeds unit-clang
fuzz-build: $(FUZZ_BINS)

fuzz:
	@$(FUZZ_PROBE)
	@$(MAKE) --no-print-directory fuzz-build || { echo "FAIL: fuzz: building the fuzzers failed"; exit 1; }
	@sh tests/fuzz/run.sh -t $(FUZZ_SECONDS) -b $(B)/fuzz $(FUZZ_TARGETS)

fuzz-short:
	@$(FUZZ_PROBE)
	@$(MAKE) --no-print-directory -s fuzz-build || { echo "FAIL: fuzz: building the fuzzers failed"; exit 1; }
	@sh tests/fuzz/run.sh -t 5 -b $(B)/fuzz $(FUZZ_TARGETS)

fuzz-seeds: tests/fuzz/gen_corpus.c
	@mkdir -p $(B)/fuzz
	$(HOSTCC) $(HOST_CFLAGS) -o $(B)/fuzz/gen_corpus $<
	mkdir -p tests/fuzz/corpus
	$(B)/fuzz/gen_corpus tests/fuzz/corpus

# The unit tests again with clang's warnings and sanitizers, in their own tree.
# -Wno-format: test_fmt.c passes odd formats to kvsnprintf on purpose.
unit-clang:
	@$(MAKE) --no-print-directory -s B=$(B)/clang HOSTCC=$(FUZZ_CC) \
		'HOST_CFLAGS=$(HOST_CFLAGS) -Wno-format' unit
	@for t in $(addprefix $(B)/clang/tests/,$(UNIT_TESTS)); do $$t || echo "FAIL: $$t exited with status $$?"; done
# ---- end of fuzzing ----
