/* compiler.h: READ_ONCE(), as exit_stats.c uses it. */
#ifndef SHIM_LINUX_COMPILER_H
#define SHIM_LINUX_COMPILER_H

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))

#endif
