/* pci.c: QEMU's pci-testdev (1b36:0005), found by a scan of bus 0. */
#include "pci.h"
#include "x86.h"

#define PCI_CONFIG_ADDR	0xcf8	/* configuration address port */
#define PCI_CONFIG_DATA	0xcfc	/* configuration data port */
#define PCI_ENABLE	(1u << 31)	/* configuration cycle enable */
#define PCI_SLOTS	32
#define PCI_ID		0x00	/* vendor and device ID */
#define PCI_COMMAND	0x04
#define PCI_CMD_IO	(1u << 0)	/* respond to I/O space */
#define PCI_CMD_MEM	(1u << 1)	/* respond to memory space */
#define PCI_BAR0	0x10
#define PCI_BAR1	0x14
#define BAR_IO		(1u << 0)	/* I/O space BAR */
#define BAR_IO_MASK	0xfffffffcu
#define BAR_MEM_MASK	0xfffffff0u
#define TESTDEV_ID	0x00051b36u	/* Red Hat, PCI test device */

/*
 * The device's register block: write a test's index to `test`, then the
 * header describes it; a write of `data` at `offset` is what it counts.
 */
#define HDR_TEST	0	/* u8: select the test */
#define HDR_WIDTH	1	/* u8: access width of the test */
#define HDR_OFFSET	4	/* u32: where the test's write goes */
#define HDR_DATA	8	/* u32: what it writes */
#define TEST_NO_EVENTFD	0	/* the first test: handled by QEMU */

static u32 config_read(u32 slot, u32 reg)
{
	outl(PCI_CONFIG_ADDR, PCI_ENABLE | slot << 11 | reg);
	return inl(PCI_CONFIG_DATA);
}

static void config_write(u32 slot, u32 reg, u32 v)
{
	outl(PCI_CONFIG_ADDR, PCI_ENABLE | slot << 11 | reg);
	outl(PCI_CONFIG_DATA, v);
}

static u8 reg_read8(u64 base, bool io, u32 off)
{
	return io ? inb((u16)(base + off)) : mmio_read8(base + off);
}

static u32 reg_read32(u64 base, bool io, u32 off)
{
	return io ? inl((u16)(base + off)) : mmio_read32(base + off);
}

/* Select the first test in one BAR and read where its write goes. */
static bool test_of(u64 base, bool io, struct pci_test *t)
{
	if (io)
		outb((u16)(base + HDR_TEST), TEST_NO_EVENTFD);
	else
		mmio_write8(base + HDR_TEST, TEST_NO_EVENTFD);
	t->width = reg_read8(base, io, HDR_WIDTH);
	t->addr = base + reg_read32(base, io, HDR_OFFSET);
	t->data = reg_read32(base, io, HDR_DATA);
	return t->width == 1 || t->width == 2 || t->width == 4;
}

void pci_testdev_find(struct pci_testdev *d)
{
	u32 slot, bar0, bar1;

	d->found = false;
	for (slot = 0; slot < PCI_SLOTS; slot++)
		if (config_read(slot, PCI_ID) == TESTDEV_ID)
			break;
	if (slot == PCI_SLOTS)
		return;
	bar0 = config_read(slot, PCI_BAR0);
	bar1 = config_read(slot, PCI_BAR1);
	if ((bar0 & BAR_IO) || !(bar0 & BAR_MEM_MASK) || !(bar1 & BAR_IO) ||
	    !(bar1 & BAR_IO_MASK))
		return;
	config_write(slot, PCI_COMMAND, config_read(slot, PCI_COMMAND) |
		     PCI_CMD_IO | PCI_CMD_MEM);
	d->found = test_of(bar0 & BAR_MEM_MASK, false, &d->mem) &&
		   test_of(bar1 & BAR_IO_MASK, true, &d->io);
}
