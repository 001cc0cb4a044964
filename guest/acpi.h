/* acpi.h: the firmware's ACPI tables: CPUs, PM timer and soft-off. */
#ifndef ACPI_H
#define ACPI_H

#include "layout.h"	/* CPUS_MAX: the MADT entries kept */
#include "types.h"

struct acpi_info {
	bool found;		/* an RSDP with a valid checksum was found */
	/*
	 * MADT: the enabled processors' APIC IDs in table order, without
	 * duplicates, at most CPUS_MAX; x2APIC entries (type 9) included,
	 * IDs 0xff (xAPIC broadcast) and 0xffffffff skipped.
	 */
	bool madt;		/* a MADT was found */
	u32 ncpus;
	u32 apic_id[CPUS_MAX];
	/*
	 * FADT: the PM timer is X_PM_TMR_BLK where that is a system I/O
	 * address other than 0, else PM_TMR_BLK.  A port above 0xffff
	 * reads as none.
	 */
	u16 pm_timer_port;	/* ACPI PM timer I/O port, 0: none */
	bool pm_timer_32bit;	/* FADT flag TMR_VAL_EXT */
	u16 pm1a_cnt;		/* PM1a control port, 0: none */
	u16 smi_cmd;		/* SMI command port, 0: none */
	u8 acpi_enable;		/* value for smi_cmd that enables ACPI */
	int s5_slp_typ;		/* SLP_TYPa of \_S5 in the DSDT, -1: none */
};

/*
 * Parse the tables reached from the RSDP at physical address rsdp; base
 * maps a physical address p to base + p (NULL in the guest: identity).
 * Return 0, or -1 with info->found false where no valid RSDP is there.
 */
int acpi_parse(u64 rsdp, const u8 *base, struct acpi_info *info);

/*
 * Physical address of the RSDP: the EBDA's first KiB, then
 * 0xe0000..0xfffff, on 16-byte boundaries, checksums checked; 0 if none.
 * base as for acpi_parse().
 */
u64 acpi_find_rsdp(const u8 *base);

#endif /* ACPI_H */
