/* mem.c: read the multiboot memory map and pick the memory triggers' ranges. */
#include "mem.h"
#include "multiboot.h"

#define MEM_RANGES_MAX	32
#define FOUR_GIB	(4ull << 30)	/* the probe maps the low 4 GiB only */

void mem_pick(const struct mem_range *r, u32 n, u64 image_end,
	      struct mem_layout *out)
{
	u64 floor = align_up(image_end > FRESH_FLOOR ? image_end : FRESH_FLOOR,
			     HUGE_SIZE);
	u32 i;

	out->fresh_start = 0;
	out->fresh_len = 0;
	out->mmio = MMIO_UNBACKED;
	for (i = 0; i < n; i++) {
		u64 start = r[i].addr, end = r[i].addr + r[i].len;

		if (MMIO_UNBACKED + PAGE_SIZE > start && MMIO_UNBACKED < end)
			out->mmio = 0;
		if (!r[i].ram)
			continue;
		if (end > FOUR_GIB)
			end = FOUR_GIB;
		start = align_up(start > floor ? start : floor, HUGE_SIZE);
		if (end > start && end - start > out->fresh_len) {
			out->fresh_start = start;
			out->fresh_len = (end - start) & ~(PAGE_SIZE - 1);
		}
	}
}

bool mem_init(const void *multiboot_info, u64 image_end,
	      struct mem_layout *out)
{
	const struct multiboot_info *mbi = multiboot_info;
	struct mem_range r[MEM_RANGES_MAX];
	u64 p, end;
	u32 n = 0;

	if (!(mbi->flags & MULTIBOOT_INFO_MMAP)) {
		mem_pick(NULL, 0, image_end, out);
		out->mmio = 0;
		return false;
	}
	p = mbi->mmap_addr;
	end = p + mbi->mmap_length;
	while (p < end && n < MEM_RANGES_MAX) {
		const struct multiboot_mmap_entry *e = (const void *)p;

		r[n].addr = e->addr;
		r[n].len = e->len;
		r[n].ram = e->type == MULTIBOOT_MEMORY_AVAILABLE;
		n++;
		p += e->size + sizeof(e->size);
	}
	mem_pick(r, n, image_end, out);
	return true;
}
