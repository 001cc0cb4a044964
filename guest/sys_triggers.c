/*
 * sys_triggers.c: the exits of kvm-unit-tests' x86/vmexit that are one
 * instruction: MSR and control-register accesses, port I/O to KVM and
 * to QEMU, and the writes that QEMU's pci-testdev counts.
 */
#include "acpi.h"
#include "cpu.h"
#include "pci.h"
#include "sys_triggers.h"
#include "trap.h"
#include "x86.h"

#define PORT_UNUSED	0x1234	/* no device: QEMU answers all ones */
#define PORT_ELCR1	0x4d0	/* edge/level control, KVM's PIC */
#define ARCH_CAPS_TSX_CTRL (1ull << 7)	/* IA32_TSX_CTRL exists */
#define SPEC_CTRL_IBRS	1ull
#define PRED_CMD_IBPB	1ull

static struct acpi_info acpi;
static struct pci_testdev testdev;
static u64 tsx_ctrl, tsc_adjust, cr0_val, cr4_val;
static bool tsx_ctrl_ok, tsc_adjust_ok;
static u8 elcr;

void cr8_read_run(void)
{
	read_cr8();
}

void cr8_write_run(void)
{
	write_cr8(0);
}

void pmtimer_run(void)
{
	inl(acpi.pm_timer_port);
}

void inl_qemu_run(void)
{
	inl(PORT_UNUSED);
}

void elcr_in_run(void)
{
	inb(PORT_ELCR1);
}

void elcr_out_run(void)
{
	outb(PORT_ELCR1, elcr);
}

void wr_gs_base_run(void)
{
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

void wr_tsx_ctrl_run(void)
{
	wrmsr(MSR_IA32_TSX_CTRL, tsx_ctrl);
}

void wr_ibrs_run(void)
{
	wrmsr(MSR_IA32_SPEC_CTRL, SPEC_CTRL_IBRS);
	wrmsr(MSR_IA32_SPEC_CTRL, 0);
}

void wr_ibpb_run(void)
{
	wrmsr(MSR_IA32_PRED_CMD, PRED_CMD_IBPB);
}

void wr_tsc_adj_run(void)
{
	wrmsr(MSR_IA32_TSC_ADJUST, tsc_adjust);
}

void rd_tsc_adj_run(void)
{
	rdmsr(MSR_IA32_TSC_ADJUST);
}

void cr0_wp_run(void)
{
	write_cr0(cr0_val ^ X86_CR0_WP);
	write_cr0(cr0_val);
}

void cr4_pge_run(void)
{
	write_cr4(cr4_val ^ X86_CR4_PGE);
	write_cr4(cr4_val);
}

static void pci_write(const struct pci_test *t, bool io)
{
	if (io && t->width == 1)
		outb((u16)t->addr, (u8)t->data);
	else if (io && t->width == 2)
		outw((u16)t->addr, (u16)t->data);
	else if (io)
		outl((u16)t->addr, t->data);
	else if (t->width == 1)
		mmio_write8(t->addr, (u8)t->data);
	else if (t->width == 2)
		mmio_write16(t->addr, (u16)t->data);
	else
		mmio_write32(t->addr, t->data);
}

void pci_mem_run(void)
{
	pci_write(&testdev.mem, false);
}

void pci_io_run(void)
{
	pci_write(&testdev.io, true);
}

const char *no_pm_timer(void)
{
	return acpi.pm_timer_port ? NULL : "no ACPI PM timer in the FADT";
}

const char *no_tsx_ctrl(void)
{
	return tsx_ctrl_ok ? NULL :
	       "the CPU does not report IA32_TSX_CTRL (ARCH_CAPABILITIES bit 7)";
}

const char *no_ibrs(void)
{
	return cpu.ibrs ? NULL : "the CPU does not report IBRS (SPEC_CTRL)";
}

const char *no_ibpb(void)
{
	return cpu.ibpb ? NULL : "the CPU does not report IBPB";
}

const char *no_tsc_adjust(void)
{
	return tsc_adjust_ok ? NULL : "the CPU does not report IA32_TSC_ADJUST";
}

const char *no_pci_testdev(void)
{
	return testdev.found ? NULL :
	       "no pci-testdev (QEMU: -device pci-testdev)";
}

void sys_cr_enter(void)
{
	cr0_val = read_cr0();
	cr4_val = read_cr4();
}

static void read_tsx_ctrl(void *unused)
{
	(void)unused;
	if (rdmsr(MSR_IA32_ARCH_CAPS) & ARCH_CAPS_TSX_CTRL) {
		tsx_ctrl = rdmsr(MSR_IA32_TSX_CTRL);
		tsx_ctrl_ok = true;
	}
}

static void read_tsc_adjust(void *unused)
{
	(void)unused;
	tsc_adjust = rdmsr(MSR_IA32_TSC_ADJUST);
	tsc_adjust_ok = true;
}

void sys_triggers_init(void)
{
	u64 rsdp = acpi_find_rsdp(NULL);

	if (!rsdp || acpi_parse(rsdp, NULL, &acpi))
		acpi.pm_timer_port = 0;
	pci_testdev_find(&testdev);
	elcr = inb(PORT_ELCR1);
	if (cpu.arch_caps)
		try_call(read_tsx_ctrl, NULL);
	if (cpu.tsc_adjust)
		try_call(read_tsc_adjust, NULL);
}
