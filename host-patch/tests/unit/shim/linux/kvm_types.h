/* kvm_types.h: KVM's exports to its vendor modules mean nothing here. */
#ifndef SHIM_LINUX_KVM_TYPES_H
#define SHIM_LINUX_KVM_TYPES_H

#define EXPORT_SYMBOL_FOR_KVM_INTERNAL(sym)

#endif
