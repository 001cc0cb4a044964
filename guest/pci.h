/* pci.h: find QEMU's pci-testdev and name the register its tests write. */
#ifndef PCI_H
#define PCI_H

#include "types.h"

/* One write that the device counts: data of width bytes at addr. */
struct pci_test {
	u64 addr;	/* MMIO address or I/O port */
	u32 data;
	u8 width;	/* 1, 2 or 4 */
};

struct pci_testdev {
	bool found;
	struct pci_test mem, io;	/* BAR 0 and BAR 1 */
};

/* Scan bus 0 for the device (config cycles: I/O exits) and fill d. */
void pci_testdev_find(struct pci_testdev *d);

#endif /* PCI_H */
