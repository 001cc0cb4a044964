/* export.h: symbol exports mean nothing outside the kernel. */
#ifndef SHIM_LINUX_EXPORT_H
#define SHIM_LINUX_EXPORT_H

#define EXPORT_SYMBOL_GPL(sym)

#endif
