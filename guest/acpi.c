/* acpi.c: find and check the ACPI tables; read CPUs, PM timer and \_S5. */
#include "acpi.h"

#define BDA_EBDA_SEG	0x40e	/* BIOS data area: u16 EBDA segment */
#define EBDA_SCAN_LEN	1024	/* the EBDA's first KiB */
#define LOW_RAM_END	0xa0000	/* the EBDA lies below this */
#define BIOS_ROM_START	0xe0000
#define BIOS_ROM_END	0x100000
#define RSDP_ALIGN	16	/* the RSDP sits on a 16-byte boundary */
#define PHYS_END	(1ull << 32)	/* the guest identity-maps 4 GiB */

#define RSDP_REV	15	/* u8 revision: 0 (ACPI 1.0) or 2 and up */
#define RSDP_RSDT	16	/* u32 RSDT address */
#define RSDP_V1_LEN	20	/* bytes the first checksum covers */
#define RSDP_LEN	20	/* u32 length of the whole RSDP (rev >= 2) */
#define RSDP_XSDT	24	/* u64 XSDT address */
#define RSDP_V2_LEN	36	/* size of a rev 2 RSDP */
#define RSDP_LEN_MAX	256	/* longer ones are taken as corrupt */
#define RSDP_REV_XSDT	2	/* first revision with an XSDT */

#define SDT_LEN		4	/* u32 length, header included */
#define SDT_HDR_LEN	36	/* standard table header */
#define SDT_LEN_MAX	(1u << 20)	/* longer tables are taken as corrupt */
#define SDT_ENTRIES_MAX	64	/* RSDT or XSDT entries looked at */

#define MADT_ENTRIES	44	/* first interrupt controller structure */
#define MADT_TYPE	0	/* u8 entry type */
#define MADT_ELEN	1	/* u8 entry length */
#define MADT_LAPIC	0	/* type: Processor Local APIC */
#define MADT_LAPIC_ID	3	/* u8 APIC ID */
#define MADT_LAPIC_FLAGS 4	/* u32 flags */
#define MADT_LAPIC_LEN	8
#define MADT_X2APIC	9	/* type: Processor Local x2APIC */
#define MADT_X2APIC_ID	4	/* u32 x2APIC ID */
#define MADT_X2APIC_FLAGS 8	/* u32 flags */
#define MADT_X2APIC_LEN	16
#define MADT_ENABLED	(1u << 0)	/* processor usable now */
#define APIC_ID_BCAST	0xff	/* xAPIC broadcast, no CPU's ID */
#define X2APIC_ID_BCAST	0xffffffffu	/* x2APIC broadcast */

#define FADT_DSDT	40	/* u32 DSDT address */
#define FADT_SMI_CMD	48	/* u32 SMI command port */
#define FADT_ACPI_EN	52	/* u8 value that enables ACPI */
#define FADT_PM1A_CNT	64	/* u32 PM1a control block port */
#define FADT_PM_TMR	76	/* u32 PM timer block port */
#define FADT_FLAGS	112	/* u32 fixed feature flags */
#define FADT_TMR_VAL_EXT (1u << 8)	/* the PM timer counts 32 bits */
#define FADT_X_DSDT	140	/* u64 DSDT address */
#define FADT_X_PM_TMR	208	/* GAS of the PM timer block */
#define GAS_SPACE	0	/* u8 address space ID */
#define GAS_ADDR	4	/* u64 address */
#define GAS_LEN		12
#define GAS_SYSTEM_IO	1	/* address space: I/O ports */
#define IO_PORT_MAX	0xffff

#define AML_NAME_OP	0x08
#define AML_ROOT_CHAR	0x5c	/* '\' before a name */
#define AML_PACKAGE_OP	0x12
#define AML_PKGLEN_BYTES(b)	((b) >> 6)	/* more PkgLength bytes */
#define AML_ZERO_OP	0x00
#define AML_ONE_OP	0x01
#define AML_BYTE_PREFIX	0x0a

static const u8 *phys(const u8 *base, u64 p)
{
	return (const u8 *)((uintptr_t)base + p);
}

static bool sig_eq(const u8 *p, const char *sig, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (p[i] != (u8)sig[i])
			return false;
	return true;
}

static u8 sum8(const u8 *p, u32 n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

static u16 read16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 read32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u64 read64(const u8 *p)
{
	return read32(p) | (u64)read32(p + 4) << 32;
}

/* The field at off of a table len bytes long, 0 where the table ends first. */
static u32 field32(const u8 *t, u32 len, u32 off)
{
	return off + 4 <= len ? read32(t + off) : 0;
}

static u64 field64(const u8 *t, u32 len, u32 off)
{
	return off + 8 <= len ? read64(t + off) : 0;
}

static u16 io_port(u64 v)
{
	return v <= IO_PORT_MAX ? (u16)v : 0;
}

/* The RSDP at p if its signature, checksums and length hold, else NULL. */
static const u8 *rsdp_at(const u8 *base, u64 p)
{
	const u8 *r;
	u32 len;

	if (!p || p > PHYS_END - RSDP_LEN_MAX)
		return NULL;
	r = phys(base, p);
	if (!sig_eq(r, "RSD PTR ", 8) || sum8(r, RSDP_V1_LEN))
		return NULL;
	if (r[RSDP_REV] < RSDP_REV_XSDT)
		return r;
	len = read32(r + RSDP_LEN);
	if (len < RSDP_V2_LEN || len > RSDP_LEN_MAX || sum8(r, len))
		return NULL;
	return r;
}

/* The table at p if its bounds, signature (unless NULL) and checksum hold. */
static const u8 *sdt_at(const u8 *base, u64 p, const char *sig)
{
	const u8 *t;
	u32 len;

	if (!p || p > PHYS_END - SDT_HDR_LEN)
		return NULL;
	t = phys(base, p);
	len = read32(t + SDT_LEN);
	if (len < SDT_HDR_LEN || len > SDT_LEN_MAX || p + len > PHYS_END)
		return NULL;
	if ((sig && !sig_eq(t, sig, 4)) || sum8(t, len))
		return NULL;
	return t;
}

/* The first valid table sig listed in root, an XSDT if wide, else RSDT. */
static const u8 *find_table(const u8 *base, const u8 *root, bool wide,
			    const char *sig)
{
	u32 esize = wide ? 8 : 4;
	u32 n = (read32(root + SDT_LEN) - SDT_HDR_LEN) / esize, i;
	const u8 *t;

	if (n > SDT_ENTRIES_MAX)
		n = SDT_ENTRIES_MAX;
	for (i = 0; i < n; i++) {
		const u8 *e = root + SDT_HDR_LEN + i * esize;

		t = sdt_at(base, wide ? read64(e) : read32(e), sig);
		if (t)
			return t;
	}
	return NULL;
}

/* Keep an enabled processor's ID unless broadcast, known or one too many. */
static void add_cpu(struct acpi_info *info, u32 id, u32 flags, u32 bcast)
{
	u32 i;

	if (!(flags & MADT_ENABLED) || id == bcast || info->ncpus == CPUS_MAX)
		return;
	for (i = 0; i < info->ncpus; i++)
		if (info->apic_id[i] == id)
			return;
	info->apic_id[info->ncpus++] = id;
}

static void parse_madt(const u8 *madt, struct acpi_info *info)
{
	u32 len = read32(madt + SDT_LEN), off = MADT_ENTRIES;

	info->madt = true;
	while (off + 2 <= len) {
		const u8 *e = madt + off;
		u32 elen = e[MADT_ELEN];

		if (elen < 2 || off + elen > len)
			break;
		if (e[MADT_TYPE] == MADT_LAPIC && elen >= MADT_LAPIC_LEN)
			add_cpu(info, e[MADT_LAPIC_ID],
				read32(e + MADT_LAPIC_FLAGS), APIC_ID_BCAST);
		else if (e[MADT_TYPE] == MADT_X2APIC &&
			 elen >= MADT_X2APIC_LEN)
			add_cpu(info, read32(e + MADT_X2APIC_ID),
				read32(e + MADT_X2APIC_FLAGS), X2APIC_ID_BCAST);
		off += elen;
	}
}

/* SLP_TYPa from the DSDT's \_S5 package, or -1 where it is not found. */
static int s5_sleep_type(const u8 *dsdt)
{
	u32 len = read32(dsdt + SDT_LEN), i, j;

	for (i = SDT_HDR_LEN; i + 6 <= len; i++) {
		j = i;
		if (dsdt[j++] != AML_NAME_OP)
			continue;
		if (dsdt[j] == AML_ROOT_CHAR)
			j++;
		if (j + 6 > len || !sig_eq(dsdt + j, "_S5_", 4) ||
		    dsdt[j + 4] != AML_PACKAGE_OP)
			continue;
		j += 5;
		j += 1 + AML_PKGLEN_BYTES(dsdt[j]) + 1;	/* PkgLength, count */
		if (j >= len)
			return -1;
		if (dsdt[j] == AML_BYTE_PREFIX)
			return j + 1 < len ? dsdt[j + 1] : -1;
		if (dsdt[j] == AML_ONE_OP)
			return 1;
		return dsdt[j] == AML_ZERO_OP ? 0 : -1;
	}
	return -1;
}

static void parse_fadt(const u8 *base, const u8 *fadt, struct acpi_info *info)
{
	u32 len = read32(fadt + SDT_LEN);
	u64 dsdt = field64(fadt, len, FADT_X_DSDT);
	const u8 *gas = fadt + FADT_X_PM_TMR, *t;
	u16 x_tmr = 0;

	info->smi_cmd = io_port(field32(fadt, len, FADT_SMI_CMD));
	info->acpi_enable = FADT_ACPI_EN < len ? fadt[FADT_ACPI_EN] : 0;
	info->pm1a_cnt = io_port(field32(fadt, len, FADT_PM1A_CNT));
	info->pm_timer_32bit = field32(fadt, len, FADT_FLAGS) &
			       FADT_TMR_VAL_EXT;
	if (FADT_X_PM_TMR + GAS_LEN <= len && gas[GAS_SPACE] == GAS_SYSTEM_IO)
		x_tmr = io_port(read64(gas + GAS_ADDR));
	info->pm_timer_port = x_tmr ? x_tmr :
			      io_port(field32(fadt, len, FADT_PM_TMR));
	if (!dsdt)
		dsdt = field32(fadt, len, FADT_DSDT);
	t = sdt_at(base, dsdt, "DSDT");
	if (t)
		info->s5_slp_typ = s5_sleep_type(t);
}

static void clear(struct acpi_info *info)
{
	u32 i;

	info->found = false;
	info->madt = false;
	info->ncpus = 0;
	for (i = 0; i < CPUS_MAX; i++)
		info->apic_id[i] = 0;
	info->pm_timer_port = 0;
	info->pm_timer_32bit = false;
	info->pm1a_cnt = 0;
	info->smi_cmd = 0;
	info->acpi_enable = 0;
	info->s5_slp_typ = -1;
}

int acpi_parse(u64 rsdp, const u8 *base, struct acpi_info *info)
{
	const u8 *r = rsdp_at(base, rsdp), *root = NULL, *t;
	bool wide = false;

	clear(info);
	if (!r)
		return -1;
	info->found = true;
	if (r[RSDP_REV] >= RSDP_REV_XSDT) {
		root = sdt_at(base, read64(r + RSDP_XSDT), "XSDT");
		wide = root != NULL;
	}
	if (!root)
		root = sdt_at(base, read32(r + RSDP_RSDT), "RSDT");
	if (!root)
		return 0;
	t = find_table(base, root, wide, "APIC");
	if (t)
		parse_madt(t, info);
	t = find_table(base, root, wide, "FACP");
	if (t)
		parse_fadt(base, t, info);
	return 0;
}

static u64 scan(const u8 *base, u64 start, u64 end)
{
	u64 p;

	for (p = start; p + RSDP_V1_LEN <= end; p += RSDP_ALIGN)
		if (rsdp_at(base, p))
			return p;
	return 0;
}

u64 acpi_find_rsdp(const u8 *base)
{
	u64 ebda = (u64)read16(phys(base, BDA_EBDA_SEG)) << 4, p = 0;

	if (ebda && ebda + EBDA_SCAN_LEN <= LOW_RAM_END)
		p = scan(base, ebda, ebda + EBDA_SCAN_LEN);
	return p ? p : scan(base, BIOS_ROM_START, BIOS_ROM_END);
}
