/* mem.h: where the memory triggers may touch fresh RAM and unbacked MMIO. */
#ifndef MEM_H
#define MEM_H

#include "types.h"

#define PAGE_SIZE	4096ull
#define HUGE_SIZE	(2ull << 20)
#define MMIO_UNBACKED	0xc0000000ull	/* in the PCI hole of a small VM */
#define FRESH_FLOOR	(16ull << 20)	/* leave the boot loader's area alone */

/* v rounded up to a multiple of a, a power of two. */
static inline u64 align_up(u64 v, u64 a)
{
	return (v + a - 1) & ~(a - 1);
}

struct mem_range {
	u64 addr, len;
	bool ram;
};

struct mem_layout {
	u64 fresh_start;	/* first untouched page, 2 MiB aligned */
	u64 fresh_len;
	u64 mmio;		/* an unbacked address, or 0 */
};

/* Choose the layout from the firmware's map; pure, for host tests. */
void mem_pick(const struct mem_range *r, u32 n, u64 image_end,
	      struct mem_layout *out);

/* Fill the layout from a multiboot memory map; false if it has none. */
bool mem_init(const void *multiboot_info, u64 image_end,
	      struct mem_layout *out);

#endif /* MEM_H */
