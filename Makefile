# Makefile: build the exit-probe guest and its ISO, run it, test it.
# One non-recursive Makefile; every output lands in build/. `make help`.

CROSS_COMPILE ?=
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC  ?= gcc

BUILD := build
ELF   := $(BUILD)/exit-probe.elf
ELF32 := $(BUILD)/exit-probe32.elf
ISO   := $(BUILD)/exit-probe.iso
EXITSTAT := $(BUILD)/exitstat

# Probe command line for `make run` and `make lab` (see `triggers=list`).
ARGS ?=
# `make run`: vCPUs (1..8) and QEMU's CPU model (empty: QEMU's default;
# qemu64,+x2apic,+tsc-deadline or host for the x2APIC and TSC-deadline
# triggers).
SMP ?= 1
CPU ?=
# `make lab`: kernel line (7.2, Debian sid's, the primary line; or the
# backports 6.12 and 6.1) and vendor (amd: QEMU-emulated SVM; intel:
# Bochs-emulated VMX).
LINE   ?= 7.2
VENDOR ?= amd
# `make lab MODE=linux`: boot a small Linux guest instead of the probe and
# print its boot census from the host side (amd only).
MODE   ?= probe
# `make soak`: how many lab boots of the default probe (AMD lab).
RUNS   ?= 50
# `make compare`: kernel lines, in order; the first is the ratios' baseline.
LINES  ?= 6.1 6.12 7.2

FREESTANDING := -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-mno-red-zone -mgeneral-regs-only -mcmodel=small -m64
WARNINGS := -Wall -Wextra -Werror
CFLAGS   := -std=gnu11 -O2 -g $(WARNINGS) -Iinclude -Iguest \
	$(FREESTANDING) -MMD -MP
ASFLAGS  := -m64 -Iboot -Iguest -MMD -MP
# One identity-mapped image, written at run time (GDT, TSSes): RWX is meant.
LDFLAGS  := -nostdlib -static -T linker.ld -z max-page-size=0x1000 \
	--build-id=none --no-warn-rwx-segments

GUEST_OBJS := \
	$(BUILD)/boot/entry.o \
	$(BUILD)/boot/isr.o \
	$(BUILD)/boot/taskswitch.o \
	$(BUILD)/boot/trampoline.o \
	$(BUILD)/guest/acpi.o \
	$(BUILD)/guest/apic.o \
	$(BUILD)/guest/apic_triggers.o \
	$(BUILD)/guest/basic_triggers.o \
	$(BUILD)/guest/calc.o \
	$(BUILD)/guest/census.o \
	$(BUILD)/guest/cmdline.o \
	$(BUILD)/guest/cpu.o \
	$(BUILD)/guest/exits.o \
	$(BUILD)/guest/fmt.o \
	$(BUILD)/guest/hold.o \
	$(BUILD)/guest/main.o \
	$(BUILD)/guest/measure.o \
	$(BUILD)/guest/mem.o \
	$(BUILD)/guest/pci.o \
	$(BUILD)/guest/power.o \
	$(BUILD)/guest/printf.o \
	$(BUILD)/guest/report.o \
	$(BUILD)/guest/samples.o \
	$(BUILD)/guest/serial.o \
	$(BUILD)/guest/smp.o \
	$(BUILD)/guest/stats.o \
	$(BUILD)/guest/sweep.o \
	$(BUILD)/guest/sys_triggers.o \
	$(BUILD)/guest/taskswitch.o \
	$(BUILD)/guest/timeline.o \
	$(BUILD)/guest/trap.o \
	$(BUILD)/guest/triggers.o

# exitstat: the host's view of VMs' exit statistics (tools/exitstat/).
EXITSTAT_OBJS := \
	$(BUILD)/host/es_json.o \
	$(BUILD)/host/es_list.o \
	$(BUILD)/host/es_main.o \
	$(BUILD)/host/es_options.o \
	$(BUILD)/host/es_sample.o \
	$(BUILD)/host/es_spread.o \
	$(BUILD)/host/es_table.o \
	$(BUILD)/host/es_vm.o \
	$(BUILD)/host/es_watch.o

# Host-side unit tests (cmocka): each test and the pure code it covers
# (guest/NAME.c as NAME, tools/exitstat/NAME.c as es_NAME), and the test
# helpers it shares with others (tests/unit/NAME.c, unit_aux_TEST).
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARNINGS) -Iinclude -Iguest -MMD -MP
UNIT_TESTS := fmt cmdline calc exits triggers mem sweep samples acpi fadt \
	exitstat exitstat_out exitstat_cli
UNIT_BINS  := $(UNIT_TESTS:%=$(BUILD)/tests/test_%)
unit_fmt      := fmt
unit_cmdline  := cmdline fmt
unit_calc     := calc
unit_exits    := exits fmt
unit_triggers := triggers exits fmt cpu apic calc apic_triggers \
	basic_triggers sys_triggers pci acpi
unit_mem      := mem
unit_sweep    := sweep exits fmt cpu
unit_samples  := samples exits fmt
unit_acpi     := acpi
unit_fadt     := acpi
unit_aux_acpi := acpi_fake
unit_aux_fadt := acpi_fake
unit_exitstat     := es_sample
unit_exitstat_out := es_table es_json es_spread es_sample es_vm
unit_exitstat_cli := es_options es_vm es_sample

.SECONDARY:
.PHONY: all iso run test unit integration bench lab soak compare report exitstat clean help

all: $(ELF) $(ELF32)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -c -o $@ $<

$(ELF): $(GUEST_OBJS) linker.ld
	$(LD) $(LDFLAGS) -o $@ $(GUEST_OBJS)

# qemu -kernel loads only ELF32 multiboot images.
$(ELF32): $(ELF)
	$(OBJCOPY) -O elf32-i386 $< $@

iso: $(ISO)

$(ISO): $(ELF) iso/boot/grub/grub.cfg
	rm -rf $(BUILD)/isodir
	mkdir -p $(BUILD)/isodir/boot/grub
	cp iso/boot/grub/grub.cfg $(BUILD)/isodir/boot/grub/
	cp $(ELF) $(BUILD)/isodir/boot/exit-probe.elf
	grub-mkrescue --quiet --fonts= --locales= --themes= \
		--install-modules="multiboot normal serial terminal echo" \
		-o $@ $(BUILD)/isodir 2>$(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

# run and test install their Debian packages first (scripts/install-deps).
run:
	scripts/install-deps guest
	$(MAKE) $(ISO) $(ELF32)
	scripts/run-probe --smp $(SMP) $(if $(CPU),--cpu "$(CPU)") \
		$(if $(ARGS),--append "$(ARGS)",--iso $(ISO))

$(BUILD)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

$(BUILD)/host/%.o: guest/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

$(BUILD)/host/es_%.o: tools/exitstat/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -O2 -c -o $@ $<

exitstat: $(EXITSTAT)

$(EXITSTAT): $(EXITSTAT_OBJS)
	$(HOSTCC) -o $@ $^

.SECONDEXPANSION:
$(BUILD)/tests/test_%: $(BUILD)/unit/test_%.o \
		$$(addprefix $(BUILD)/unit/,$$(addsuffix .o,$$(unit_aux_$$*))) \
		$$(addprefix $(BUILD)/host/,$$(addsuffix .o,$$(unit_$$*)))
	@mkdir -p $(@D)
	$(HOSTCC) -o $@ $^ -lcmocka

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do $$t || exit 1; done

integration: $(ISO) $(ELF32)
	tests/integration/run.sh

test:
	scripts/install-deps test
	tests/run-all

# The real patched KVM, nested under emulation (lab/README.md).
lab:
	scripts/install-deps guest
ifeq ($(filter $(MODE),probe linux),)
	@echo "make lab: MODE must be probe or linux, not '$(MODE)'" >&2; exit 2
endif
ifeq ($(VENDOR)-$(MODE),intel-linux)
	@echo "make lab: MODE=linux runs in the AMD lab only (VENDOR=amd)" >&2; exit 2
endif
ifeq ($(VENDOR),intel)
	lab/intel/run-intel-lab --line $(LINE) $(if $(ARGS),--append "$(ARGS)")
else ifeq ($(VENDOR),amd)
	lab/run-lab --line $(LINE) $(if $(filter linux,$(MODE)),--linux) \
		$(if $(ARGS),--append "$(ARGS)")
else
	@echo "make lab: VENDOR must be amd or intel, not '$(VENDOR)'" >&2; exit 2
endif

# The lab's reliability: RUNS boots of `make lab`'s probe, each verdict
# and time, then passes, hangs, failures and the median (lab/soak).
soak:
	scripts/install-deps guest
	lab/soak --line $(LINE) --runs $(RUNS)

# A Markdown report with charts from a probe log, or two side by side:
# make report LOG=a.log [LOG2=b.log]
report:
	@test -n "$(LOG)" || { echo "make report: give LOG=<probe serial log or exitstat recording>" >&2; exit 2; }
	scripts/install-deps test
	report/exit-report -o $(BUILD)/report $(LOG) $(LOG2)

bench:
	scripts/install-deps guest
	$(MAKE) $(ISO) $(ELF32)
	scripts/bench

clean:
	rm -rf $(BUILD)

# The same probe options on every kernel line, side by side (lab/compare):
# make compare [LINES="6.1 6.12"] [ARGS=...] [HOST=1]
compare:
	scripts/install-deps test
	lab/compare $(if $(ARGS),--append "$(ARGS)") $(if $(HOST),--host) $(LINES)

help:
	@echo "exit-probe targets:"
	@echo "  all          build $(ELF) and $(ELF32) (default)"
	@echo "  iso          build $(ISO) with grub-mkrescue"
	@echo "  run          boot the ISO under QEMU (KVM if /dev/kvm, else TCG);"
	@echo "               ARGS='triggers=cpuid,hlt iters=100' boots the -kernel"
	@echo "               image with those probe options instead; SMP=2 gives the VM"
	@echo "               two vCPUs (ARGS=parallel=all runs the triggers on both at"
	@echo "               once too), CPU=qemu64,+x2apic,+tsc-deadline a CPU model"
	@echo "  lab          the full probe report from the real patched KVM, nested"
	@echo "               under emulation: LINE=7.2|6.12|6.1 VENDOR=amd|intel ARGS=..."
	@echo "               (7.2: Debian sid's kernel, the primary line)"
	@echo "               MODE=linux: a Linux guest's boot census from the host"
	@echo "  soak         RUNS=$(RUNS) lab boots of the lab's probe (LINE=...): passes,"
	@echo "               hangs, failures, median time (a benchmark, not in test)"
	@echo "  compare      the same probe on every kernel line (LINES=\"$(LINES)\"), side"
	@echo "               by side: exits, costs, ratios, fastpath, a chart; HOST=1 adds"
	@echo "               the host-side view (lab/compare)"
	@echo "  report       Markdown and charts from a probe log or exitstat recording:"
	@echo "               LOG=file [LOG2=file]"
	@echo "  exitstat     build/exitstat: the host's view of VMs' exit statistics"
	@echo "  test         every test suite (tests/run-all): unit, integration,"
	@echo "               exitstat, host patch, report tool, a frozen lab noticed,"
	@echo "               SVM lab (7.2 in full, 6.12 and 6.1 backport scope),"
	@echo "               Intel lab (7.2)"
	@echo "  unit         host-side unit tests (cmocka)"
	@echo "  integration  boot the ISO and the -kernel image, check the serial output"
	@echo "  bench        print sizes, boot-to-SUMMARY times, guest cycles per trigger"
	@echo "  clean        remove build/"
	@echo "variables: CROSS_COMPILE=$(CROSS_COMPILE) ARGS=$(ARGS) SMP=$(SMP) CPU=$(CPU) LINE=$(LINE) VENDOR=$(VENDOR) MODE=$(MODE) RUNS=$(RUNS) LINES=\"$(LINES)\""

-include $(GUEST_OBJS:.o=.d) $(wildcard $(BUILD)/host/*.d $(BUILD)/unit/*.d)
