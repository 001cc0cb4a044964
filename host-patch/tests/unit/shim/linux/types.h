/* types.h: the kernel's integer types, for building KVM code in userspace. */
#ifndef SHIM_LINUX_TYPES_H
#define SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;	/* as the kernel's: printed with %llu */

#define __aligned(x)	__attribute__((aligned(x)))

#endif
